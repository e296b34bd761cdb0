"""The books of a run: per stage, in = kept + rejected, and each stage's kept feeds the next."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from curate.errors import AccountingError
from curate.record import Record

TOTALS = ("items_in", "items_rejected", "pairs", "records_rejected", "kept")


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
            pairs=books["pairs"],
            stages={n: StageBook.from_dict(books["stages"][n]) for n in order},
        )

    @classmethod
    def check_report(cls, books: dict[str, Any]) -> Accounting:
        """A report's books rebuilt and checked (`check`), its totals checked against them;
        raise AccountingError on the first disagreement."""
        rebuilt = cls.from_report(books)
        rebuilt.check()
        totals = rebuilt.to_dict()
        wrong = [k for k in TOTALS if totals[k] != books[k]]
        if wrong or not books["balanced"]:
            raise AccountingError(f"totals disagree at {', '.join(wrong) or 'run'}")
        return rebuilt

    @property
    def kept(self) -> int:
        return list(self.stages.values())[-1].kept if self.stages else self.pairs

    def to_dict(self) -> dict[str, Any]:
        rejected_items = sum(b.rejected for b in self.sources.values())
        rejected_records = sum(b.rejected for b in self.stages.values())
        return {
            "items_in": sum(b.into for b in self.sources.values()),
            "items_rejected": rejected_items,
            "pairs": self.pairs,
            "records_rejected": rejected_records,
            "kept": self.kept,
            "balanced": True,
            "stage_order": list(self.stages),
            "sources": {name: book.to_dict() for name, book in self.sources.items()},
            "stages": {name: book.to_dict() for name, book in self.stages.items()},
        }
