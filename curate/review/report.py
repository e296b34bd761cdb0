"""report.json's `review` section: the queue a person has left, and the decisions applied;
and review.jsonl, the queue itself."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from curate.io import atomic_open
from curate.record import Record
from curate.review.items import review_reasons
from curate.review.queue import needs_review, review_order


def write_queue(records: Iterable[Record], path: Path) -> tuple[int, Counter[str]]:
    """Write the records that need review to `path` (JSONL) in `review_order`, ties in the
    order read; return how many, and how many per `review` reason (a record may have two).
    A spool file beside `path` holds them meanwhile, so this process holds each one's
    order and offset, not the records."""
    order: list[tuple[tuple[float, float], int]] = []
    reasons: Counter[str] = Counter()
    with tempfile.TemporaryFile(dir=path.parent) as spool:
        for record in filter(needs_review, records):
            order.append((review_order(record), spool.tell()))
            spool.write((record.to_json() + "\n").encode())
            reasons.update(review_reasons(record))
        with atomic_open(path) as out:
            for _, offset in sorted(order):
                spool.seek(offset)
                out.write(spool.readline().decode())
    return len(order), reasons


def review_section(queued: int, reasons: Counter[str],
                   decisions: dict[str, Any] | None) -> dict[str, Any]:
    """`queue`: records left for review (`queued`); `queue_by_reason`: per `review` reason;
    `decisions`: the review stage's counts, None without a decisions file."""
    return {"queue": queued, "queue_by_reason": dict(sorted(reasons.items())),
            "decisions": decisions}
