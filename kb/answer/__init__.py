"""Answers to questions, with their sources, without a language model.

    question.py    the question read once: what it asks for, what it gives
    people.py      who holds a role, who signed a paper: from facts found at ingest
    candidates.py  the sentences of retrieved passages that may answer, scored by named features
    checks.py      whether the best has the evidence to answer, as named checks with reasons
    span.py        the part of the sentence given, and its citation

Any question that is not about people: the terms and years it names become filters, hybrid
search finds passages, and the sentence that covers the question best is the answer, cited to
its file and page. When the evidence is weak the answer says so, and why, and shows the closest
passages as leads; nothing is ever made up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ingest.messages import Message
from ingest.text import fold
from kb.answer import people
from kb.answer.candidates import DATE_OR_RANGE, OFFICIAL, Candidate, Context, scored
from kb.answer.checks import MIN_SENTENCE_COVERAGE, refusal
from kb.answer.question import Question, parse
from kb.answer.records import Answer, Citation
from kb.answer.span import MAX_ANSWER, cite, said
from kb.filters import Filters
from kb.records import Hit, PersonFact
from kb.retriever import Retriever
from kb.terms import coverage, weights, words

__all__ = ["Answer", "Citation", "ask"]

K = 8  # passages searched for a question
# A second sentence joins the answer when it scores within this of the best: the two are then about
# equally likely to be the answer, and a reader tells them apart at a glance.
RUNNER_UP_GAP = 0.05


def ask(
    text: str, retriever: Retriever, facts: Callable[[], list[PersonFact]], k: int = K, as_typed: bool = False
) -> Answer:
    """The sentence(s) that answer, with citations; or a plain "not found", why, and leads. A question
    typed without accents is searched with them put back (kb/retriever.py), unless `as_typed`."""
    q = parse(text)
    found = people.signed(q, retriever, as_typed) or people.who(q, facts())
    if found:
        return found
    store = retriever.store
    # one count per word: the same for every scope tried below
    weight = weights(q.terms, store.frequencies(q.terms), store.chunk_count())
    x = Context(q, weight, as_typed)
    answer = _extract(x, q.filters, retriever, k)
    filters = q.filters
    if answer is not None and filters.on_documents:
        # the document that answers may not say its term or year (a news item without a date)
        lenient = _extract(x, replace(filters, lenient=True), retriever, k)
        if lenient is not None and lenient.found and (not answer.found or lenient.confidence > answer.confidence):
            return lenient
    if (answer is None or not answer.found) and filters.year_from and not filters.term:
        # "đến năm 2020" may be the year a target is set for, not the year of the document
        # — then the answer itself must say that year, or its document's title ("… hoàn thành
        # nhiệm vụ xây dựng nông thôn mới năm 2024" of a decision signed in 2025)
        unfiltered = _extract(x, Filters(), retriever, k)
        if unfiltered and unfiltered.found:
            doc = store.document(unfiltered.citations[0].doc_id)
            shown = DATE_OR_RANGE.sub(" ", f"{unfiltered.answer}\n{doc.title if doc else ''}")
            if re.search(rf"(?<!\d){filters.year_from}(?!\d)", shown):
                return unfiltered
    if answer is None:  # the question names a term or year that no stored document has
        leads = [cite(h, q.text) for h in retriever.search(q.text, k=3, as_typed=as_typed)]
        return _not_found(leads, 0.0, Message("ask.why.scope", {"scope": _scope(filters)}))
    return answer


def _not_found(leads: list[Citation], confidence: float, reason: Message | None = None) -> Answer:
    message = Message("ask.not_found.why" if reason else "ask.not_found", {"reason": reason})
    return Answer(message.text(), False, confidence, leads, reason=reason, message=message)


def _extract(x: Context, filters: Filters, retriever: Retriever, k: int) -> Answer | None:
    """The best sentence of the passages found for the question within the filters; None when
    the filters leave no passage."""
    q = x.question
    scope = filters if filters.active else None
    hits = retriever.search(q.text, k=k, filters=scope, as_typed=x.as_typed)
    if not hits:
        return None if scope else _not_found([], 0.0)
    focus = _focus(q, _common(q.terms, hits))
    results = [hits, retriever.search(focus, k=k, filters=scope, as_typed=x.as_typed)] if focus else [hits]
    if q.outcome and not (scope and scope.kind):
        # What a congress set or found (directions, targets, shortcomings) is said with authority
        # by its resolution and its report; a delegate's speech about a commune's own targets may
        # share every word of the question ("chỉ tiêu trồng cây xanh") and say something else.
        results.append(
            [
                h
                for kind in OFFICIAL
                for h in retriever.search(
                    focus or q.text, k=3, filters=replace(scope or Filters(), kind=kind), as_typed=x.as_typed
                )
            ]
        )
    ranked = _interleave(*results)
    choices = sorted(scored(ranked, x), key=lambda c: -c[0])
    leads = [cite(h, q.text) for _, h in ranked[:3]]
    if not choices:  # no sentence has an answer of the asked kind
        return _not_found(leads, 0.0, Message(f"ask.why.kind.{q.kind}") if q.kind else None)
    top, best = choices[0]
    confidence = round(min(1.0, 0.6 * best.coverage + 0.4 * best.chunk_coverage), 3)
    reason = refusal(best, q, filters)
    if reason:  # said plainly (the next best sentence with enough evidence instead: one answer more
        # on a fresh held-out set, one out-of-corpus answer wrong)
        return _not_found(leads, confidence, reason)
    answer, cited = said(best, q, x.weights)
    second = _runner_up(choices, top, best, answer, x, filters)
    if second:
        answer = f"{answer} … {second[0]}"
    quoted = [cited, *([second[1]] if second and second[1].text != cited.text else [])]
    others = [c for c in leads if all((c.file, c.text) != (y.file, y.text) for y in quoted)]
    return Answer(answer, True, confidence, [*quoted, *others][:3])


def _runner_up(
    choices: list[tuple[float, Candidate]], top: float, best: Candidate, answer: str, x: Context, filters: Filters
) -> tuple[str, Citation] | None:
    """The next best sentence, said as an answer, when it scores nearly as well as the best, has the
    evidence to answer (and the question's words in itself, not only around it), says something
    else, and both fit in one answer."""
    q = x.question
    for score, choice in choices[1:]:
        if score < top - RUNNER_UP_GAP:
            return None
        if choice.hit is best.hit and choice.start < best.end and best.start < choice.end:
            continue
        text, cited = said(choice, q, x.weights)
        if (
            words(text, pairs=False) <= words(answer, pairs=False)
            or refusal(choice, q, filters)
            or coverage(q.terms, text, x.weights) < MIN_SENTENCE_COVERAGE
        ):
            continue  # the same sentence in another rendering of the paper, or too little of the question
        return (text, cited) if len(answer) + len(text) <= MAX_ANSWER else None
    return None


def _common(terms: list[str], hits: list[Hit]) -> set[str]:
    """The question's words that most retrieved passages share: in "Hội phụ nữ huyện Gia Lâm đặt
    chỉ tiêu trồng bao nhiêu cây xanh" the organisation's name is in all of its papers, and only
    "chỉ tiêu trồng cây xanh" tells the passage that answers from the rest."""
    texts = [words(h.chunk.text) for h in hits]
    single = {t for t in terms if "_" not in t}
    common = {t for t in single if sum(t in have for have in texts) >= max(2, 0.75 * len(texts))}
    return common | {t for t in terms if "_" in t and all(p in common for p in t.split("_"))}


def _focus(q: Question, common: set[str]) -> str:
    """The question without its common words, to search again with; empty when no word is that
    common or too few are left to search with."""
    single = {t for t in q.terms if "_" not in t}
    kept = [w for w in re.findall(r"\w+", q.text) if fold(w.lower()) in single - common]
    if not common or len(kept) < 2:
        return ""
    return " ".join(kept)


def _interleave(*results: list[Hit]) -> list[tuple[int, Hit]]:
    """Result lists merged, each passage once, with its best rank in any."""
    rank: dict[tuple[int, int], tuple[int, Hit]] = {}
    for hits in results:
        for i, h in enumerate(hits):
            key = (h.doc.id, h.chunk.ord)
            if key not in rank or i < rank[key][0]:
                rank[key] = (i, h)
    return sorted(rank.values(), key=lambda x: x[0])


def _scope(filters: Filters) -> Message:
    if filters.term:
        return (
            Message("ask.scope.years", {"term": filters.term})
            if filters.term[0].isdigit()
            else Message("ask.scope.term", {"term": filters.term})
        )
    return Message("ask.scope.year", {"year": filters.year_from})
