"""Put the accents back on a query typed without them, from the knowledge base's own text.

"thu vien" could be "thư viện" or "thù viên": each folded syllable has a few accented forms, and the
one meant is read from its neighbours. The statistics are plain counts of syllables and of adjacent
pairs within a clause (`count`), added and subtracted by the storage as documents come and go; all
that is derived from them is computed per query, so incremental counts give what a rebuild gives.

Model: a bigram language model, best path by Viterbi. P(b | a) = LAMBDA·c(a, b)/c(a) +
(1 - LAMBDA)·c(b)/N (Jelinek-Mercer: a Dirichlet prior, whose weight does not grow with c(a), scored
a frequent word before an unseen pair far too low; Witten-Bell needs distinct-follower counts and
gained nothing). Each pair counts both ways, P(b | a)·P(a | b), so that no neighbour's frequency
dominates. A number is the one syllable "0" ("năm 2018"). Passages state and queries ask, so a few
question words (QUESTIONS) are added as a small share of the counts. In a query with marks, a
syllable without one was likely typed so ("kinh tế"): its unmarked form gets a bonus. Marked
syllables, numbers, abbreviations and unknown words are kept; the known ones are context.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ingest.text import fold, normalize

LAMBDA = 0.6  # weight of the pair estimate in P(b | a), the rest is P(b): tuned on vicov19qa val and meetings
KEEP_UNMARKED = 2.0  # log-bonus of a syllable's unmarked form in a query that has marks elsewhere
QUESTION_SHARE = 0.05  # the question words' share of the counts
MAX_FORMS = 8  # a folded syllable's most frequent accented forms that are tried
MIN_SHARE = 0.003  # ... unless rarer than this share of the most frequent one
QUESTIONS = (
    "ai, gì, nào, đâu, ở đâu, bao nhiêu, bao lâu, bao giờ, khi nào, lúc nào, mấy, mấy giờ, tại sao, vì sao, "
    "thế nào, như thế nào, ra sao, có phải, có không, được không, chưa, là gì, làm gì, do ai, của ai, với ai, "
    "ai ký, ngày nào, năm nào, tháng nào, tôi, em, tôi có, tôi bị, tôi có thể, có thể, năm nay, "
    "cho tôi hỏi, cho em hỏi, xin hỏi, xin cảm ơn, cảm ơn, cám ơn, thưa, ạ, nhé, vậy"
)
# Clauses as kb.terms cuts them: punctuation (and "_") ends one, and no pair crosses it.
_CLAUSE = re.compile(r"[^\w\s]+|_")
_WORD = re.compile(r"\w+")
# A token of a query as typed: letters and digits, with the combining marks of an NFD text.
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_fold = functools.lru_cache(maxsize=1 << 16)(fold)


def count(text: str) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """The syllables (normalized, lowercased, accented as written) of a text, and its adjacent pairs
    within a clause: the statistics `restore` reads."""
    syllables: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for clause in _CLAUSE.split(normalize(text).lower()):
        run: list[str] = []
        for word in [*_WORD.findall(clause), ""]:
            if key := _key(word):
                run.append(key)
                continue
            syllables.update(run)
            pairs.update(itertools.pairwise(run))
            run = []
    return syllables, pairs


@functools.lru_cache(maxsize=1 << 16)
def _key(token: str) -> str:
    """What a token counts as: its normalized lowercase self when made of letters, "0" when a number,
    nothing when mixed ("covid19": it cuts the run like punctuation)."""
    word = normalize(token).lower()
    return word if word.isalpha() else "0" if word.isdigit() else ""


class Counts(Protocol):
    """The statistics restoration reads; the storage backs them with SQL tables."""

    def forms(self, folded: Iterable[str]) -> dict[str, dict[str, int]]:
        """Each folded syllable's accented forms (as `count` gives them) with their counts."""

    def pairs(self, folded: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The counted pairs of accented syllables that fold to one of these pairs, with their counts:
        an index on the folded pair makes it one look-up each (SQLite scans the whole table for a
        row-value IN (VALUES ...); a join with json_each or a UNION ALL of equalities uses the index)."""

    def total(self) -> int:
        """How many syllables were counted in all."""


@dataclass
class MemoryCounts:
    """Counts kept in dictionaries, by folded form as a storage indexes them: for tests and benchmarks."""

    forms_by_fold: dict[str, dict[str, int]] = field(default_factory=dict)
    pairs_by_fold: dict[tuple[str, str], dict[tuple[str, str], int]] = field(default_factory=dict)
    counted: int = 0

    def add(self, text: str, sign: int = 1) -> None:
        """Count a text in (sign +1), or out again (sign -1) when its document is removed."""
        syllables, pairs = count(text)
        for word, n in syllables.items():
            _bump(self.forms_by_fold, fold(word), word, sign * n)
        for (a, b), n in pairs.items():
            _bump(self.pairs_by_fold, (fold(a), fold(b)), (a, b), sign * n)
        self.counted += sign * syllables.total()

    def forms(self, folded: Iterable[str]) -> dict[str, dict[str, int]]:
        return {f: self.forms_by_fold[f] for f in folded if f in self.forms_by_fold}

    def pairs(self, folded: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        return {p: n for f in folded for p, n in self.pairs_by_fold.get(f, {}).items()}

    def total(self) -> int:
        return self.counted


def _bump(table: dict, key: object, item: object, n: int) -> None:
    """Add n to one count of a table; a count, and a row, that reach zero are dropped, so taking a
    document out leaves exactly what was there before it came in."""
    row = table.setdefault(key, {})
    row[item] = row.get(item, 0) + n
    if row[item] <= 0:
        del row[item]
        if not row:
            del table[key]


def _plus(base: dict, extra: dict, weight: int) -> dict:
    """base + weight·extra, key by key (nested dicts of counts too), neither changed."""
    out = dict(base)
    for key, n in extra.items():
        out[key] = _plus(out.get(key, {}), n, weight) if isinstance(n, dict) else out.get(key, 0) + weight * n
    return out


_QUESTION_COUNTS = MemoryCounts()
_QUESTION_COUNTS.add(QUESTIONS)


@dataclass(frozen=True)
class Restoration:
    """A query with its accents put back, and how sure each word is."""

    text: str  # the query as typed, with accents on the syllables that had none
    changed: bool
    words: tuple[str, ...]  # the tokens of `text` (syllables, numbers), as written there
    confidence: tuple[float, ...]  # per word: the chosen form's share against the others (1.0 where kept)


@dataclass
class _Slot:
    """One token of the query, and the forms it may take with their counts."""

    typed: str
    key: str  # what it counts as (`_key`)
    start: int
    end: int
    open: bool  # its accents are to be chosen
    forms: list[tuple[str, int]]  # only the typed word's own when it is kept


def restore(query: str, counts: Counts) -> Restoration:
    """The query with the most likely accents on each syllable typed without them, by the knowledge
    base's counts; letters, capitals, marked syllables, numbers and abbreviations are kept."""
    slots = _slots(query)
    if not any(s.open for s in slots):
        return Restoration(query, False, tuple(s.typed for s in slots), (1.0,) * len(slots))
    chosen = _choose(query, slots, counts)
    parts, last, words, sure = [], 0, [], []
    for i, s in enumerate(slots):
        form, p = chosen.get(i, (s.typed, 1.0))
        words.append(_recase(form, s.typed))
        sure.append(p)
        parts += [query[last : s.start], words[-1]]
        last = s.end
    text = "".join(parts) + query[last:]
    return Restoration(text, text != query, tuple(words), tuple(sure))


def _choose(query: str, slots: list[_Slot], counts: Counts) -> dict[int, tuple[str, float]]:
    """The form chosen for each open slot that the counts know, with its confidence."""
    weight = round(QUESTION_SHARE * counts.total() / _QUESTION_COUNTS.total())
    keys = {_fold(s.key) for s in slots if s.key}
    found = _plus(counts.forms(keys), _QUESTION_COUNTS.forms(keys), weight)
    for s in slots:
        forms = found.get(_fold(s.key), {}) if s.key else {}
        s.forms = sorted(forms.items(), key=lambda f: (-f[1], f[0]))[:MAX_FORMS] if s.open and forms else []
        # the rare forms of a syllable are mostly typos and OCR errors
        s.forms = [f for f in s.forms if f[1] >= s.forms[0][1] * MIN_SHARE] or [(s.key, forms.get(s.key, 0))]
    runs = list(_runs(query, slots))
    wanted = {(_fold(a.key), _fold(b.key)) for run in runs for (_, a), (_, b) in itertools.pairwise(run)}
    follows: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), n in _plus(counts.pairs(wanted), _QUESTION_COUNTS.pairs(wanted), weight).items():
        follows[a][b] = n
    total = max(1, counts.total() + weight * _QUESTION_COUNTS.total())
    marked = any(not s.open and s.key.isalpha() and _fold(s.key) != s.key for s in slots)
    chosen: dict[int, tuple[str, float]] = {}
    for run in runs:
        chosen.update(_best_path(run, follows, total, KEEP_UNMARKED if marked else 0.0))
    return {i: chosen[i] for i, s in enumerate(slots) if s.open and i in chosen}


