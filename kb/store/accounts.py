"""The SQLite statements of accounts (issue 17): who may read each document, users, API tokens,
failed sign-ins, the audit trail. Part of the catalog (kb/store/sqlite.py); what they mean —
roles, hashing, the lockout policy, the hash chain — is decided in kb/accounts.py and kb/audit.py.

Writes here take `BEGIN IMMEDIATE` under a lock of this connection, so an audit entry reads the
last hash and appends its own as one step, whichever thread or process writes beside it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from kb import audit
from kb.records import Access, Attempts, AuditEntry, Token, User


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AccountRows:
    """Mixed into the SQLite catalog, which provides the connection and the generation counter."""

    db: sqlite3.Connection
    _lock: threading.RLock

    def _bump(self) -> None:
        raise NotImplementedError  # the catalog's

    def _record(self, **change) -> None:
        raise NotImplementedError  # the catalog's: the write-ahead record of a journaled catalog

    def _ids_of(self, shas: list[str]) -> tuple[int, ...]:
        raise NotImplementedError  # the catalog's: the documents with these contents

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction that takes the database's write lock at once."""
        with self._lock:
            if self.db.in_transaction:  # one Python opened for a statement of a read (no one else's: the lock)
                self.db.commit()
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # --- who may read a document --------------------------------------------------------
    def set_access(self, sha: str, access: Access) -> None:
        """Who may read the document with this content (kept by content, as corrections are)."""
        with self._immediate():
            self.db.execute(
                "INSERT OR REPLACE INTO access(sha256, level, groups, changed) VALUES (?,?,?,?)",
                (sha, access.level, json.dumps(list(access.groups), ensure_ascii=False), now_iso()),
            )
            self._bump()
            self._record(refreshed=self._ids_of([sha]))  # a passages index keeps the level beside each passage

    # --- users ---------------------------------------------------------------------------
    def users(self) -> list[User]:
        return [_user(r) for r in self.db.execute("SELECT * FROM users ORDER BY name")]

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT * FROM users WHERE name=?", (name,)).fetchone()
        return _user(row) if row else None

    def password_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT password FROM users WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    def save_user(self, user: User, password_hash: str | None = None) -> None:
        """Add a user (a password hash is then needed) or change one's role, groups or password."""
        groups = json.dumps(list(user.groups), ensure_ascii=False)
        with self._immediate():
            if self.db.execute("SELECT 1 FROM users WHERE name=?", (user.name,)).fetchone():
                self.db.execute(
                    "UPDATE users SET role=?, groups=?, changed=? WHERE name=?",
                    (user.role, groups, now_iso(), user.name),
                )
                if password_hash:
                    self.db.execute("UPDATE users SET password=? WHERE name=?", (password_hash, user.name))
            else:
                if not password_hash:
                    raise ValueError("a new user needs a password hash")
                self.db.execute(
                    "INSERT INTO users(name, role, password, groups, created, changed) VALUES (?,?,?,?,?,?)",
                    (user.name, user.role, password_hash, groups, now_iso(), now_iso()),
                )

    def delete_user(self, name: str) -> None:
        """Remove a user and their tokens."""
        with self._immediate():
            self.db.execute("DELETE FROM tokens WHERE user=?", (name,))
            self.db.execute("DELETE FROM users WHERE name=?", (name,))
            self.db.execute("DELETE FROM sign_ins WHERE name=?", (name,))

    # --- failed sign-ins -------------------------------------------------------------------
    def attempts(self, name: str) -> Attempts:
        row = self.db.execute("SELECT * FROM sign_ins WHERE name=?", (name,)).fetchone()
        return Attempts(name, row["failures"], row["last"], row["locked_until"]) if row else Attempts(name)

    def save_attempts(self, attempts: Attempts) -> None:
        """Record failed sign-ins for a name; no failures forgets it."""
        with self._immediate():
            if attempts.failures:
                self.db.execute(
                    "INSERT OR REPLACE INTO sign_ins(name, failures, last, locked_until) VALUES (?,?,?,?)",
                    (attempts.name, attempts.failures, attempts.last, attempts.locked_until),
                )
            else:
                self.db.execute("DELETE FROM sign_ins WHERE name=?", (attempts.name,))

    # --- API tokens ------------------------------------------------------------------------
    def tokens(self, user: str | None = None) -> list[Token]:
        """Tokens (of one user when given), revoked ones too, newest first."""
        args: tuple[str, ...]
        sql, args = "SELECT * FROM tokens", ()
        if user is not None:
            sql, args = sql + " WHERE user=?", (user,)
        return [_token(r) for r in self.db.execute(sql + " ORDER BY id DESC", args)]

    def add_token(self, user: str, label: str, digest: str, prefix: str) -> Token:
        with self._immediate():
            cur = self.db.execute(
                "INSERT INTO tokens(user, label, digest, prefix, created) VALUES (?,?,?,?,?)",
                (user, label, digest, prefix, now_iso()),
            )
            token_id = int(cur.lastrowid or 0)
        found = self.token(token_id)
        assert found is not None
        return found

    def token(self, token_id: int) -> Token | None:
        row = self.db.execute("SELECT * FROM tokens WHERE id=?", (token_id,)).fetchone()
        return _token(row) if row else None

    def token_by_digest(self, digest: str) -> Token | None:
        """The live (not revoked) token with this hash."""
        row = self.db.execute("SELECT * FROM tokens WHERE digest=? AND revoked=''", (digest,)).fetchone()
        return _token(row) if row else None

    def revoke_token(self, token_id: int) -> None:
        with self._immediate():
            self.db.execute("UPDATE tokens SET revoked=? WHERE id=? AND revoked=''", (now_iso(), token_id))

    # --- the audit trail -------------------------------------------------------------------
    def append_audit(
        self, actor: str, action: str, document: str = "", details: dict[str, Any] | None = None
    ) -> AuditEntry:
        """Seal an entry to the last one and append it, in one transaction."""
        with self._immediate():
            last = self.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            number, prev = (last[0] + 1, last[1]) if last else (1, audit.GENESIS)
            entry = audit.seal(number, now_iso(), actor, action, document, dict(details or {}), prev)
            self.db.execute(
                "INSERT INTO audit(id, at, actor, action, document, details, prev, hash) VALUES (?,?,?,?,?,?,?,?)",
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
        sql = "SELECT * FROM audit WHERE id > ? ORDER BY id" + (" LIMIT ?" if limit is not None else "")
        args = (after, limit) if limit is not None else (after,)
        return [_entry(r) for r in self.db.execute(sql, args)]

    def audit_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


def _user(r: sqlite3.Row) -> User:
    return User(r["name"], r["role"], tuple(json.loads(r["groups"])), r["created"], r["changed"])


def _entry(r: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        r["id"], r["at"], r["actor"], r["action"], r["document"], json.loads(r["details"]), r["prev"], r["hash"]
    )


def _token(r: sqlite3.Row) -> Token:
    return Token(r["id"], r["user"], r["label"], r["prefix"], r["created"], r["revoked"])
