"""What the commands share: opening the knowledge base, the progress bar, marked words, filter options."""

from __future__ import annotations

import sys
import time

from ingest.messages import say
from kb.errors import KbError
from kb.filters import Filters
from kb.knowledge import KnowledgeBase
from kb.records import Access


def open_kb(args, allow_model_change: bool = False) -> KnowledgeBase:
    """The knowledge base as the command acts on it: the local operator's (everything), or a user's
    with --user NAME (what they may read and do; whoever runs `kb` reads the home anyway, so no
    password is asked)."""
    kb = KnowledgeBase(args.home, args.model, allow_model_change=allow_model_change)
    name = getattr(args, "user", None)
    if not name:
        return kb
    try:
        return kb.as_user(kb.accounts.principal_of(name))
    except KbError:
        kb.close()
        raise


def access_of(level: str | None, groups: str | None) -> Access | None:
    """--access LEVEL --groups a,b as a record (None when neither is given)."""
    if level is None and not groups:
        return None
    names = tuple(g.strip() for g in (groups or "").split(",") if g.strip())
    return Access(level or ("restricted" if names else "public"), names)


def progress_bar(stream=sys.stderr):
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


def marked(text: str, spans: list[tuple[int, int]], tty: bool) -> str:
    """Query words in bold on a terminal, «like this» elsewhere."""
    on, off = ("\033[1m", "\033[0m") if tty else ("«", "»")
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], on, text[a:b], off]
        pos = b
    return "".join(out + [text[pos:]])


def chosen_filters(args):

    return Filters(
        term=args.term,
        year_from=args.year_from,
        year_to=args.year_to,
        kind=args.kind,
        org=args.org,
        section=args.section,
    )


def add_filters(parser) -> None:
    from ingest import KINDS, SECTIONS

    g = parser.add_argument_group("filters")
    g.add_argument("--term", help=say("cli.help.term"))
    g.add_argument("--year-from", type=int, metavar="YEAR")
    g.add_argument("--year-to", type=int, metavar="YEAR")
    g.add_argument("--kind", choices=KINDS)
    g.add_argument("--org", help=say("cli.help.org"))
    g.add_argument("--section", choices=SECTIONS)
