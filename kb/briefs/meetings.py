"""A line per meeting the papers report: its name as they write it, every date and place they give."""

from __future__ import annotations

import re

from ingest.meta import MOTTO
from kb.briefs.lines import Candidate, rank, source
from kb.briefs.names import words
from kb.briefs.reading import Reading
from kb.briefs.scope import ORDINALS, Scope

# a meeting's name: "Kỳ họp thứ 4", "Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI", "Hội nghị Tổng kết
# nhiệm kỳ 2015-2018", and what follows it that is still its name (", nhiệm kỳ 2021 - 2026", "HĐND TP khóa XV")
_MEETING_NAME = re.compile(
    r"(?:Kỳ họp|Đại hội|Hội nghị)\b[^.;:\n]{0,90}?"
    r"(?:\bthứ\s+\w+|\b(?:nhiệm kỳ|khóa)\s+(?:\d{4}\s*[-–]\s*\d{4}|[IVXLC]+))",
    re.I,
)
_NAME_GOES_ON = re.compile(
    r"(?:,?\s+(?:[Nn]hiệm kỳ|NHIỆM KỲ)\s+\d{4}\s*[-–]\s*\d{4}|,?\s+(?:[Kk]hóa|KHÓA)\s+[IVXLC\d]+"
    r"|\s+(?:HĐND|UBND|TP\.?|thành phố|tỉnh|huyện|Hội đồng [Nn]hân dân|Ủy ban [Nn]hân dân|Ban [Cc]hấp hành)"
    r"|\s+(?!Sáng|Chiều|Tối|Trưa|Ngày|Hôm|Căn|CĂN|Tại|Với|Theo|Đây|Trong|Các|Đồng|Cùng)[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
)


def meeting_name(text: str) -> str | None:
    """The meeting a text names first, with the words that go on naming it."""
    m = _MEETING_NAME.search(text)
    if not m:
        return None
    tail = _NAME_GOES_ON.match(text, m.end())
    name = text[m.start() : tail.end() if tail else m.end()]
    return " ".join(name.split()).rstrip(" ,-–")


def meeting_lines(readings: list[Reading], s: Scope) -> list[Candidate]:
    """A line per meeting the papers report: its name, every date and place they give (papers
    may disagree: each is cited)."""
    found: dict[str, list[tuple[Reading, str]]] = {}
    for r in readings:
        if not r.paper.primary or r.paper.elsewhere:
            continue
        head = MOTTO.sub(" ", r.text[:1500].split("Căn cứ")[0])
        name = meeting_name(r.paper.doc.title) or meeting_name(head)
        if name and not s.org.others_in(name):
            found.setdefault(_meeting_key(name), []).append((r, name))
    out = []
    for n, said in enumerate(found.values()):
        said.sort(key=lambda x: rank(x[0].paper))
        best = [nm for r, nm in said if rank(r.paper) == rank(said[0][0].paper)]
        name = max(best, key=lambda x: (not x.isupper(), len(x)))
        # each date and place once, cited to the best-ranked paper that gives it
        givers: dict[str, tuple[Reading, str]] = {}
        for r, quote in said:
            meta = r.paper.doc.meta
            for value in (_dates(meta.date, meta.date_end), *meta.places[:1]):
                if value:
                    givers.setdefault(value, (r, quote))
        dates = [v for v in givers if v[:1].isdigit()]
        places = [v for v in givers if not v[:1].isdigit()]
        text = " — ".join(x for x in (name, "; ".join(dates), ", ".join(places)) if x)
        cited = list(dict.fromkeys([said[0], *givers.values()]))
        for i, (r, quote) in enumerate(cited):
            ranked = rank(r.paper) if i == 0 else 9  # the other papers only add their citation
            out.append(Candidate("meeting", text, source(r.paper, 1, quote, ""), ranked, (-1, n), composed=True))
    return out


def _meeting_key(name: str) -> str:
    """Names of one meeting compared: "Kỳ họp thứ tư HĐND thành phố Hà Nội khóa XV" and "kỳ họp thứ 4"."""
    folded = words(name)
    m = re.search(r"(ky hop|dai hoi|hoi nghi)\b.*?\bthu (\w+)", folded)
    if not m:
        return folded[:40]
    number = m.group(2)
    return f"{m.group(1)} {ORDINALS.get(number, number)}"


def _dates(start: str | None, end: str | None) -> str:
    def label(iso: str) -> str:  # "19/7/2021", as the papers write it
        return "/".join(str(int(x)) for x in reversed(iso.split("-")))

    if not start:
        return ""
    return f"{label(start)}–{label(end)}" if end else label(start)
