"""A text's terms as lexical search has them: Vietnamese syllables and adjacent-syllable pairs,
accented and accent-folded, and how much each term of a question weighs.

Vietnamese words are mostly two syllables ("thư viện", "nghị quyết", "nhiệm kỳ"),
so each text is indexed as its syllables plus each adjacent pair ("thư_viện"),
once as written (lowercased, NFC, one tone placement) and once accent-folded
("thu", "vien", "thu_vien") for queries typed without marks. The store keeps the
index (kb/store/); this module only says what the terms are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

from ingest.text import fold, normalize, other_forms

_CLAUSE = re.compile(r"[^\w\s]+|_")  # punctuation ends a clause: no pair across it
_SYLLABLE = re.compile(r"\w+")


def split(text: str) -> list[str]:
    """Syllables and adjacent pairs of an already normalized, lowercased text."""
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        syl = _SYLLABLE.findall(clause)
        out.extend(syl)
        out.extend(a + "_" + b for a, b in zip(syl, syl[1:]))
    return out


def tokens(text: str) -> tuple[str, str]:
    """(accented, folded) token strings for the index's two columns; an abbreviation also as what it
    stands for, and the other way round, each its own clause."""
    acc = normalize(text).lower()
    acc = " . ".join([acc, *other_forms(acc)])
    return " ".join(split(acc)), " ".join(split(fold(acc)))


def words(text: str, pairs: bool = True) -> set[str]:
    """A text's folded words (and word pairs, "chi_tieu"), as the index has them."""
    return {w for w in tokens(text)[1].split() if pairs or "_" not in w}


def query_terms(text: str, folded: bool, stop: frozenset[str] = frozenset()) -> list[str]:
    """Query terms for the accented or the folded column, stopwords dropped (pairs of them too)."""
    base = normalize(text).lower()
    if folded:
        base = fold(base)
    terms = []
    for t in dict.fromkeys(split(base)):
        parts = t.split("_")
        if all(p in stop for p in parts):
            continue
        terms.append(t)
    return terms


# How many passages hold a folded term (counted up to a cap), and how many passages there are.
Frequencies = Callable[[Iterable[str]], dict[str, int]]


def weights(terms: list[str], frequencies: dict[str, int], passages: int) -> dict[str, float]:
    """Folded terms' weights: rarer words weigh more (inverse document frequency over the folded
    column), a pair one and a half times a word; a pair no passage has weighs nothing."""
    n = max(1, passages)
    out = {}
    for t in terms:
        df = frequencies.get(t, 0)
        if "_" in t and df == 0:
            out[t] = 0.0  # a pair no passage has is the question's own phrasing ("nữ đặt"), not evidence
        else:
            out[t] = math.log(1 + n / (1 + df)) * (1.5 if "_" in t else 1.0)
    return out


def coverage(terms: list[str], text: str, weights: dict[str, float]) -> float:
    """Share of the terms' weight found in a text (accent-insensitive)."""
    total = sum(weights[t] for t in terms)
    if not total:
        return 0.0
    have = words(text)
    return sum(weights[t] for t in terms if t in have) / total
