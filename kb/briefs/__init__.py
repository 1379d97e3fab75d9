"""The onboarding brief: one cited page per organisation and term of office.

records.py    Brief, BriefPart, BriefLine, Source: what a brief is
names.py      an organisation's and a term's several names
scope.py      which papers a brief reads; the organisations and terms to choose from
reading.py    a paper → clauses (sentences, semicolon parts, list items) with headings and pages
parts.py      which part a clause belongs to: a table of named cues
officers.py   who holds the offices, and who held them the term before
tables.py     rows of a targets-and-results table
assemble.py   scope → clauses → parts → merged, ranked, cut: the brief
opening.py    an optional opening paragraph by a language model, checked against the lines
render_docx.py, render_pdf.py   the brief as a Word document and as a PDF
"""

from __future__ import annotations

from kb.briefs import opening
from kb.briefs.assemble import make
from kb.briefs.records import PARTS, Brief, BriefLine, BriefPart, Choice, Source
from kb.briefs.scope import choices

__all__ = ["PARTS", "Brief", "BriefLine", "BriefPart", "Choice", "Source", "choices", "make", "opening"]
