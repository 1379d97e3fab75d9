"""`kb brief`: one cited page per organisation and term, as text, JSON, DOCX or PDF."""

from __future__ import annotations

import json

from ingest.messages import say
from kb.cli.common import open_kb


def cmd_brief(args) -> int:
    kb = open_kb(args)
    if args.list:
        for c in kb.brief_choices():
            print(say("cli.brief.choice", org=c.org, n=c.documents, terms=", ".join(c.terms)))
        return 0
    brief = kb.brief(args.org, args.term, summary=not args.no_summary)
    if args.json:
        print(json.dumps(brief.as_json(), ensure_ascii=False, indent=2))
    elif args.docx or args.pdf:
        from kb.briefs import render_docx, render_pdf

        for path, write in ((args.docx, render_docx.write), (args.pdf, render_pdf.write)):
            if path:
                write(brief, path)
                print(say("cli.brief.written", path=path))
    else:
        print(text(brief))
    return 0


def text(brief) -> str:
    """The brief as plain text: parts, lines with their sources in brackets."""
    out = [brief.title.text(), ""]
    if brief.previous:
        out += [say("brief.previous", term=brief.previous), ""]
    if brief.opening:
        out += [brief.opening, f"({say('brief.opening.written')})", ""]
    elif brief.opening_note:
        out += [f"({brief.opening_note.text()})", ""]
    n = 0
    for part in brief.parts:
        out.append(f"== {part.title.text()}")
        for line in part.lines:
            n += 1
            cites = "; ".join(f"{s.file}, {say('brief.page', page=s.page)}" for s in line.sources)
            indent = "     " if line.level else "  "
            out.append(f"{indent}[{n}] {line.shown()}  [{cites}]")
        out.append("")
    out.append(say("cli.brief.took", seconds=f"{brief.seconds:.2f}", n=len(brief.documents)))
    return "\n".join(out)


def register(sub) -> None:
    s = sub.add_parser("brief", help=say("cli.help.brief"))
    s.add_argument("--org", help=say("cli.help.brief.org"))
    s.add_argument("--term", help=say("cli.help.brief.term"))
    out = s.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--docx", metavar="FILE", help=say("cli.help.brief.docx"))
    out.add_argument("--pdf", metavar="FILE", help=say("cli.help.brief.pdf"))
    out.add_argument("--list", action="store_true", help=say("cli.help.brief.list"))
    s.add_argument("--no-summary", action="store_true", help=say("cli.help.brief.summary"))
    s.set_defaults(func=cmd_brief)
