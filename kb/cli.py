"""The `kb` command: ingest, search, docs, remove, reindex, stats, eval."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from ingest.messages import say
from kb.errors import KbError
from kb.knowledge import KnowledgeBase
from kb.retriever import MODES


def _kb(args, allow_model_change: bool = False) -> KnowledgeBase:
    return KnowledgeBase(args.home, args.model, allow_model_change=allow_model_change)


def _progress_bar(stream=sys.stderr):
    """A one-line progress bar on stderr (only when it is a terminal or forced)."""
    started = time.perf_counter()

    def show(done: int, total: int, name: str) -> None:
        if total == 0:
            return
        width = 30
        filled = int(width * done / total)
        elapsed = time.perf_counter() - started
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:5.0f}s {name[:40]:<40}"
        stream.write(line)
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_ingest(args) -> int:
    kb = _kb(args)
    report = kb.ingest(args.paths, progress=_progress_bar())
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


def _marked(text: str, spans: list[tuple[int, int]], tty: bool) -> str:
    """Query words in bold on a terminal, «like this» elsewhere."""
    on, off = ("\033[1m", "\033[0m") if tty else ("«", "»")
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], on, text[a:b], off]
        pos = b
    return "".join(out + [text[pos:]])


def _filters(args):
    from kb.filters import Filters

    return Filters(
        term=args.term,
        year_from=args.year_from,
        year_to=args.year_to,
        kind=args.kind,
        org=args.org,
        section=args.section,
    )


def _add_filters(parser) -> None:
    from ingest import KINDS, SECTIONS

    g = parser.add_argument_group("filters")
    g.add_argument("--term", help='a term of office: "2018-2020" or "khóa XIV"')
    g.add_argument("--year-from", type=int, metavar="YEAR")
    g.add_argument("--year-to", type=int, metavar="YEAR")
    g.add_argument("--kind", choices=KINDS)
    g.add_argument("--org", help="part of an organisation's name, accents optional")
    g.add_argument("--section", choices=SECTIONS)


def cmd_search(args) -> int:
    from kb.results import group_by_document, snippet

    kb = _kb(args)
    hits = kb.search(args.query, k=args.k, mode=args.mode, filters=_filters(args), all_renderings=args.all_renderings)
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(say("cli.no_results") if kb.documents() else say("cli.empty"))
    tty = sys.stdout.isatty()
    for n, group in enumerate(group_by_document(hits), 1):
        pages = ", ".join(dict.fromkeys(h.chunk.pages for h in group.hits))
        title = f" — {group.doc.title[:80]}" if group.doc.title and group.doc.title != group.doc.name else ""
        meta = group.doc.meta
        about = ", ".join(x for x in [meta.kind, meta.date, " ".join(meta.terms[:2])] if x)
        print(f"{n:>2}. {group.doc.name}{title}  ({say('cli.page')} {pages}{'; ' + about if about else ''})")
        for h in group.hits:
            text, spans = snippet(h.chunk.text, args.query)
            print(f"    {say('cli.page')} {h.chunk.pages} [{h.score:.3f} {h.why}] {_marked(text, spans, tty)}")
            if h.chunk.heading:
                print(f"      {say('cli.under')} {h.chunk.heading_text}")
    return 0


def cmd_docs(args) -> int:
    kb = _kb(args)
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


def cmd_people(args) -> int:
    facts = _kb(args).people()
    if args.json:
        keys = ("name", "title", "organisation", "role", "body", "term", "file", "page", "passage")
        print(json.dumps([{k: f.as_json()[k] for k in keys} for f in facts], ensure_ascii=False, indent=2))
        return 0
    if not facts:
        print(say("cli.no_people"))
    for fact in facts:
        p = fact.person
        who = ", ".join(x for x in [p.name, " ".join(x for x in [p.title, p.organisation] if x)] if x)
        role = " ".join(x for x in [p.role, p.body] if x)
        key = "ask.who.years" if p.term and p.term[0].isdigit() else "ask.who.term" if p.term else "ask.who"
        print(f"{say(key, who=who, role=role, term=p.term)[:-1]}  [{fact.doc.name}, {say('cli.page')} {p.page}]")
    return 0


def cmd_timeline(args) -> int:
    entries = _kb(args).timeline(args.topic, filters=_filters(args))
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print(say("cli.no_timeline.topic", topic=args.topic) if args.topic else say("cli.no_timeline"))
    for e in entries:
        term = (
            say("ask.scope.years", term=e.term)
            if e.term[0].isdigit()
            else e.term
            if e.term != "?"
            else say("cli.no_term")
        )
        print(f"== {term}")
        for h in e.passages:
            text = " ".join(h.chunk.text.split())
            print(
                f"   [{','.join(h.chunk.sections)}] {h.doc.name}, {say('cli.page')} {h.chunk.pages}: {text[:220]}"
                f"{'…' if len(text) > 220 else ''}"
            )
    return 0


def cmd_ask(args) -> int:
    result = _kb(args).ask(args.question)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    if result.notice:
        print(f"({result.notice})")
    print(result.text())
    tty = sys.stdout.isatty()
    for n, c in enumerate(result.citations, 1):
        text = " ".join(c.text.split())
        shown = _marked(c.text, list(c.spans), tty).replace("\n", " ") if c.spans else text
        print(f"  [{n}] {c.file}, {say('cli.page')} {c.page}: {shown}")
        if c.heading:
            print(f"      {say('cli.under')} {c.heading}")
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
    d = _kb(args).correct(args.file, **fields)
    print(
        say(
            "cli.corrected",
            name=d.name,
            fields=", ".join(f"{k}={d.title if k == 'title' else getattr(d.meta, k)}" for k in fields),
        )
    )
    return 0


def cmd_remove(args) -> int:
    kb = _kb(args)
    for d in kb.remove(args.file):
        print(say("cli.removed", name=d.name, chunks=d.chunks))
    return 0


def cmd_reindex(args) -> int:
    kb = _kb(args, allow_model_change=True)
    report = kb.reindex(progress=_progress_bar())
    print(say("cli.reindexed", documents=len(report.files), chunks=report.chunks, model=kb.embedder.name))
    return 0


def cmd_stats(args) -> int:
    stats = _kb(args).stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        for key, value in stats.items():
            print(f"{key:<14} {value}")
    return 0


def cmd_eval(args) -> int:
    from kb.evaluate import evaluate, load_queries
    from kb.results import ranked_files

    queries = load_queries(args.queries)
    kb = _kb(args)
    filters = _filters(args)
    result = evaluate(
        queries, lambda q: ranked_files(kb.search(q, k=max(50, args.k * 5), mode=args.mode, filters=filters))[: args.k]
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(" ".join(f"{k}={v}" for k, v in result.items()))
    return 0


def cmd_check(args) -> int:
    code, lines = check(args.home, args.model, repair=args.repair)
    print("\n".join(lines))
    return code


def check(home: str | Path | None, model: str | None = None, repair: bool = False) -> tuple[int, list[str]]:
    """(exit code, lines to print) for `kb check [--repair]`."""
    import sqlite3

    from kb.home import default_home

    home = Path(home) if home else default_home()
    if not (home / "catalog.sqlite").is_file():
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="A knowledge base of meeting reports and resolutions.")
    p.add_argument("--home", help="KB folder (default: $KB_HOME or ./kb-data)")
    p.add_argument(
        "--model",
        help="embedding model: a sentence-transformers folder or name "
        "(default: $KB_MODEL or the built-in multilingual-e5-small)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="add files and folders")
    s.add_argument("paths", nargs="+")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("search", help="find passages")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--mode", choices=MODES, default="hybrid", help="default: hybrid")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--all-renderings",
        action="store_true",
        help="also list documents that are another rendering of one already listed",
    )
    _add_filters(s)
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("docs", help="list documents")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("remove", help="remove a document by file name, path or sha256 prefix")
    s.add_argument("file")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("reindex", help="re-read stored originals and rebuild chunks, vectors and index")
    s.set_defaults(func=cmd_reindex)

    s = sub.add_parser("check", help="verify that catalog, vectors, indexes and originals agree (exit 1 if not)")
    s.add_argument("--repair", action="store_true", help="rebuild what can be rebuilt from the catalog and vectors")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("stats", help="counts, model and index")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("eval", help="measure retrieval on labelled questions (JSONL)")
    s.add_argument("queries")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--mode", choices=MODES, default="hybrid", help="default: hybrid")
    s.add_argument("--json", action="store_true")
    _add_filters(s)
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("people", help="who was elected or appointed to what, in which term")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_people)

    s = sub.add_parser("timeline", help="decisions and directions term after term, about a topic or all")
    s.add_argument("topic", nargs="?")
    s.add_argument("--json", action="store_true")
    _add_filters(s)
    s.set_defaults(func=cmd_timeline)

    s = sub.add_parser("ask", help="ask a question; get the answer and the passages it comes from")
    s.add_argument("question")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("correct", help="correct a document's metadata (kept apart, survives re-ingest)")
    s.add_argument("file", help="file name, path or sha256 prefix")
    s.add_argument("--kind")
    s.add_argument("--date", help="YYYY-MM-DD, YYYY-MM or YYYY")
    s.add_argument("--terms", help='comma-separated, e.g. "2018-2020,khóa XIV"')
    s.add_argument("--organisations", "--org", dest="organisations", help="comma-separated")
    s.add_argument("--places", help="comma-separated")
    s.add_argument("--title")
    s.add_argument("--reset", nargs="+", metavar="FIELD", help="drop corrections of these fields")
    s.set_defaults(func=cmd_correct)
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


if __name__ == "__main__":
    sys.exit(main())
