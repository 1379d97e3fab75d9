"""Errors that reach people: each says what happened and what to do, in their language.

An error carries a message key of ingest/catalogue.py and its values; it becomes text where it is
shown (`str(e)` in KB_LANG's language, `e.text(lang)` in another)."""

from __future__ import annotations

from ingest.messages import MessageError


class KbError(MessageError):
    """Anything the CLI should print as one line and exit 1 on."""


class ModelMismatch(KbError):
    """The knowledge base was built with another embedding model."""


class NotFound(KbError):
    """A document or file named by the user is not in the knowledge base."""


class Busy(KbError):
    """Another process is writing to the same knowledge base."""


class Forbidden(KbError):
    """The person asking may not do this (their role), or must sign in first."""
