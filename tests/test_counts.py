"""One vocabulary for counts: items read/rejected/used, records made/rejected/kept, and per
export format lines exported + held for review + skipped by export (per split, by id)."""

from __future__ import annotations

import json
import re

from runkit import config, records, report

from curate.accounting import Accounting, StageBook, count_lines
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.listing import SAMPLE
from curate.report.html import render
from curate.report.models import Report


def _skips(n_train: int, n_eval: int):  # type: ignore[no-untyped-def]
    """60 records with `n_train` train and `n_eval` eval outputs emptied (export skips them)."""
    recs = records(60)
    for split, n in (("train", n_train), ("eval", n_eval)):
        for record in [r for r in recs if r.split == split][:n]:
            record.output = ""
    return recs


def test_export_skips_are_counted_per_split_and_listed_by_id(tmp_path) -> None:
    recs = _skips(4, 6)
    summary = write_exports(recs, config(), tmp_path, ready=True)
    openai = summary["formats"]["openai"]
    assert openai["skipped"] == {"export.empty_content": 10}
    assert openai["skipped_by_split"] == {"train": {"export.empty_content": 4},
                                          "eval": {"export.empty_content": 6}}
    for split, n in (("train", 4), ("eval", 6)):
        emptied = [r.id for r in recs if r.split == split and not r.output][:n]
        rows = [{"id": rid, "reason": "export.empty_content"} for rid in emptied]
        name = f"{split}.openai.skipped.jsonl"
        assert openai["skipped_ids"][split] == {"count": n, "sample": rows, "file": name}
        assert [json.loads(line) for line in (tmp_path / name).open()] == rows
        assert name in summary["files"]
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[2].strip(): line for line in card.splitlines()
            if line.startswith("| openai |")}
    assert rows["train"].endswith("| 44 | export.empty_content: 4 |")
    assert rows["eval"].endswith("| 6 | export.empty_content: 6 |")


def test_every_count_line_adds_up(tmp_path) -> None:
    books = Accounting(sources={"0:pairs": StageBook(12, 9, 3)}, pairs=60,
                       stages={"quality": StageBook(60, 60, 0)})
    exports = write_exports(_skips(4, 6), config(), tmp_path, ready=True, formats=["openai"])
    lines = count_lines(books.to_dict(), exports)
    assert lines == [
        "items: 12 read = 3 rejected at ingest + 9 used",
        "records: 60 made from them = 0 rejected + 60 kept",
        "export openai: 60 kept = 50 exported (train 44, eval 6) + 0 held for review "
        "(train 0, eval 0) + 10 skipped by export (train 4, eval 6)"]
    for line in lines:
        total, *parts = (int(n) for n in re.findall(r"(\d+) (?:read|made|kept|rejected|used|"
                                                    r"exported|held|skipped)", line))
        assert total == sum(parts), line


def test_report_html_says_the_same_counts_and_lists_skipped_ids(tmp_path) -> None:
    recs, cfg = _skips(4, 6), config()
    body = report(recs, cfg)
    exports = write_exports(recs, cfg, tmp_path, ready=True, formats=["openai"])
    full = Report.model_validate({**body.to_json(), "gate": evaluate(recs, body, cfg),
                                  "exports": exports})
    page = render(full)
    for line in count_lines(full.accounting.to_json(), exports):
        assert f"<li>{line}</li>" in page
    for record in (r for r in recs if not r.output):
        assert f"{record.id} (export.empty_content)" in page


def test_more_skipped_records_than_the_sample_are_all_in_their_file(tmp_path) -> None:
    """The report keeps the count and the first SAMPLE skipped records; the file has all,
    in order, and report.html names it."""
    recs, cfg = _skips(25, 0), config()
    body = report(recs, cfg)
    exports = write_exports(recs, cfg, tmp_path, ready=True, formats=["openai"])
    listed = exports["formats"]["openai"]["skipped_ids"]["train"]
    emptied = [r.id for r in recs if r.split == "train" and not r.output]
    assert listed["count"] == len(emptied) == 25
    assert [row["id"] for row in listed["sample"]] == emptied[:SAMPLE]
    assert [json.loads(line)["id"] for line in (tmp_path / listed["file"]).open()] == emptied
    page = render(Report.model_validate({**body.to_json(), "gate": evaluate(recs, body, cfg),
                                         "exports": exports}))
    assert f"and {25 - SAMPLE} more (all in train.openai.skipped.jsonl)" in page
    assert emptied[SAMPLE - 1] in page and emptied[SAMPLE] not in page
