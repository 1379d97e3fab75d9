"""Who is asking, and what they may do and read: the `Principal` every read and write runs as.

Roles, from least to most: viewer (search, ask, read and download what they may see), editor
(also upload, correct details, change who may read, move to the trash and restore), admin (also
empty the trash, re-index, manage users and tokens, read the audit trail). An anonymous visitor
reads public documents, where the front door (the app, the HTTP API) lets them in at all
(`KB_PUBLIC_READ`). The local operator — the `kb` command at the server without `--user` — may do
everything: whoever runs it can read the home folder anyway.

A document is read by everyone (public), by every signed-in user (internal), or by the members of
one of its groups (restricted); admins read everything.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from ingest.messages import Message
from kb.errors import Forbidden
from kb.records import Access, User

ROLES = ("viewer", "editor", "admin")
_RANK = {"anonymous": 0, "viewer": 1, "editor": 2, "admin": 3}

# The least role each action needs. Names key "access.action.<name>" in the catalogue.
NEEDS = {
    "read": "anonymous",
    "own_account": "viewer",  # one's own password and API tokens
    "upload": "editor",
    "correct": "editor",
    "access": "editor",
    "trash": "editor",
    "restore": "editor",
    "purge": "admin",
    "reindex": "admin",
    "users": "admin",  # users, their roles and groups, everyone's tokens
    "audit": "admin",
    "backup": "admin",
}


def public_read() -> bool:
    """Whether anonymous visitors may read public documents (KB_PUBLIC_READ, on unless 0/no/off/false)."""
    return (os.environ.get("KB_PUBLIC_READ") or "1").strip().lower() not in ("0", "no", "off", "false")


@dataclass(frozen=True)
class Principal:
    name: str | None = None  # None: anonymous
    role: str = "anonymous"
    groups: frozenset[str] = frozenset()
    local: bool = False  # the operator at the server's own shell

    @classmethod
    def anonymous(cls) -> Principal:
        return cls()

    @classmethod
    def operator(cls) -> Principal:
        """The person at the server's shell (`kb` without --user): everything."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "?"
        return cls(f"local:{who}", "admin", frozenset(), local=True)

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(user.name, user.role, frozenset(user.groups))

    @property
    def signed_in(self) -> bool:
        return self.name is not None

    @property
    def everything(self) -> bool:
        """Reads every document."""
        return self.local or self.role == "admin"

    @property
    def actor(self) -> str:
        """How the audit trail names them."""
        return self.name or "anonymous"

    @property
    def visibility(self) -> tuple:
        """What decides which documents they read: equal for two principals that read the same."""
        return ("all",) if self.everything else (self.signed_in, tuple(sorted(self.groups)))

    def may(self, action: str) -> bool:
        return _RANK[self.role] >= _RANK[NEEDS[action]]

    def require(self, action: str) -> None:
        """Refuse, saying what role it needs, unless they may."""
        if not self.may(action):
            raise Forbidden(
                "access.forbidden" if self.signed_in else "access.sign_in_first",
                who=self.actor,
                role=Message(f"access.role.{self.role}"),
                action=Message(f"access.action.{action}"),
                needs=Message(f"access.role.{NEEDS[action]}"),
            )

    def reads(self, access: Access) -> bool:
        """Whether they may read a document with this access level."""
        if self.everything or access.level == "public":
            return True
        if access.level == "internal":
            return self.signed_in
        return bool(self.groups & set(access.groups))


LOCAL = Principal.operator()
ANONYMOUS = Principal.anonymous()
