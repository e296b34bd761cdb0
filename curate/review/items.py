"""The review queue as items a person reads: text, given and suggested label, why flagged.

The text is the record's redacted text (curated records are redacted); `rank` is the
position in the queue, 1 first (`review_order`: lowest label quality, then the surest
suggestion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from curate.record import Record
from curate.review.decisions import given_label
from curate.review.queue import needs_review, review_order


@dataclass(frozen=True)
class Item:
    """One record of the queue as a reviewer sees it."""

    rank: int
    id: str
    task: str
    text: str
    given: str | None
    suggested: str | None
    probability: float | None  # of the suggestion
    label_quality: float | None
    reasons: tuple[str, ...]  # the `review` keys the stages set: label_issue, label_ambiguous, ...

    @property
    def why(self) -> str:
        """One line: the reasons, given vs suggested label, the label quality."""
        parts = [", ".join(self.reasons)]
        if self.suggested is not None:
            parts.append(f"given {self.given!r}, suggested {self.suggested!r} "
                         f"(p {self.probability:.2f})")
        if self.label_quality is not None:
            parts.append(f"label quality {self.label_quality:.3f}")
        return "; ".join(parts)


def review_reasons(record: Record) -> tuple[str, ...]:
    """Why stages asked for a look: their `review` keys, sorted."""
    return tuple(sorted({n["review"] for n in record.annotations.values()
                         if isinstance(n, dict) and "review" in n}))


def _item(rank: int, record: Record) -> Item:
    note = record.annotations.get("labels", {})
    return Item(rank, record.id, record.task, record.input or record.output, given_label(record),
                note.get("suggested"), note.get("suggested_probability"),
                record.scores.get("label_quality"), review_reasons(record))


def queue_items(records: Iterable[Record], task: str | None = None) -> list[Item]:
    """The records that need review (of `task`, if given), first things first."""
    queue = sorted((r for r in records if needs_review(r) and task in (None, r.task)),
                   key=review_order)
    return [_item(rank, record) for rank, record in enumerate(queue, start=1)]


def task_labels(declared: dict[str, list[str] | None],
                records: Iterable[Record]) -> dict[str, set[str]]:
    """Each task's label set: the one the config declares, else the labels its records carry."""
    labels: dict[str, set[str]] = {}
    for record in records:
        labels.setdefault(record.task, set())
        for label in (record.label, given_label(record)):
            if label is not None:
                labels[record.task].add(label)
    for name, known in declared.items():
        if known:
            labels[name] = set(known)
    return labels
