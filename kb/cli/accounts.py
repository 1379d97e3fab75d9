"""Commands for accounts: user (add, list, set, passwd, remove), token (create, list, revoke), audit.

A password is read from a prompt (twice) or, when standard input is not a terminal, from its first
line; never from an argument, where other users of the machine could read it."""

from __future__ import annotations

import getpass
import json
import sys

from ingest.messages import say
from kb.access import ROLES
from kb.cli.common import open_kb
from kb.errors import KbError


def read_password(confirm: bool = True) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(say("cli.password") + " ")
    if confirm and getpass.getpass(say("cli.password_again") + " ") != password:
        raise KbError("account.passwords_differ")
    return password


def _groups(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(g.strip() for g in text.split(",") if g.strip())


def cmd_user_add(args) -> int:
    kb = open_kb(args)
    user = kb.accounts.add(args.name, args.role, read_password(), _groups(args.groups) or ())
    print(say("cli.user_added", name=user.name, role=user.role, groups=", ".join(user.groups) or "—"))
    return 0


def cmd_user_list(args) -> int:
    users = open_kb(args).accounts.users()
    if args.json:
        print(json.dumps([u.as_json() for u in users], ensure_ascii=False, indent=2))
        return 0
    if not users:
        print(say("cli.no_users"))
    for u in users:
        print(f"{u.name:<24} {u.role:<7} {', '.join(u.groups) or '—':<30} {u.created}")
    return 0


def cmd_user_set(args) -> int:
    if args.role is None and args.groups is None:
        raise KbError("account.nothing_to_change")
    user = open_kb(args).accounts.change(args.name, args.role, _groups(args.groups))
    print(say("cli.user_changed", name=user.name, role=user.role, groups=", ".join(user.groups) or "—"))
    return 0


def cmd_user_passwd(args) -> int:
    open_kb(args).accounts.set_password(args.name, read_password())
    print(say("cli.password_set", name=args.name))
    return 0


def cmd_user_remove(args) -> int:
    user = open_kb(args).accounts.remove(args.name)
    print(say("cli.user_removed", name=user.name))
    return 0


def cmd_token_create(args) -> int:
    token, secret = open_kb(args).accounts.create_token(args.name, args.label or "")
    print(secret)
    print(say("cli.token_created", id=token.id, name=token.user), file=sys.stderr)
    return 0


def cmd_token_list(args) -> int:
    tokens = open_kb(args).accounts.tokens(args.name)
    if args.json:
        print(json.dumps([t.as_json() for t in tokens], ensure_ascii=False, indent=2))
        return 0
    if not tokens:
        print(say("cli.no_tokens"))
    for t in tokens:
        state = say("cli.token_revoked", when=t.revoked) if t.revoked else say("cli.token_live")
        print(f"{t.id:>4} {t.user:<20} {t.prefix}…  {t.label[:30]:<30} {t.created}  {state}")
    return 0


def cmd_token_revoke(args) -> int:
    token = open_kb(args).accounts.revoke_token(args.id)
    print(say("cli.token_revoked_now", id=token.id, name=token.user))
    return 0


def cmd_audit(args) -> int:
    entries = open_kb(args).audit(args.after, args.limit)
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print(say("cli.no_audit"))
    for e in entries:
        details = json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""
        print(f"{e.id:>6} {e.at} {e.actor:<20} {e.action:<15} {e.document} {details}".rstrip())
    return 0


def register(sub) -> None:
    """The subcommands of this module."""
    user = sub.add_parser("user", help=say("cli.help.user")).add_subparsers(dest="user_command", required=True)
    s = user.add_parser("add", help=say("cli.help.user_add"))
    s.add_argument("name")
    s.add_argument("--role", choices=ROLES, required=True)
    s.add_argument("--groups", help=say("cli.help.groups"))
    s.set_defaults(func=cmd_user_add)
    s = user.add_parser("list", help=say("cli.help.user_list"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_user_list)
    s = user.add_parser("set", help=say("cli.help.user_set"))
    s.add_argument("name")
    s.add_argument("--role", choices=ROLES)
    s.add_argument("--groups", help=say("cli.help.groups"))
    s.set_defaults(func=cmd_user_set)
    s = user.add_parser("passwd", help=say("cli.help.user_passwd"))
    s.add_argument("name")
    s.set_defaults(func=cmd_user_passwd)
    s = user.add_parser("remove", help=say("cli.help.user_remove"))
    s.add_argument("name")
    s.set_defaults(func=cmd_user_remove)

    token = sub.add_parser("token", help=say("cli.help.token")).add_subparsers(dest="token_command", required=True)
    s = token.add_parser("create", help=say("cli.help.token_create"))
    s.add_argument("name")
    s.add_argument("--label", help=say("cli.help.token_label"))
    s.set_defaults(func=cmd_token_create)
    s = token.add_parser("list", help=say("cli.help.token_list"))
    s.add_argument("name", nargs="?")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_token_list)
    s = token.add_parser("revoke", help=say("cli.help.token_revoke"))
    s.add_argument("id", type=int)
    s.set_defaults(func=cmd_token_revoke)

    s = sub.add_parser("audit", help=say("cli.help.audit"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--after", type=int, default=0, metavar="N", help=say("cli.help.audit_after"))
    s.add_argument("--limit", type=int, metavar="N")
    s.set_defaults(func=cmd_audit)
