"""Why a file could not be read, said so that a person knows what to do."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot become a Document; the message names the reason and the fix."""
