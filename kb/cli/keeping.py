"""Commands that keep a knowledge base: trash (list, restore, empty), access, backup, restore, serve."""

from __future__ import annotations

import json

from ingest.messages import say
from kb.cli.common import access_of, open_kb
from kb.errors import KbError
from kb.home import default_home
from kb.records import LEVELS, Access


def cmd_trash(args) -> int:
    kb = open_kb(args)
    if args.action == "restore":
        if not args.key:
            raise KbError("trash.which")
        doc = kb.restore(args.key)
        print(say("cli.restored", name=doc.name, chunks=doc.chunks))
        return 0
    if args.action == "empty":
        gone = kb.purge(args.key)
        print(say("cli.purged", n=len(gone)))
        return 0
    items = kb.trashed()
    if args.json:
        print(json.dumps([t.as_json() for t in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(say("cli.trash_empty"))
    for t in items:
        print(f"{t.id:>4} {t.doc.name[:40]:<40} {t.doc.chunks:>5} chunks  {t.trashed}  {t.by}")
    return 0


def cmd_access(args) -> int:
    doc = open_kb(args).set_access(args.file, access_of(args.level, args.groups) or Access())
    print(say("cli.access_set", name=doc.name, level=doc.access.level, groups=", ".join(doc.access.groups) or "—"))
    return 0


def cmd_backup(args) -> int:
    from kb.backup import backup

    report = backup(open_kb(args), args.dest)
    for problem in report.problems:
        print(f"{say('check.tag.problem')} {problem}")
    print(
        say(
            "cli.backup_done",
            dest=str(report.folder),
            documents=report.documents,
            trashed=report.trashed,
            files=report.files,
            mb=f"{report.bytes / 2**20:.1f}",
            audit=report.audit,
        )
    )
    return 1 if report.problems else 0


def cmd_restore(args) -> int:
    from kb.backup import restore
    from kb.cli.documents import check

    home = args.into or args.home or str(default_home())
    report = restore(args.src, home)
    code, lines = check(home, args.model)
    print("\n".join(lines))
    print(say("cli.restore_done", home=home, documents=report.documents, files=report.files))
    return code


def cmd_serve(args) -> int:
    import uvicorn

    from kb.api import create_app

    uvicorn.run(create_app(args.home), host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def register(sub) -> None:
    """The subcommands of this module."""
    s = sub.add_parser("trash", help=say("cli.help.trash"))
    s.add_argument("action", nargs="?", choices=("list", "restore", "empty"), default="list")
    s.add_argument("key", nargs="?", help=say("cli.help.trash_key"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_trash)

    s = sub.add_parser("access", help=say("cli.help.access"))
    s.add_argument("file", help=say("cli.help.file"))
    s.add_argument("level", choices=LEVELS)
    s.add_argument("--groups", help=say("cli.help.groups"))
    s.set_defaults(func=cmd_access)

    s = sub.add_parser("backup", help=say("cli.help.backup"))
    s.add_argument("dest")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help=say("cli.help.restore"))
    s.add_argument("src")
    s.add_argument("--home", dest="into", help=say("cli.help.restore_home"))
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("serve", help=say("cli.help.serve"))
    s.add_argument("--host", default="127.0.0.1", help=say("cli.help.host"))
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
