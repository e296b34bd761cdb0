"""report.json's `review` section: the queue a person has left, and the decisions applied."""

from __future__ import annotations

from collections import Counter
from typing import Any

from curate.record import Record
from curate.review.items import review_reasons


def review_section(queue: list[Record], decisions: dict[str, Any] | None) -> dict[str, Any]:
    """`queue`: records left for review; `queue_by_reason`: per `review` reason (a record
    may have two); `decisions`: the review stage's counts, None without a decisions file."""
    reasons = Counter(reason for record in queue for reason in review_reasons(record))
    return {"queue": len(queue), "queue_by_reason": dict(sorted(reasons.items())),
            "decisions": decisions}
