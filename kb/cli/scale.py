"""Commands for other engines: migrate (the embedded default ↔ PostgreSQL and Milvus)."""

from __future__ import annotations

from ingest.messages import say
from kb.cli.common import open_kb
from kb.migrate import lines
from kb.store import EMBEDDED, SQLITE, Backends


def cmd_migrate(args) -> int:
    kb = open_kb(args)
    try:
        report = kb.migrate(Backends(store=args.to_store or EMBEDDED, catalog=args.to_catalog or SQLITE))
    finally:
        kb.close()
    print("\n".join(lines(report)))
    return 0 if report.passed else 1


def register(sub) -> None:
    """The subcommands of this module."""
    s = sub.add_parser("migrate", help=say("cli.help.migrate"))
    s.add_argument("--to-store", metavar="STORE", help=say("cli.help.to_store"))
    s.add_argument("--to-catalog", metavar="CATALOG", help=say("cli.help.to_catalog"))
    s.set_defaults(func=cmd_migrate)
