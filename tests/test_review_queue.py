"""review.jsonl written through a spool: the order and bytes of sorting the records in memory."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from runkit import records

from curate.io import RecordFile, write_records
from curate.review.items import review_reasons
from curate.review.queue import needs_review, review_order
from curate.review.report import write_queue


def test_the_queue_is_the_in_memory_sort_with_ties_in_file_order(tmp_path: Path) -> None:
    recs = records(40)
    for n, record in enumerate(recs):
        if n % 3:  # two records in three need review; scores repeat, so ties occur
            record.annotations["labels"] = {"review": "label_issue" if n % 2 else "outlier",
                                            "suggested_probability": (n % 4) / 4}
            record.scores["label_quality"] = (n % 5) / 5
    write_records(tmp_path / "curated.jsonl", recs)
    expected = sorted(filter(needs_review, recs), key=review_order)
    queued, reasons = write_queue(RecordFile(tmp_path / "curated.jsonl"), tmp_path / "review.jsonl")
    assert queued == len(expected) == 26
    assert (tmp_path / "review.jsonl").read_text() == "".join(r.to_json() + "\n" for r in expected)
    assert [r.id for r in expected] != [r.id for r in recs if needs_review(r)], "no reordering"
    assert reasons == Counter(reason for r in expected for reason in review_reasons(r))
    assert len(reasons) == 2 and set(tmp_path.iterdir()) == {
        tmp_path / "curated.jsonl", tmp_path / "review.jsonl"}, "the spool is left behind"
