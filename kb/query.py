"""Query analysis: normalize, detect accent-free typing, drop courtesies and function words.

People type questions the way they write messages: "Chào bác sĩ, cho em hỏi ...
Xin cảm ơn ạ", "nghi quyet nhiem ky 2018 2020". Greetings and thanks carry no
meaning for search and pull both the dense and the lexical side off target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import clean_spaces, fold, is_folded, normalize
from kb.terms import query_terms

# Courtesy phrases, matched accent-insensitively on whole words.
_COURTESIES = [
    "xin chào",
    "chào",
    "kính chào",
    "thưa",
    "kính thưa",
    "xin cảm ơn",
    "cảm ơn",
    "cám ơn",
    "xin cám ơn",
    "chân thành cảm ơn",
    "em cảm ơn",
    "tôi xin cảm ơn",
    "trân trọng cảm ơn",
    "rất nhiều",
    "nhiều ạ",
    "cho em hỏi",
    "cho tôi hỏi",
    "cho mình hỏi",
    "cho cháu hỏi",
    "xin hỏi",
    "em xin hỏi",
    "tôi xin hỏi",
    "em muốn hỏi",
    "tôi muốn hỏi",
    "mong",
    "vui lòng",
    "làm ơn",
    "giải đáp giúp",
    "giải đáp",
    "tư vấn giúp",
    "giúp em",
    "giúp tôi",
    "ạ",
    "nhé",
    "với ạ",
]
_ADDRESSEES = ["bác sĩ", "các bác sĩ", "anh", "chị", "anh chị", "ông", "bà", "admin", "ad"]
_FOLDED_COURTESIES = sorted({fold(c) for c in _COURTESIES}, key=len, reverse=True)
_COURTESY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(c) for c in _FOLDED_COURTESIES) + r")"
    r"(?:\s+(?:" + "|".join(re.escape(fold(a)) for a in _ADDRESSEES) + r"))?(?!\w)"
)

# Function syllables that every document has; dropped from lexical queries only
# (the dense model reads whole sentences and keeps them).
STOPWORDS = frozenset(
    "và là của các những thì mà có không được cho với này đó khi nào gì như thế ạ vậy hay hoặc bị đã "
    "đang sẽ tôi em một để ở tại trong từ rất nhiều nên phải cần ra vào lại cũng còn nếu bao nhiêu ai "
    "đâu sao làm thể muốn hỏi xin cảm ơn chào bác sĩ".split()
)
STOPWORDS_FOLDED = frozenset(fold(w) for w in STOPWORDS)


# A query whose syllables carry a mark less often than this was typed (wholly or partly) without
# accents: "hội phu nu gia lam" (1 of 5). Of the 725 accented questions of the bench sets the fewest
# marks are 0.45 of the syllables ("Ai không nên tiêm vaccine Covid-19?"), most have 0.7-0.9.
UNACCENTED = 0.4
_LETTERS = re.compile(r"[^\W\d_]+")
# What a congress, council or union decided, set for its term or found: said with authority by its own
# resolution, report, decision, plan or conclusion (compared folded).
_OUTCOME = re.compile(
    r"(?<!\w)(?:phuong huong|nhiem vu|giai phap|chi tieu|muc tieu|dinh huong|khau dot pha|ton tai|han che|"
    r"kho khan|yeu kem|bat cap|quyet nghi|nghi quyet|quyet dinh|ket luan|de ra|thong qua)(?!\w)"
)


@dataclass(frozen=True)
class Query:
    text: str  # as typed, normalized (NFC, one tone placement)
    core: str  # without courtesies: what the dense model reads
    folded: bool  # typed without any Vietnamese mark
    unaccented: bool = False  # typed without most of its marks: restore them before searching
    outcome: bool = False  # asks what was decided, set as targets or directions, or found as shortcomings


def marked_share(text: str) -> float:
    """The share of a text's syllables that carry a Vietnamese mark (words in capitals among lowercase
    ones, abbreviations such as "UBND", are left out)."""
    lower = any(c.islower() for c in text)
    words = [w for w in _LETTERS.findall(text) if not (lower and len(w) > 1 and w.isupper())]
    return sum(fold(w) != w.lower() for w in words) / len(words) if words else 1.0


def clean(text: str) -> str:
    """Remove greetings, thanks and other courtesies; keep everything else in its original form."""
    text = normalize(text)
    folded = fold(text)
    # fold() keeps length and positions for NFC Vietnamese (one char per letter), so spans carry over.
    if len(folded) != len(text):
        return clean_spaces(text)
    keep = list(text)
    for m in _COURTESY.finditer(folded):
        for i in range(m.start(), m.end()):
            keep[i] = " "
    out = clean_spaces(re.sub(r"\s+([,.?!;:])", r"\1", "".join(keep)))
    out = re.sub(r"([,.;:?!])[\s,.;:?!]*[,.;:?!]", r"\1", out)  # "không?." left by a removed "ạ"
    out = re.sub(r"^[\s,.;:!?]+", "", out)
    return out or clean_spaces(text)


def analyze(text: str) -> Query:
    normalized = normalize(text)
    core = clean(normalized)
    return Query(
        normalized, core, is_folded(normalized), marked_share(core) < UNACCENTED, bool(_OUTCOME.search(fold(core)))
    )


def content_terms(text: str, also_stop: frozenset[str] = frozenset()) -> list[str]:
    """A question's or topic's meaningful syllables and pairs, accent-folded. Function words (and
    `also_stop`) are dropped before folding when the text has its accents ("trồng" is not "trong"),
    and so is every pair that leans on one ("bao nhiêu cây" says nothing about trees)."""
    q = analyze(text)
    stop = STOPWORDS_FOLDED | {fold(w) for w in also_stop} if q.folded else STOPWORDS | also_stop
    terms = query_terms(q.core, q.folded, stop)
    kept = [t for t in terms if not any(part in stop for part in t.split("_"))]
    return list(dict.fromkeys(fold(t) for t in kept))
