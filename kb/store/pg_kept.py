"""The PostgreSQL statements of what an organisation keeps (issue 17) and of the accent-restoration
counts (issue 16), mixed into the PostgreSQL catalog (kb/store/postgres.py) as kb/store/accounts.py,
kb/store/trash.py and kb/store/syllables.py are into the SQLite one: who may read each document,
users, API tokens, failed sign-ins, the audit trail (append-only: a trigger refuses UPDATE, DELETE and
TRUNCATE; each entry sealed by a hash of the one before, appended under an advisory lock so that two
writers never fork the chain), the trash (a document kept whole, its vectors included), and the
syllable counts restoration reads, kept in the transaction that stores or removes a document's pages.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from ingest.text import fold
from kb import audit
from kb.accents import count
from kb.records import Access, Attempts, AuditEntry, StoredDocument, Token, TrashItem, User
from kb.store import rows
from kb.store.accounts import now_iso

SCHEMA_KEPT = [
    """CREATE TABLE IF NOT EXISTS access (
        sha256 TEXT PRIMARY KEY, level TEXT NOT NULL, groups TEXT NOT NULL DEFAULT '[]', changed TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY, role TEXT NOT NULL, password TEXT NOT NULL, groups TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL, changed TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tokens (
        id BIGSERIAL PRIMARY KEY, "user" TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '', digest TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, created TEXT NOT NULL,
        revoked TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS sign_ins (
        name TEXT PRIMARY KEY, failures INTEGER NOT NULL, last DOUBLE PRECISION NOT NULL,
        locked_until DOUBLE PRECISION NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS audit (
        id BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        document TEXT NOT NULL DEFAULT '', details TEXT NOT NULL DEFAULT '{}', prev TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    """CREATE OR REPLACE FUNCTION kb_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$""",
    """CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION kb_audit_append_only()""",
    """CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION kb_audit_append_only()""",
    """CREATE TABLE IF NOT EXISTS trash (
        id BIGSERIAL PRIMARY KEY, sha256 TEXT NOT NULL, name TEXT NOT NULL, stored TEXT NOT NULL,
        trashed TEXT NOT NULL, "by" TEXT NOT NULL, model TEXT NOT NULL, document TEXT NOT NULL, pages TEXT NOT NULL,
        people TEXT NOT NULL, sources TEXT NOT NULL, chunks TEXT NOT NULL, vectors BYTEA NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS syllables (
        fold TEXT NOT NULL, form TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (fold, form))""",
    """CREATE TABLE IF NOT EXISTS syllable_pairs (
        fa TEXT NOT NULL, fb TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (fa, fb, a, b))""",
]
TOTAL = "syllables_counted"  # the meta key of how many syllables were counted in all (as in SQLite)
_AUDIT_LOCK = 7220  # the advisory lock an audit entry is appended under
_CHUNK_COLUMNS = ("ord", "text", "page_start", "page_end", "char_start", "char_end", "section", "heading", "formal")
_DOCUMENT_COLUMNS = ("sha256", "name", "path", "stored", "title", "pages", "chars", "added", "meta")
_LISTED = 'id, sha256, trashed, "by", document, json_array_length(chunks::json) AS n'


def add_syllables(db: Any, texts: Iterable[str], sign: int = 1) -> None:
    """Count texts in (sign 1) or out (sign -1); call inside the catalog's transaction."""
    syllables: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        s, p = count(text)
        syllables.update(s)
        pairs.update(p)
    if not syllables:
        return
    with db.cursor() as cur:
        cur.executemany(
            "INSERT INTO syllables(fold, form, n) VALUES (%s, %s, %s)"
            " ON CONFLICT (fold, form) DO UPDATE SET n = syllables.n + excluded.n",
            [(fold(w), w, sign * n) for w, n in sorted(syllables.items())],
        )
        cur.executemany(
            "INSERT INTO syllable_pairs(fa, fb, a, b, n) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (fa, fb, a, b) DO UPDATE SET n = syllable_pairs.n + excluded.n",
            [(fold(a), fold(b), a, b, sign * n) for (a, b), n in sorted(pairs.items())],
        )
    if sign < 0:  # what reaches zero is gone: the tables hold what is stored, nothing more
        db.execute("DELETE FROM syllables WHERE n <= 0")
        db.execute("DELETE FROM syllable_pairs WHERE n <= 0")
    db.execute(
        "INSERT INTO meta(key, value) VALUES (%s, %s) ON CONFLICT (key)"
        " DO UPDATE SET value = (meta.value::bigint + excluded.value::bigint)::text",
        (TOTAL, str(sign * syllables.total())),
    )


def rebuild_syllables(db: Any) -> None:
    """Count every stored page again (a catalog copied in, or one made before the counts); in a transaction."""
    db.execute("DELETE FROM syllables")
    db.execute("DELETE FROM syllable_pairs")
    db.execute("DELETE FROM meta WHERE key = %s", (TOTAL,))
    last = (-1, -1)
    while True:  # in batches of pages, by key: no cursor left open meanwhile
        found = db.execute(
            "SELECT doc_id, page, text FROM pages WHERE (doc_id, page) > (%s, %s) ORDER BY doc_id, page LIMIT 2000",
            last,
        ).fetchall()
        if not found:
            return
        add_syllables(db, (r["text"] for r in found))
        last = (found[-1]["doc_id"], found[-1]["page"])


class PgCounts:
    """The counts as kb.accents.Counts reads them, from the catalog's tables (each look-up by index)."""

    def __init__(self, db: Any):
        self.db = db

    def forms(self, folded: Iterable[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.db.execute("SELECT fold, form, n FROM syllables WHERE fold = ANY(%s)", (sorted(folded),)):
            out.setdefault(r["fold"], {})[r["form"]] = int(r["n"])
        return out

    def pairs(self, folded: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        wanted = sorted(folded)
        if not wanted:
            return {}
        found = self.db.execute(
            "SELECT s.a, s.b, s.n FROM unnest(%s::text[], %s::text[]) AS q(fa, fb)"
            " JOIN syllable_pairs s ON s.fa = q.fa AND s.fb = q.fb",
            ([a for a, _ in wanted], [b for _, b in wanted]),
        )
        return {(r["a"], r["b"]): int(r["n"]) for r in found}

    def total(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = %s", (TOTAL,)).fetchone()
        return int(row["value"]) if row else 0


class PgKeptRows:
    """Mixed into the PostgreSQL catalog, which provides the connection, the generation and the journal."""

    db: Any

    def _begin_change(self) -> int:
        raise NotImplementedError  # the catalog's

    def _record(self, generation: int, **change) -> None:
        raise NotImplementedError  # the catalog's

    def _delete(self, doc_id: int) -> list[int]:
        raise NotImplementedError  # the catalog's

    def _ids_of(self, shas: list[str]) -> tuple[int, ...]:
        raise NotImplementedError  # the catalog's

    def setting(self, key: str, default: str | None = None) -> str | None:
        raise NotImplementedError  # the catalog's

    def document(self, doc_id: int) -> StoredDocument | None:
        raise NotImplementedError  # the catalog's

    def syllable_counts(self) -> PgCounts:
        """The counts accent restoration reads (kb/accents.py)."""
        return PgCounts(self.db)

    # --- who may read a document ------------------------------------------------------------
    def set_access(self, sha: str, access: Access) -> None:
        """Who may read the document with this content (kept by content, as corrections are)."""
        with self.db.transaction():
            generation = self._begin_change()
            self.db.execute(
                "INSERT INTO access(sha256, level, groups, changed) VALUES (%s,%s,%s,%s) ON CONFLICT (sha256)"
                " DO UPDATE SET level=excluded.level, groups=excluded.groups, changed=excluded.changed",
                (sha, access.level, json.dumps(list(access.groups), ensure_ascii=False), now_iso()),
            )
            self._record(generation, refreshed=self._ids_of([sha]))  # the passages keep the level as a field

    # --- users ------------------------------------------------------------------------------
    def users(self) -> list[User]:
        return [_user(r) for r in self.db.execute('SELECT * FROM users ORDER BY name COLLATE "C"')]

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT * FROM users WHERE name=%s", (name,)).fetchone()
        return _user(row) if row else None

    def password_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT password FROM users WHERE name=%s", (name,)).fetchone()
        return row["password"] if row else None

    def save_user(self, user: User, password_hash: str | None = None) -> None:
        """Add a user (a password hash is then needed) or change one's role, groups or password."""
        groups = json.dumps(list(user.groups), ensure_ascii=False)
        with self.db.transaction():
            if self.db.execute("SELECT 1 FROM users WHERE name=%s FOR UPDATE", (user.name,)).fetchone():
                self.db.execute(
                    "UPDATE users SET role=%s, groups=%s, changed=%s WHERE name=%s",
                    (user.role, groups, now_iso(), user.name),
                )
                if password_hash:
                    self.db.execute("UPDATE users SET password=%s WHERE name=%s", (password_hash, user.name))
            else:
                if not password_hash:
                    raise ValueError("a new user needs a password hash")
                self.db.execute(
                    "INSERT INTO users(name, role, password, groups, created, changed) VALUES (%s,%s,%s,%s,%s,%s)",
                    (user.name, user.role, password_hash, groups, now_iso(), now_iso()),
                )

    def delete_user(self, name: str) -> None:
        """Remove a user and their tokens."""
        with self.db.transaction():
            self.db.execute('DELETE FROM tokens WHERE "user"=%s', (name,))
            self.db.execute("DELETE FROM users WHERE name=%s", (name,))
            self.db.execute("DELETE FROM sign_ins WHERE name=%s", (name,))

    # --- failed sign-ins --------------------------------------------------------------------
    def attempts(self, name: str) -> Attempts:
        row = self.db.execute("SELECT * FROM sign_ins WHERE name=%s", (name,)).fetchone()
        return Attempts(name, row["failures"], row["last"], row["locked_until"]) if row else Attempts(name)

    def save_attempts(self, attempts: Attempts) -> None:
        """Record failed sign-ins for a name; no failures forgets it."""
        if attempts.failures:
            self.db.execute(
                "INSERT INTO sign_ins(name, failures, last, locked_until) VALUES (%s,%s,%s,%s) ON CONFLICT (name)"
                " DO UPDATE SET failures=excluded.failures, last=excluded.last, locked_until=excluded.locked_until",
                (attempts.name, attempts.failures, attempts.last, attempts.locked_until),
            )
        else:
            self.db.execute("DELETE FROM sign_ins WHERE name=%s", (attempts.name,))

    # --- API tokens -------------------------------------------------------------------------
    def tokens(self, user: str | None = None) -> list[Token]:
        """Tokens (of one user when given), revoked ones too, newest first."""
        if user is None:
            return [_token(r) for r in self.db.execute("SELECT * FROM tokens ORDER BY id DESC")]
        return [_token(r) for r in self.db.execute('SELECT * FROM tokens WHERE "user"=%s ORDER BY id DESC', (user,))]

    def add_token(self, user: str, label: str, digest: str, prefix: str) -> Token:
        row = self.db.execute(
            'INSERT INTO tokens("user", label, digest, prefix, created) VALUES (%s,%s,%s,%s,%s) RETURNING *',
            (user, label, digest, prefix, now_iso()),
        ).fetchone()
        return _token(row)

    def token(self, token_id: int) -> Token | None:
        row = self.db.execute("SELECT * FROM tokens WHERE id=%s", (token_id,)).fetchone()
        return _token(row) if row else None

    def token_by_digest(self, digest: str) -> Token | None:
        """The live (not revoked) token with this hash."""
        row = self.db.execute("SELECT * FROM tokens WHERE digest=%s AND revoked=''", (digest,)).fetchone()
        return _token(row) if row else None

    def revoke_token(self, token_id: int) -> None:
        self.db.execute("UPDATE tokens SET revoked=%s WHERE id=%s AND revoked=''", (now_iso(), token_id))

    # --- the audit trail --------------------------------------------------------------------
    def append_audit(
        self, actor: str, action: str, document: str = "", details: dict[str, Any] | None = None
    ) -> AuditEntry:
        """Seal an entry to the last one and append it, in one transaction under the audit's lock."""
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_AUDIT_LOCK,))
            last = self.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            number, prev = (last["id"] + 1, last["hash"]) if last else (1, audit.GENESIS)
            entry = audit.seal(number, now_iso(), actor, action, document, dict(details or {}), prev)
            self.db.execute(
                "INSERT INTO audit(id, at, actor, action, document, details, prev, hash)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                (
                    entry.id,
                    entry.at,
                    entry.actor,
                    entry.action,
                    entry.document,
                    json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
                    entry.prev,
                    entry.hash,
                ),
            )
        return entry

    def audit_entries(self, after: int = 0, limit: int | None = None) -> list[AuditEntry]:
        """Entries with a number above `after`, oldest first (at most `limit`)."""
        found = self.db.execute("SELECT * FROM audit WHERE id > %s ORDER BY id LIMIT %s", (after, limit))
        return [_entry(r) for r in found]

    def audit_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) AS n FROM audit").fetchone()["n"])

    # --- the trash --------------------------------------------------------------------------
    def move_to_trash(self, doc_id: int, by: str) -> tuple[TrashItem, list[int]] | None:
        """Move a document to the trash; returns the item and the chunk ids that left the passages."""
        with self.db.transaction():
            generation = self._begin_change()
            row = self.db.execute("SELECT * FROM documents WHERE id=%s", (doc_id,)).fetchone()
            if row is None:
                return None
            document = {k: row[k] for k in _DOCUMENT_COLUMNS}
            pages = [[r["page"], r["text"]] for r in self.db.execute(_PAGES, (doc_id,))]
            people = [
                [r[k] for k in rows.PERSON.split(", ")]
                for r in self.db.execute(f"SELECT {rows.PERSON} FROM people WHERE doc_id=%s ORDER BY seq", (doc_id,))
            ]
            sources = [
                r["path"] for r in self.db.execute("SELECT path FROM sources WHERE doc_id=%s ORDER BY seq", (doc_id,))
            ]
            found = self.db.execute(
                f"SELECT {', '.join(_CHUNK_COLUMNS)}, vector FROM chunks WHERE doc_id=%s ORDER BY ord", (doc_id,)
            ).fetchall()
            trash_id = self.db.execute(
                'INSERT INTO trash(sha256, name, stored, trashed, "by", model, document, pages, people, sources,'
                " chunks, vectors) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
                (
                    row["sha256"],
                    row["name"],
                    row["stored"],
                    now_iso(),
                    by,
                    self.setting("model") or "",
                    _json(document),
                    _json(pages),
                    _json(people),
                    _json(sources),
                    _json([[r[k] for k in _CHUNK_COLUMNS] for r in found]),
                    b"".join(bytes(r["vector"]) for r in found),
                ),
            ).fetchone()["id"]
            removed = self._delete(doc_id)  # the pages' syllables counted out with them
            self._record(generation, removed=tuple(removed))
        item = self.trash_item(int(trash_id))
        assert item is not None
        return item, removed

    def take_from_trash(self, trash_id: int) -> tuple[int, list[int], np.ndarray] | None:
        """Put a trashed document back (new ids); returns (document id, chunk ids, their vectors)."""
        with self.db.transaction(), self.db.cursor() as cur:
            generation = self._begin_change()
            row = self.db.execute("SELECT * FROM trash WHERE id=%s", (trash_id,)).fetchone()
            if row is None:
                return None
            document = json.loads(row["document"])
            chunks = json.loads(row["chunks"])
            raw = bytes(row["vectors"])
            dim = len(raw) // 4 // max(len(chunks), 1)
            vectors = np.frombuffer(raw, np.float32).reshape(len(chunks), dim) if chunks else np.zeros((0, 0))
            columns, blanks = ", ".join(_DOCUMENT_COLUMNS), ",".join(["%s"] * len(_DOCUMENT_COLUMNS))
            doc_id = int(
                cur.execute(
                    f"INSERT INTO documents({columns}) VALUES ({blanks}) RETURNING id",
                    [document[k] for k in _DOCUMENT_COLUMNS],
                ).fetchone()["id"]
            )
            pages = json.loads(row["pages"])
            cur.executemany("INSERT INTO pages(doc_id, page, text) VALUES (%s,%s,%s)", [(doc_id, *p) for p in pages])
            add_syllables(self.db, (text for _, text in pages))
            cur.executemany(rows.INSERT_PERSON.replace("?", "%s"), [(doc_id, *p) for p in json.loads(row["people"])])
            ids = []
            for c, v in zip(chunks, vectors):
                found = cur.execute(
                    f"INSERT INTO chunks(doc_id, {', '.join(_CHUNK_COLUMNS)}, vector)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
                    (doc_id, *c, np.asarray(v, np.float32).tobytes()),
                ).fetchone()
                ids.append(int(found["id"]))
            cur.executemany(
                "INSERT INTO sources(path, doc_id) VALUES (%s, %s) ON CONFLICT (path) DO NOTHING",
                [(s, doc_id) for s in json.loads(row["sources"])],
            )
            self.db.execute("DELETE FROM trash WHERE id=%s", (trash_id,))
            self._record(generation, added=tuple(ids))
        return doc_id, ids, vectors

    def trashed(self) -> list[TrashItem]:
        """What the trash holds, the most recently trashed first."""
        return [self._item(r) for r in self.db.execute(f"SELECT {_LISTED} FROM trash ORDER BY id DESC").fetchall()]

    def trash_item(self, trash_id: int) -> TrashItem | None:
        row = self.db.execute(f"SELECT {_LISTED} FROM trash WHERE id=%s", (trash_id,)).fetchone()
        return self._item(row) if row else None

    def trash_model(self, trash_id: int) -> str | None:
        row = self.db.execute("SELECT model FROM trash WHERE id=%s", (trash_id,)).fetchone()
        return row["model"] if row else None

    def purge(self, trash_id: int) -> TrashItem | None:
        """Remove a document from the trash for good; its access level and corrections go with it
        unless its content is stored or trashed again."""
        item = self.trash_item(trash_id)
        if item is None:
            return None
        with self.db.transaction():
            self._begin_change()
            self.db.execute("DELETE FROM trash WHERE id=%s", (trash_id,))
            sha = item.doc.sha256
            held = self.db.execute(
                "SELECT 1 FROM documents WHERE sha256=%s UNION ALL SELECT 1 FROM trash WHERE sha256=%s", (sha, sha)
            ).fetchone()
            if not held:
                self.db.execute("DELETE FROM access WHERE sha256=%s", (sha,))
                self.db.execute("DELETE FROM corrections WHERE sha256=%s", (sha,))
        return item

    def stored_files(self) -> set[str]:
        """The originals (paths relative to the home) that live and trashed documents hold."""
        return {r["stored"] for r in self.db.execute("SELECT stored FROM documents UNION SELECT stored FROM trash")}

    def _item(self, r: Any) -> TrashItem:
        """A trash row as a record: the document as it was, with its corrections and access as they are."""
        document: dict[str, Any] = json.loads(r["document"])
        fixes = self.db.execute("SELECT fields FROM corrections WHERE sha256=%s", (r["sha256"],)).fetchone()
        access = self.db.execute("SELECT level, groups FROM access WHERE sha256=%s", (r["sha256"],)).fetchone()
        doc = rows.document(
            {
                **document,
                "id": 0,
                "chunks": r["n"],
                "fixes": fixes["fields"] if fixes else None,
                "access_level": access["level"] if access else None,
                "access_groups": access["groups"] if access else None,
            }
        )
        return TrashItem(r["id"], doc, r["trashed"], r["by"])


_PAGES = "SELECT page, text FROM pages WHERE doc_id=%s ORDER BY page"
_SOURCES = "SELECT path FROM sources WHERE doc_id=%s ORDER BY seq"


def _user(r: Any) -> User:
    return User(r["name"], r["role"], tuple(json.loads(r["groups"])), r["created"], r["changed"])


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(
        r["id"], r["at"], r["actor"], r["action"], r["document"], json.loads(r["details"]), r["prev"], r["hash"]
    )


def _token(r: Any) -> Token:
    return Token(r["id"], r["user"], r["label"], r["prefix"], r["created"], r["revoked"])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
