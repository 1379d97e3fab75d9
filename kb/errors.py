"""Errors that reach people: each message says what happened and what to do."""
from __future__ import annotations


class KbError(Exception):
    """Anything the CLI should print as one line and exit 1 on."""


class ModelMismatch(KbError):
    """The knowledge base was built with another embedding model."""


class NotFound(KbError):
    """A document or file named by the user is not in the knowledge base."""


class Busy(KbError):
    """Another process is writing to the same knowledge base."""
