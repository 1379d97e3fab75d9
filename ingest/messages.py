"""Every sentence the program shows a person, in Vietnamese and in English: one catalogue.

A message travels as a `Message` (a key and its values) and becomes text only where it is shown:
the CLI in the language of `KB_LANG` (Vietnamese by default, `en` for English), the app in the
language of its switch. Keys are grouped by where they arise: `read.*` a file that cannot be read
(ingest/), `ingest.*` the batch report, `search.*`, `ask.*`, `check.*`, `cli.*` and so on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ingest.catalogue import CATALOGUE

LANGUAGES = ("vi", "en")


def language() -> str:
    """The language of the command line: KB_LANG ("vi" or "en"), Vietnamese when unset or unknown."""
    lang = (os.environ.get("KB_LANG") or "vi").lower()[:2]
    return lang if lang in LANGUAGES else "vi"


@dataclass(frozen=True)
class Message:
    key: str
    values: dict = field(default_factory=dict, compare=False)

    def text(self, lang: str | None = None) -> str:
        """The message in a language (KB_LANG's when not given), its values filled in."""
        texts = CATALOGUE.get(self.key)
        if texts is None:  # not a key: a text from outside the catalogue, shown as it is
            return self.key
        lang = lang if lang in LANGUAGES else language()
        values = {k: _text(v, lang) for k, v in self.values.items()}
        return texts[LANGUAGES.index(lang)].format(**values)

    def __str__(self) -> str:
        return self.text()


def _text(value: object, lang: str) -> object:
    """A value as it is filled in: a message in words, a list of them joined by commas."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Message) for v in value):
        return ", ".join(v.text(lang) for v in value)  # "ingest.notes" joins with "; " itself
    return value


def say(key: str, /, **values: object) -> str:
    """One message as text in KB_LANG's language: `say("cli.no_results")`."""
    return Message(key, values).text()


class MessageError(Exception):
    """An error whose words are a `Message`: `str(e)` in KB_LANG's language, `e.text(lang)` in another."""

    def __init__(self, key: str, /, **values: object):
        self.message = Message(key, values)
        super().__init__(key)

    def text(self, lang: str | None = None) -> str:
        return self.message.text(lang)

    def __str__(self) -> str:
        return self.message.text()
