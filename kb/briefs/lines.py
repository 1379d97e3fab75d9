"""The lines a brief may show, merged and cut: near-identical lines once with every source,
official papers first, each part cut to what fits on a page, a list's items under its words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.messages import Message
from kb.briefs.names import words
from kb.briefs.records import OFFICIAL, PARTS, BriefLine, BriefPart, Source
from kb.briefs.scope import Paper

# lines a part shows at most: a brief is read in minutes
CAPS = {
    "meeting": 12,
    "officers": 14,
    "targets": 18,
    "directions": 16,
    "decisions": 14,
    "difficulties": 12,
    "results": 18,
}
OFFICIAL_CAP = 30  # an official paper's lines in a part: all of them, short of a paper that is all lists
SPOKEN = 3  # a speech's or news item's lines in a part official papers speak to
SAME = 0.8  # two lines whose words overlap this much (of the shorter) say the same thing


@dataclass(frozen=True)
class Candidate:
    """A line a part may show, with what decides whether and where it is shown."""

    part: str
    text: str
    source: Source
    rank: int  # 0: an official paper's, 1: another paper of the organisation's, 2: a speech's or news item's
    order: tuple[int, int]  # (paper, offset): the order the papers say things in
    lead: str = ""  # the list it is an item of
    message: Message | None = None
    composed: bool = False  # the brief's own line (a meeting's summary): never merged into a paper's
    family: str = ""  # the name the paper's renderings share, when the brief reads more than one
    checked: bool = False  # a paper's clause: where the paper has several renderings, all must say it


def rank(paper: Paper) -> int:
    """0 for an official paper, 1 for another paper of the organisation, 2 for a speech or news item."""
    kind = paper.doc.meta.kind
    return 0 if kind in OFFICIAL else 2 if kind in ("speech", "news") else 1


def source(paper: Paper, page: int, quote: str, heading: str) -> Source:
    """Where a line comes from: the paper's page and the words on it."""
    d = paper.doc
    return Source(d.name, page, d.id, quote, d.meta.kind, heading)


def merge(candidates: list[Candidate]) -> list[tuple[Candidate, list[Source]]]:
    """Near-identical lines once, with every source; the best-ranked paper's words, or the longer
    of two saying the same."""
    kept: list[list] = []  # [candidate, sources, words]
    for c in sorted(candidates, key=lambda c: (c.rank, c.order)):
        bag = set(words(c.text).split())
        for entry in kept:
            other, sources, other_bag = entry
            same = bool(bag) and bag == other_bag
            plain = not (other.message or c.message or other.composed or c.composed)
            if other.part == c.part and (same or (plain and _same(bag, other_bag))):
                if all(x.doc_id != c.source.doc_id or x.page != c.source.page for x in sources):
                    sources.append(c.source)
                if len(bag) > len(other_bag) and c.rank <= other.rank and not other.lead:
                    entry[0], entry[2] = replace(c, order=other.order), bag
                break
            if same:
                break  # said in another part already
        else:
            kept.append([c, [c.source], bag])
    # where two renderings of one paper disagree, the words only one has are not the paper's: a
    # paper's line stands when every rendering the brief reads says it
    families: dict[str, set[int]] = {}
    for x in candidates:
        if x.family:
            families.setdefault(x.family, set()).add(x.source.doc_id)
    return [
        (c, sources)
        for c, sources, _ in kept
        if not c.checked or families.get(c.family, set()) <= {s.doc_id for s in sources}
    ]


def _same(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SAME and min(len(a), len(b)) / max(len(a), len(b)) >= 0.5


def cut(merged: list[tuple[Candidate, list[Source]]]) -> tuple[BriefPart, ...]:
    """Each part's lines: every official paper's (up to OFFICIAL_CAP), then the others' in the
    papers' order up to CAPS, a speech's or news item's only SPOKEN of them where official papers
    speak to the part; a list's items under the words that introduce it."""
    out = []
    for part in PARTS:
        mine = sorted(((c, s) for c, s in merged if c.part == part), key=lambda x: (x[0].rank, x[0].order))
        official = [x for x in mine if x[0].rank <= 0][:OFFICIAL_CAP]
        others = [x for x in mine if 0 < x[0].rank < 2]
        spoken = [x for x in mine if x[0].rank >= 2]
        chosen = official + (others + (spoken[:SPOKEN] if official else spoken))[: max(0, CAPS[part] - len(official))]
        chosen.sort(key=lambda x: (x[0].rank if part != "meeting" else 0, x[0].order))
        lines: list[BriefLine] = []
        leads_shown: set[str] = set()
        for c, sources in chosen:
            if c.lead and c.lead not in leads_shown:
                leads_shown.add(c.lead)
                lead_source = replace(c.source, quote=c.lead)
                lines.append(BriefLine(c.lead.rstrip(" :") + ":", (lead_source,)))
            lines.append(BriefLine(c.text, tuple(sources), 1 if c.lead else 0, c.message))
        lines = [ln for i, ln in enumerate(lines) if not _lonely_lead(lines, i)]
        if lines:
            out.append(BriefPart(part, tuple(lines)))
    return tuple(out)


def _lonely_lead(lines: list[BriefLine], i: int) -> bool:
    """A list's introduction with none of its items after it."""
    line = lines[i]
    return line.level == 0 and line.text.endswith(":") and (i + 1 >= len(lines) or lines[i + 1].level == 0)
