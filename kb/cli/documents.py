"""Commands that add, list, correct, remove and check documents: ingest, docs, correct, remove, reindex,
check, stats."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ingest.messages import say
from kb.cli.common import access_of, open_kb, progress_bar
from kb.errors import KbError
from kb.home import default_home
from kb.knowledge import KnowledgeBase
from kb.records import LEVELS
from kb.store import exists


def cmd_ingest(args) -> int:
    kb = open_kb(args)
    report = kb.ingest(
        args.paths,
        progress=progress_bar(),
        access=access_of(args.access, args.groups),
        workers=args.workers,
    )
    for f in report.files:
        if f.status != "added" or f.reason:  # added with a note: OCR, a legacy encoding, a lying suffix
            status = f"{say('status.' + f.status):<9}"
            print(
                f"{status} {f.reason}"
                if f.status == "skipped"
                else f"{status} {f.name}" + (f": {f.reason}" if f.reason else "")
            )
    s = report.seconds
    print(
        say(
            "cli.ingested",
            **{status: report.count(status) for status in ("added", "updated", "unchanged", "duplicate", "skipped")},
            chunks=report.chunks,
            seconds=f"{sum(s.values()):.1f}",
            **{stage: f"{s[stage]:.1f}" for stage in ("read", "describe", "chunk", "embed", "index")},
        )
    )
    return 0


def cmd_docs(args) -> int:
    kb = open_kb(args)
    docs = kb.documents()
    if args.json:
        print(json.dumps([d.as_json() for d in docs], ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print(say("cli.no_documents"))
    for d in docs:
        m = d.as_json()
        print(
            f"{d.name[:40]:<40} {m['kind']:<10} {m['date'] or '-':<10} {','.join(m['terms'][:2]) or '-':<20} "
            f"{d.pages:>4} p. {d.chunks:>5} chunks  {d.title[:50]}"
        )
    return 0


def cmd_correct(args) -> int:
    fields = {
        k: getattr(args, k)
        for k in ("kind", "date", "terms", "organisations", "places", "title")
        if getattr(args, k) is not None
    }
    fields.update({k: None for k in (args.reset or [])})
    if not fields:
        raise KbError("correct.nothing")
    d = open_kb(args).correct(args.file, **fields)
    print(
        say(
            "cli.corrected",
            name=d.name,
            fields=", ".join(f"{k}={d.title if k == 'title' else getattr(d.meta, k)}" for k in fields),
        )
    )
    return 0


def cmd_remove(args) -> int:
    from kb.trash import keep_days

    kb = open_kb(args)
    for d in kb.remove(args.file):
        print(say("cli.trashed", name=d.name, chunks=d.chunks, days=keep_days()))
    return 0


def cmd_reindex(args) -> int:
    kb = open_kb(args, allow_model_change=True)
    report = kb.reindex(progress=progress_bar())
    print(say("cli.reindexed", documents=len(report.files), chunks=report.chunks, model=kb.embedder.name))
    return 0


def cmd_stats(args) -> int:
    stats = open_kb(args).stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        for key, value in stats.items():
            print(f"{key:<14} {value}")
    return 0


def cmd_check(args) -> int:
    code, lines = check(args.home, args.model, repair=args.repair)
    print("\n".join(lines))
    return code


def check(home: str | Path | None, model: str | None = None, repair: bool = False) -> tuple[int, list[str]]:
    """(exit code, lines to print) for `kb check [--repair]`."""

    home = Path(home) if home else default_home()
    if not exists(home):
        raise KbError("check.no_kb", home=str(home))
    try:
        kb = KnowledgeBase(home, model)
        try:
            report = kb.check(repair=repair)
        finally:
            kb.close()
    except sqlite3.DatabaseError as e:
        raise KbError("check.unreadable", home=str(home), why=str(e)) from e
    lines = report.lines()
    verdict = (
        say("check.passed")
        if report.passed
        else say("check.failed.repaired" if repair else "check.failed", problems=len(report.problems))
    )
    lines.append(f"{home}: {verdict}")
    return (0 if report.passed else 1), lines


def register(sub) -> None:
    """The subcommands of this module."""
    s = sub.add_parser("ingest", help=say("cli.help.ingest"))
    s.add_argument("paths", nargs="+")
    s.add_argument("--workers", metavar="ADDRESS", help=say("cli.help.workers"))
    s.add_argument("--access", choices=LEVELS, help=say("cli.help.ingest_access"))
    s.add_argument("--groups", help=say("cli.help.groups"))
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("docs", help=say("cli.help.docs"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("remove", help=say("cli.help.remove"))
    s.add_argument("file")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("reindex", help=say("cli.help.reindex"))
    s.set_defaults(func=cmd_reindex)

    s = sub.add_parser("check", help=say("cli.help.check"))
    s.add_argument("--repair", action="store_true", help=say("cli.help.repair"))
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("stats", help=say("cli.help.stats"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("correct", help=say("cli.help.correct"))
    s.add_argument("file", help=say("cli.help.file"))
    s.add_argument("--kind")
    s.add_argument("--date", help=say("cli.help.date"))
    s.add_argument("--terms", help=say("cli.help.terms"))
    s.add_argument("--organisations", "--org", dest="organisations", help=say("cli.help.comma"))
    s.add_argument("--places", help=say("cli.help.comma"))
    s.add_argument("--title")
    s.add_argument("--reset", nargs="+", metavar="FIELD", help=say("cli.help.reset"))
    s.set_defaults(func=cmd_correct)
