"""Why a file could not be read, said so that a person knows what to do."""

from __future__ import annotations

from ingest.messages import MessageError


class ReadError(MessageError):
    """A file that cannot become a Document; the message names the file, the reason and the fix."""
