"""What `kb check` found: the record every store's check fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.messages import Message


@dataclass
class CheckReport:
    home: Path
    ok: list[Message] = field(default_factory=list)
    notes: list[Message] = field(
        default_factory=list
    )  # fine as they are (an index behind the catalog is rebuilt on open)
    problems: list[Message] = field(default_factory=list)
    repaired: list[Message] = field(default_factory=list)
    # what --repair can do about the problems found
    index_stale: bool = False
    lexical_bad: bool = False
    litter: list[Path] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def lines(self, lang: str | None = None) -> list[str]:
        """One line per finding, its kind first ("ok", "note", "problem", "repaired"), in a language."""
        return [
            f"{Message('check.tag.' + kind).text(lang):<9} {m.text(lang)}"
            for kind, found in (
                ("repaired", self.repaired),
                ("ok", self.ok),
                ("note", self.notes),
                ("problem", self.problems),
            )
            for m in found
        ]
