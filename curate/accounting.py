"""The books of a run: per stage, in = kept + rejected, and each stage's kept feeds the next.

One vocabulary for every count a summary shows (the CLI, report.json, report.html, the
dataset card): ingest reads *items* (an email, a ticket, a contract) and rejects some
(items read = items rejected at ingest + items used); the items used make *records*
(records made = records rejected + records kept); an export writes each kept record as a
line unless it is held for review or skipped by the export (records kept = lines
exported + held for review + skipped by export, per format).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from curate.errors import AccountingError
from curate.record import Record


@dataclass
class StageBook:
    """Counts for one stage (or, for ingest, one source)."""

    into: int = 0
    kept: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, into: int, kept: int, rejected: list[Record]) -> None:
        self.into += into
        self.kept += kept
        self.rejected += len(rejected)
        self.reasons.update(r.rejected.reason for r in rejected if r.rejected)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageBook:
        return cls(data["in"], data["kept"], data["rejected"], Counter(data["reasons"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "in": self.into,
            "kept": self.kept,
            "rejected": self.rejected,
            "reasons": dict(sorted(self.reasons.items())),
        }


@dataclass
class Accounting:
    """Ingest books per source (items) and stage books per stage (records)."""

    sources: dict[str, StageBook] = field(default_factory=dict)
    pairs: int = 0
    stages: dict[str, StageBook] = field(default_factory=dict)

    def stage(self, name: str) -> StageBook:
        return self.stages.setdefault(name, StageBook())

    def check(self) -> None:
        """Raise AccountingError unless every book balances and the chain is unbroken."""
        for name, book in {**self.sources, **self.stages}.items():
            if book.into != book.kept + book.rejected:
                raise AccountingError(
                    f"accounting does not balance at '{name}': "
                    f"in {book.into} != kept {book.kept} + rejected {book.rejected}"
                )
        flowing = self.pairs
        for name, book in self.stages.items():
            if book.into != flowing:
                raise AccountingError(
                    f"stage '{name}' received {book.into} records, the stage before kept {flowing}"
                )
            flowing = book.kept

    def flowing_into(self, name: str) -> int:
        """How many records reach stage `name`: what the stage before it kept (or, for the
        first stage, the records made)."""
        flowing = self.pairs
        for stage, book in self.stages.items():
            if stage == name:
                return flowing
            flowing = book.kept
        raise KeyError(name)

    def state(self) -> dict[str, Any]:
        """Everything needed to resume counting (see `from_state`)."""
        return {"pairs": self.pairs,  # lists, not objects: the order is part of the state
                "sources": [[n, b.to_dict()] for n, b in self.sources.items()],
                "stages": [[n, b.to_dict()] for n, b in self.stages.items()]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Accounting:
        return cls(
            sources={n: StageBook.from_dict(b) for n, b in state["sources"]},
            pairs=state["pairs"],
            stages={n: StageBook.from_dict(b) for n, b in state["stages"]},
        )

    @classmethod
    def from_report(cls, books: dict[str, Any]) -> Accounting:
        """The books of a report's `accounting` section, stages in `stage_order` (its
        `stages` mapping may come back in any key order, e.g. sorted by a JSON writer)."""
        order = books["stage_order"]
        if sorted(order) != sorted(books["stages"]):
            raise AccountingError(
                f"stage_order {order} does not list the stages {sorted(books['stages'])}")
        return cls(
            sources={n: StageBook.from_dict(b) for n, b in books["sources"].items()},
            pairs=books["records_made"],
            stages={n: StageBook.from_dict(books["stages"][n]) for n in order},
        )

    @property
    def kept(self) -> int:
        return list(self.stages.values())[-1].kept if self.stages else self.pairs

    def to_dict(self) -> dict[str, Any]:
        return {
            "items_read": sum(b.into for b in self.sources.values()),
            "items_rejected": sum(b.rejected for b in self.sources.values()),
            "items_used": sum(b.kept for b in self.sources.values()),
            "records_made": self.pairs,
            "records_rejected": sum(b.rejected for b in self.stages.values()),
            "records_kept": self.kept,
            "balanced": True,
            "stage_order": list(self.stages),
            "sources": {name: book.to_dict() for name, book in self.sources.items()},
            "stages": {name: book.to_dict() for name, book in self.stages.items()},
        }


def count_lines(books: dict[str, Any], exports: dict[str, Any] | None = None) -> list[str]:
    """A run's counts in the one vocabulary (see the module docstring), from report.json's
    `accounting` and `exports`: every line adds up on its own."""
    lines = [f"items: {books['items_read']} read = {books['items_rejected']} rejected at "
             f"ingest + {books['items_used']} used",
             f"records: {books['records_made']} made from them = {books['records_rejected']} "
             f"rejected + {books['records_kept']} kept"]
    if not exports or not exports.get("written"):
        return lines
    held = exports.get("held_for_review", {})
    for fmt, info in exports["formats"].items():
        by_split = info.get("skipped_by_split", {})
        parts = [f"{sum(info['lines'].values())} exported ({_splits(info['lines'])})",
                 f"{sum(held.values())} held for review ({_splits(held)})",
                 f"{sum(sum(c.values()) for c in by_split.values())} skipped by export "
                 f"({_splits({s: sum(c.values()) for s, c in by_split.items()})})"]
        lines.append(f"export {fmt}: {books['records_kept']} kept = " + " + ".join(parts))
    return lines


def _splits(counts: dict[str, int]) -> str:
    return ", ".join(f"{split} {n}" for split, n in sorted(counts.items(),
                                                          key=lambda kv: kv[0] != "train"))
