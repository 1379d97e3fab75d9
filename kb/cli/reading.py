"""Commands that read: search, ask, people, timeline, eval."""

from __future__ import annotations

import json
import sys

from ingest.messages import say
from kb.cli.common import add_filters, chosen_filters, marked, open_kb
from kb.retriever import MODES


def cmd_search(args) -> int:
    from kb.results import group_by_document, snippet

    kb = open_kb(args)
    hits = kb.search(
        args.query,
        k=args.k,
        mode=args.mode,
        filters=chosen_filters(args),
        all_renderings=args.all_renderings,
        as_typed=args.as_typed,
    )
    restored = None if args.as_typed else kb.understood(args.query)
    if args.json:
        out = {"query": args.query, "restored": restored, "results": [h.as_json() for h in hits]}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if restored:
        print(say("search.restored", restored=restored, as_typed=f'kb search --as-typed "{args.query}"'))
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
            print(f"    {say('cli.page')} {h.chunk.pages} [{h.score:.3f} {h.why}] {marked(text, spans, tty)}")
            if h.chunk.heading:
                print(f"      {say('cli.under')} {h.chunk.heading_text}")
    return 0


def cmd_ask(args) -> int:
    result = open_kb(args).ask(args.question, as_typed=args.as_typed)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    if result.restored:
        print(say("search.restored", restored=result.restored, as_typed=f'kb ask --as-typed "{args.question}"'))
    if result.notice:
        print(f"({result.notice})")
    print(result.text())
    tty = sys.stdout.isatty()
    evidence = result.evidence
    for n, c in enumerate(result.citations, 1):
        if c is evidence:  # the passage the answer comes from, its answering sentence(s) marked
            shown = " ".join(marked(c.text, list(c.answering), tty).split())
            print(f"  [{n}] {c.file}, {say('cli.page')} {c.page} ({say('cli.evidence')}): {shown}")
        else:
            text = " ".join(c.text.split())
            shown = marked(c.text, list(c.spans), tty).replace("\n", " ") if c.spans else text
            print(f"  [{n}] {c.file}, {say('cli.page')} {c.page}: {shown}")
        if c.heading:
            print(f"      {say('cli.under')} {c.heading}")
    return 0


def cmd_people(args) -> int:
    facts = open_kb(args).people()
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
    entries = open_kb(args).timeline(args.topic, filters=chosen_filters(args))
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


def cmd_eval(args) -> int:
    from kb.evaluate import evaluate, load_queries
    from kb.results import ranked_files

    queries = load_queries(args.queries)
    kb = open_kb(args)
    scope = chosen_filters(args)
    result = evaluate(
        queries, lambda q: ranked_files(kb.search(q, k=max(50, args.k * 5), mode=args.mode, filters=scope))[: args.k]
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(" ".join(f"{k}={v}" for k, v in result.items()))
    return 0


def register(sub) -> None:
    """The subcommands of this module."""
    s = sub.add_parser("search", help=say("cli.help.search"))
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--mode", choices=MODES, default="hybrid", help=say("cli.help.mode"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--as-typed", action="store_true", help=say("cli.help.as_typed"))
    s.add_argument(
        "--all-renderings",
        action="store_true",
        help=say("cli.help.renderings"),
    )
    add_filters(s)
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("ask", help=say("cli.help.ask"))
    s.add_argument("question")
    s.add_argument("--json", action="store_true")
    s.add_argument("--as-typed", action="store_true", help=say("cli.help.as_typed"))
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("people", help=say("cli.help.people"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_people)

    s = sub.add_parser("timeline", help=say("cli.help.timeline"))
    s.add_argument("topic", nargs="?")
    s.add_argument("--json", action="store_true")
    add_filters(s)
    s.set_defaults(func=cmd_timeline)

    s = sub.add_parser("eval", help=say("cli.help.eval"))
    s.add_argument("queries")
    s.add_argument("-k", type=int, default=10)
    s.add_argument("--mode", choices=MODES, default="hybrid", help=say("cli.help.mode"))
    s.add_argument("--json", action="store_true")
    add_filters(s)
    s.set_defaults(func=cmd_eval)
