"""Answers about people: who holds a role (from the people facts found at ingest), who signed a paper
(from its signature block, found at ingest)."""

from __future__ import annotations

from ingest.messages import Message
from ingest.text import fold
from kb.answer.checks import numbered
from kb.answer.question import Question
from kb.answer.records import Answer, Citation
from kb.filters import term_key
from kb.records import PersonFact
from kb.retriever import Retriever
from kb.terms import words


def who(q: Question, facts: list[PersonFact]) -> Answer | None:
    """Answer "who holds role R" from the people facts, when the question asks exactly that."""
    if not q.who or not q.role:
        return None
    role = fold(q.role)
    asked = set(q.terms) - set(role.split()) - {role.replace(" ", "_")}
    best, best_score = None, 0.0
    for fact in facts:
        p = fact.person
        if fold(p.role) != role:
            continue
        if q.filters.term and term_key(p.term or "") != term_key(q.filters.term):
            continue
        context = words(" ".join([p.body, p.passage, fact.doc.title]))
        if not q.role_names <= context:
            continue
        score = (len(asked & context) + 1) / (len(asked) + 1)
        if score > best_score:
            best, best_score = fact, score
    if not best or best_score <= 0.5:  # one word of two
        return None
    p = best.person
    name = ", ".join(
        x
        for x in [f"{_honorific(p.passage, p.name)}{p.name}", " ".join(x for x in [p.title, p.organisation] if x)]
        if x
    )
    role_text = " ".join(x for x in [p.role, p.body] if x)
    start = p.passage.find(p.name)
    spans = ((start, start + len(p.name)),) if start >= 0 else ()
    cite = Citation(best.doc.name, p.page, p.passage, spans, best.doc.id, answering=((0, len(p.passage)),))
    key = "ask.who.years" if p.term and p.term[0].isdigit() else "ask.who.term" if p.term else "ask.who"
    message = Message(key, {"who": name, "role": role_text, "term": p.term})
    return Answer(message.text(), True, round(min(1.0, 0.6 + 0.4 * best_score), 3), [cite], message=message)


def signed(q: Question, retriever: Retriever, as_typed: bool = False) -> Answer | None:
    """ "Ai đã ký Nghị quyết 33/2022?": the signer of the document the question names (by its number
    when it gives one, else the best match), or None to answer the usual way."""
    if not q.signed:
        return None
    filters = q.filters
    hits = retriever.search(q.text, k=8, filters=filters if filters.active else None, as_typed=as_typed)
    docs = [(h.doc, next((num for n in q.paper_numbers if (num := numbered(h.doc, n))), "")) for h in hits]
    if q.paper_numbers:  # the number is the document's own, or one it announces: either way the question's
        docs = [(doc, number) for doc, number in docs if number]
    for doc, number in docs[:1]:
        signer = doc.meta.signer
        if signer is None:
            return None
        for _, chunk in reversed(retriever.store.chunks_of(doc.id)):
            at = chunk.text.rfind(signer.name)
            if at >= 0:
                what = (
                    Message("ask.signed.number", {"number": number})
                    if number
                    else Message("ask.signed.this", {"file": doc.name})
                )
                message = Message("ask.signed", {"name": signer.name, "title": signer.title, "what": what})
                name = (at, at + len(signer.name))
                cite = Citation(doc.name, chunk.page_start, chunk.text, (name,), doc.id, answering=(name,))
                return Answer(message.text(), True, 0.9 if number else 0.7, [cite], message=message)
    return None


def _honorific(passage: str, name: str) -> str:
    i = passage.find(name)
    before = passage[max(0, i - 12) : i].strip().split()
    if before and fold(before[-1]) in ("ba", "ong"):
        return before[-1].capitalize() + " "
    return ""
