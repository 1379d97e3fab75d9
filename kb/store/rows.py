"""Records to SQL columns and back, for the SQLite and PostgreSQL catalogs (a row is a sqlite3.Row or a
psycopg dict row: read by column name): the one place that knows both."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ingest import Chunk, DocumentMeta, Person
from ingest.records import HEADING_SEPARATOR
from kb.records import Access, StoredDocument

_LISTS = ("terms", "organisations", "places")
PERSON = "name, title, organisation, role, body, term, page, passage"
INSERT_PERSON = f"INSERT INTO people(doc_id, {PERSON}) VALUES (?,?,?,?,?,?,?,?,?)"


def meta_json(meta: DocumentMeta, near_duplicate_of: str | None) -> str:
    """A document's metadata as the `documents.meta` column holds it."""
    return json.dumps({**meta.as_json(), "near_duplicate_of": near_duplicate_of}, ensure_ascii=False)


def document(row: sqlite3.Row | Mapping[str, Any]) -> StoredDocument:
    """A documents row (with its chunk count, corrections and access level) as a record: the
    extracted metadata with a person's corrections on top."""
    stored = json.loads(row["meta"])
    fixes = json.loads(row["fixes"]) if row["fixes"] else {}
    changed: dict[str, Any] = {k: tuple(v) if k in _LISTS else v for k, v in fixes.items() if k != "title"}
    return StoredDocument(
        id=row["id"],
        sha256=row["sha256"],
        name=row["name"],
        path=row["path"],
        stored=row["stored"],
        title=fixes.get("title") or row["title"],
        pages=row["pages"],
        chunks=row["chunks"],
        added=row["added"],
        meta=replace(DocumentMeta.from_json(stored), **changed),
        near_duplicate_of=stored.get("near_duplicate_of"),
        corrected=frozenset(fixes),
        access=access(row["access_level"], row["access_groups"]),
    )


def access(level: str | None, groups: str | None) -> Access:
    """The `access` row's columns as a record (no row: public)."""
    return Access(level, tuple(json.loads(groups or "[]"))) if level else Access()


def marks(c: Chunk) -> tuple[str, str, str]:
    """A chunk's sections, heading path and formal sentences as the `section`, `heading` and
    `formal` columns hold them ("elections,decisions", "II. … › 2. …", "[[0, 98]]")."""
    return ",".join(c.sections), HEADING_SEPARATOR.join(c.heading), json.dumps([list(s) for s in c.formal])


def chunk(r: Any) -> Chunk:
    return Chunk(
        r["ord"],
        r["text"],
        r["page_start"],
        r["page_end"],
        r["char_start"],
        r["char_end"],
        sections=tuple(r["section"].split(",")),
        heading=tuple(h for h in r["heading"].split(HEADING_SEPARATOR) if h),
        formal=tuple((a, b) for a, b in json.loads(r["formal"])),
    )


def person_row(doc_id: int, p: Person) -> tuple:
    return (doc_id, p.name, p.title, p.organisation, p.role, p.body, p.term, p.page, p.passage)


def person(r: Any) -> Person:
    return Person(r["name"], r["title"], r["organisation"], r["role"], r["body"], r["term"], r["page"], r["passage"])