def _slots(query: str) -> list[_Slot]:
    """The query's tokens; open are those of letters only, without a mark, and not an abbreviation
    (a word in capitals among lowercase words: "UBND", "TV")."""
    lower = any(c.islower() for c in query)
    slots = []
    for m in _TOKEN.finditer(query):
        t = m.group()
        abbreviation = lower and len(t) > 1 and t.isupper()
        is_open = t.isalpha() and _fold(t) == t.lower() and not abbreviation
        slots.append(_Slot(t, _key(t), m.start(), m.end(), is_open, []))
    return slots


def _runs(query: str, slots: list[_Slot]) -> Iterator[list[tuple[int, _Slot]]]:
    """Runs of adjacent known words within a clause: an unknown word, a mixed token or punctuation
    between two words cuts their tie."""
    run: list[tuple[int, _Slot]] = []
    for i, s in enumerate(slots):
        if run and (query[run[-1][1].end : s.start].strip() or not s.forms[0][1]):
            yield run
            run = []
        if s.forms[0][1]:
            run.append((i, s))
    if run:
        yield run


def _best_path(
    run: list[tuple[int, _Slot]], follows: dict[str, dict[str, int]], total: int, keep: float
) -> dict[int, tuple[str, float]]:
    """Viterbi by max-marginals: each position's form on the best path, with its share against the
    best paths through the position's other forms."""
    forms = [s.forms for _, s in run]
    rest = (1 - LAMBDA) / total
    # A pair never seen scores log(rest·c(a)) + log(rest·c(b)): a sum of one term per side, so its
    # best left neighbour is found once for all right forms; only the seen pairs are visited.
    alone = [[math.log(rest * n) for _, n in f] for f in forms]
    seen = [_seen(left, right, follows, rest) for left, right in itertools.pairwise(forms)]
    unary = [[keep if s.open and f == s.key else 0.0 for f, _ in s.forms] for _, s in run]
    unary[0] = [u + math.log(n / total) for u, (_, n) in zip(unary[0], forms[0])]
    ahead = [unary[0]]
    for i, pairs in enumerate(seen):
        prev = ahead[-1]
        top = max(p + a for p, a in zip(prev, alone[i]))
        here = [top + a for a in alone[i + 1]]
        for j, k, v in pairs:
            here[k] = max(here[k], prev[j] + v)
        ahead.append([h + u for h, u in zip(here, unary[i + 1])])
    behind = [[math.log(n / total) for _, n in forms[-1]]]
    for i in reversed(range(len(seen))):
        after = [b + u for b, u in zip(behind[0], unary[i + 1])]
        top = max(b + a for b, a in zip(after, alone[i + 1]))
        here = [top + a for a in alone[i]]
        for j, k, v in seen[i]:
            here[j] = max(here[j], after[k] + v)
        behind.insert(0, here)
    out = {}
    for (i, _), options, fwd, bwd in zip(run, forms, ahead, behind):
        marginal = [f + b for f, b in zip(fwd, bwd)]
        top = max(marginal)  # halved below: each pair's probability is counted twice (both ways)
        out[i] = (options[marginal.index(top)][0], 1.0 / sum(math.exp((m - top) / 2) for m in marginal))
    return out


def _seen(
    left: list[tuple[str, int]], right: list[tuple[str, int]], follows: dict[str, dict[str, int]], rest: float
) -> list[tuple[int, int, float]]:
    """(j, k, log P(b | a) + log P(a | b)) for the left's form a = j and the right's b = k that were
    seen together."""
    where = {b: k for k, (b, _) in enumerate(right)}
    out = []
    for j, (a, na) in enumerate(left):
        for b, n in follows.get(a, {}).items():
            if (k := where.get(b)) is not None:
                nb = right[k][1]
                out.append((j, k, math.log((LAMBDA * n / na + rest * nb) * (LAMBDA * n / nb + rest * na))))
    return out


def _recase(form: str, typed: str) -> str:
    """The chosen form in the typed word's capitals ("Lam" → "Lâm"); the typed word itself when it
    is the same, or when casing would change the letters (a letter whose capital is two)."""
    if form in (typed, typed.lower()):
        return typed
    cased = "".join(c.upper() if i < len(typed) and typed[i].isupper() else c for i, c in enumerate(form))
    return cased if _fold(cased) == _fold(typed) else typed
