"""Accounts: users with a role and groups, passwords, sign-in with a lockout, API tokens.

Passwords are kept as argon2id hashes (argon2-cffi, its RFC 9106 low-memory profile: 64 MiB, 3
passes; about 0.6 s on this 2-core machine). API tokens are 32 random bytes (`secrets`), shown once
and kept as their SHA-256: a token is as strong as a key, so a slow hash would only slow every API
call. Failed sign-ins for a name are counted whether or not the name exists, so neither the
message nor the lock tells who has an account: after `SLOW_AFTER` failures each further try
waits longer (1, 2, 4 … up to 60 s), after `LOCK_AFTER` the name is locked for `LOCK_MINUTES`.
Every change and every sign-in, good or bad, is written to the audit trail.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import unicodedata
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kb.access import ROLES, Principal
from kb.errors import KbError, NotFound
from kb.records import Attempts, Token, User
from kb.store import Store

SLOW_AFTER = 3  # failures in a row before each further try must wait
LOCK_AFTER = 8  # failures in a row that lock the name
LOCK_MINUTES = 15
MAX_WAIT = 60  # seconds between tries, at most, before the lock
MIN_PASSWORD = 8
TOKEN_PREFIX = "kb_"
_NAME = re.compile(r"[\w.@-]{1,64}")
_HASHER = PasswordHasher()  # argon2id
_DUMMY = _HASHER.hash("not a password of anyone")  # verified against for unknown names: same time taken


def normal_name(name: str) -> str:
    """A user name as stored: NFC, lower case; letters, digits and . _ - @ only."""
    name = unicodedata.normalize("NFC", name.strip()).casefold()
    if not _NAME.fullmatch(name):
        raise KbError("account.bad_name", name=name)
    return name


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise KbError("account.short_password", n=MIN_PASSWORD)
    return _HASHER.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def wait_before(a: Attempts, now: float) -> float:
    """Seconds before a name may try to sign in again (0: now)."""
    if a.locked_until > now:
        return a.locked_until - now
    if a.failures >= SLOW_AFTER and a.failures < LOCK_AFTER:
        return max(0.0, a.last + min(2 ** (a.failures - SLOW_AFTER), MAX_WAIT) - now)
    return 0.0


def _clock(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M UTC")


class Accounts:
    """The accounts of one knowledge base, as one principal may manage them."""

    def __init__(self, store: Store, principal: Principal):
        self.store, self.principal = store, principal

    def _audit(self, action: str, **details) -> None:
        self.store.append_audit(self.principal.actor, action, "", details)

    # --- users ----------------------------------------------------------------------------
    def users(self) -> list[User]:
        self.principal.require("users")
        return self.store.users()

    def has_admin(self) -> bool:
        """Whether anyone can manage the others yet (the app says how to create the first one)."""
        return any(u.role == "admin" for u in self.store.users())

    def add(self, name: str, role: str, password: str, groups: tuple[str, ...] = ()) -> User:
        self.principal.require("users")
        name = normal_name(name)
        _check_role(role)
        if self.store.user(name):
            raise KbError("account.exists", name=name)
        user = User(name, role, _groups(groups))
        self.store.save_user(user, hash_password(password))
        self._audit("user_add", user=name, role=role, groups=list(user.groups))
        return self.store.user(name) or user

    def change(self, name: str, role: str | None = None, groups: tuple[str, ...] | None = None) -> User:
        """A user's role and/or groups."""
        self.principal.require("users")
        user = self._user(name)
        if role is not None:
            _check_role(role)
            if user.role == "admin" and role != "admin":
                self._keep_an_admin(user.name)
        after = User(user.name, role or user.role, _groups(groups) if groups is not None else user.groups)
        self.store.save_user(after)
        self._audit(
            "user_change",
            user=user.name,
            before={"role": user.role, "groups": list(user.groups)},
            after={"role": after.role, "groups": list(after.groups)},
        )
        return self.store.user(user.name) or after

    def set_password(self, name: str, password: str) -> None:
        """An admin sets anyone's password; a user their own."""
        name = normal_name(name)
        if name != self.principal.name:
            self.principal.require("users")
        else:
            self.principal.require("own_account")
        user = self._user(name)
        self.store.save_user(user, hash_password(password))
        self.store.save_attempts(Attempts(name))  # a new password lifts a lock
        self._audit("user_password", user=name)

    def remove(self, name: str) -> User:
        self.principal.require("users")
        user = self._user(name)
        if user.role == "admin":
            self._keep_an_admin(user.name)
        self.store.delete_user(user.name)
        self._audit("user_remove", user=user.name, role=user.role)
        return user

    def _user(self, name: str) -> User:
        user = self.store.user(normal_name(name))
        if user is None:
            raise NotFound("account.no_user", name=name)
        return user

    def _keep_an_admin(self, leaving: str) -> None:
        if not any(u.role == "admin" and u.name != leaving for u in self.store.users()):
            raise KbError("account.last_admin", name=leaving)

    # --- signing in ---------------------------------------------------------------------------
    def sign_in(self, name: str, password: str, now: float | None = None) -> Principal:
        """The user's principal, or an error that says only "wrong name or password", or how long to
        wait, or until when the name is locked. Unknown names are slowed and locked alike."""
        now = time.time() if now is None else now
        try:
            name = normal_name(name)
        except KbError:
            raise KbError("account.wrong") from None
        attempts = self.store.attempts(name)
        wait = wait_before(attempts, now)
        if wait > 0:
            if attempts.locked_until > now:
                raise KbError("account.locked", until=_clock(attempts.locked_until), minutes=LOCK_MINUTES)
            raise KbError("account.wait", seconds=max(1, round(wait)))
        stored = self.store.password_hash(name)
        if _verified(stored, password):
            user = self.store.user(name)
            if user is not None:
                if attempts.failures:
                    self.store.save_attempts(Attempts(name))
                if stored and _HASHER.check_needs_rehash(stored):
                    self.store.save_user(user, _HASHER.hash(password))
                self.store.append_audit(name, "sign_in", "", {})
                return Principal.of(user)
        failures = attempts.failures + 1
        locked = now + LOCK_MINUTES * 60 if failures >= LOCK_AFTER else 0.0
        self.store.save_attempts(Attempts(name, failures, now, locked))
        self.store.append_audit(name, "sign_in_failed", "", {"failures": failures})
        if locked:
            self.store.append_audit(name, "locked", "", {"minutes": LOCK_MINUTES})
            raise KbError("account.locked", until=_clock(locked), minutes=LOCK_MINUTES)
        if failures >= SLOW_AFTER:
            raise KbError("account.wrong_wait", seconds=min(2 ** (failures - SLOW_AFTER), MAX_WAIT))
        raise KbError("account.wrong")

    def principal_of(self, name: str) -> Principal:
        """A user's principal by name, without a password (the CLI's --user: whoever runs `kb` at the
        server reads the home folder anyway)."""
        return Principal.of(self._user(name))

    def refresh(self, principal: Principal) -> Principal | None:
        """A signed-in principal as the account is now (role or groups changed), or None when removed."""
        if principal.local or not principal.signed_in or principal.name is None:
            return principal
        user = self.store.user(principal.name)
        return Principal.of(user) if user else None

    # --- API tokens -------------------------------------------------------------------------------
    def create_token(self, user: str | None = None, label: str = "") -> tuple[Token, str]:
        """(the token's record, the token itself: shown this once, never kept)."""
        owner = self._token_owner(user)
        secret = new_token()
        token = self.store.add_token(owner, label.strip()[:80], token_digest(secret), secret[:10])
        self._audit("token_create", user=owner, token=token.id, label=token.label)
        return token, secret

    def tokens(self, user: str | None = None) -> list[Token]:
        """One's own tokens; an admin's list of everyone's (or one user's)."""
        if user is None and self.principal.may("users"):
            return self.store.tokens()
        return self.store.tokens(self._token_owner(user))

    def revoke_token(self, token_id: int) -> Token:
        token = self.store.token(token_id)
        if token is None or (token.user != self.principal.name and not self.principal.may("users")):
            raise NotFound("account.no_token", token=token_id)
        self.store.revoke_token(token_id)
        self._audit("token_revoke", user=token.user, token=token_id)
        return self.store.token(token_id) or token

    def _token_owner(self, user: str | None) -> str:
        self.principal.require("own_account")
        name = normal_name(user) if user else self.principal.name
        if name is None or self.principal.local and not user:
            raise KbError("account.token_whose")
        if name != self.principal.name:
            self.principal.require("users")
        else:
            self.principal.require("own_account")
        return self._user(name).name

    def principal_of_token(self, secret: str) -> Principal | None:
        """Whose token this is, as they are now (None: unknown or revoked)."""
        token = self.store.token_by_digest(token_digest(secret.strip()))
        user = self.store.user(token.user) if token else None
        return Principal.of(user) if user else None


def _verified(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise KbError("account.bad_role", role=role, roles=", ".join(ROLES))


def _groups(groups: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Group names as kept: trimmed, no empty ones, each once, in order."""
    return tuple(dict.fromkeys(g.strip() for g in groups if g.strip()))
