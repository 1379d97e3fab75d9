"""The `kb` command. One module per group of subcommands, each with a `register(sub)`."""

from __future__ import annotations

import argparse
import os
import sys

from ingest.messages import say
from kb.cli import accounts, brief, documents, keeping, reading, scale
from kb.errors import KbError

GROUPS = [documents, reading, brief, accounts, keeping, scale]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description=say("cli.help.kb"))
    p.add_argument("--home", help=say("cli.help.home"))
    p.add_argument(
        "--model",
        help=say("cli.help.model"),
    )
    p.add_argument("--user", help=say("cli.help.user_option"))
    sub = p.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader that has gone (`| head`) shows here, not as an error at exit
        return code
    except KbError as e:
        print(f"{say('cli.error')}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(say("cli.interrupted"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `kb search ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
