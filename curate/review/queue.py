"""Which kept records a person should look at, and in what order."""

from __future__ import annotations

from curate.record import Record


def needs_review(record: Record) -> bool:
    """True when a stage asked a person to look (an annotation with a `review` key)."""
    return any(isinstance(note, dict) and "review" in note for note in record.annotations.values())


def review_order(record: Record) -> tuple[float, float]:
    """What a person should look at first: the lowest label quality, then the most
    confident suggestion; records without a label score keep their order, last."""
    note = record.annotations.get("labels", {})
    return (record.scores.get("label_quality", 2.0), -note.get("suggested_probability", 0.0))
