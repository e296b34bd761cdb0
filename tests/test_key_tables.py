"""Tables on disk: what a reduce task writes, a map task finds by key, across tables."""

from __future__ import annotations

import json
from pathlib import Path

from curate.listing import SAMPLE
from curate.stages.key_tables import (
    SPILLED,
    in_any,
    key_set,
    list_findings,
    look_up,
    read_rows,
    spill,
    write,
    write_rows,
)


def test_entries_are_found_in_whichever_table_holds_them(tmp_path: Path) -> None:
    first = write(str(tmp_path), {f"node {i}": (f"group {i // 3}", i) for i in range(0, 300, 2)})
    second = write(str(tmp_path), {"task\x00id:é": ("", 7), "node 1": ("group \x00 1", -1)})
    assert first and second and first != second
    keys = ["node 4", "node 1", "node 3", "task\x00id:é", "node 298", "node 300"]
    assert look_up([first, second], keys) == [
        ("group 1", 4), ("group \x00 1", -1), None, ("", 7), ("group 99", 298), None]
    assert look_up([], keys) == [None] * len(keys) and look_up([first], []) == []


def test_no_entries_write_no_table_and_the_same_entries_the_same_files(tmp_path: Path) -> None:
    assert write(str(tmp_path), {}) is None and not list(tmp_path.iterdir())
    entries = {"b": ("x", 1), "a": ("y", 2)}
    stem = write(str(tmp_path), entries)
    assert write(str(tmp_path), dict(reversed(entries.items()))) == stem
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{Path(str(stem)).name}.{c}.npy" for c in ("keys", "text", "number"))


def test_key_sets_answer_membership_across_tables(tmp_path: Path) -> None:
    first, second = key_set(str(tmp_path), ["b", "a"]), key_set(str(tmp_path), ["c"])
    assert key_set(str(tmp_path), []) == []
    assert in_any([*first, *second], ["a", "x", "c", "b"]).tolist() == [True, False, True, True]
    assert in_any(first, ["c"]).tolist() == [False] and in_any([], ["a"]).tolist() == [False]


def test_rows_come_back_as_the_tuples_written(tmp_path: Path) -> None:
    rows = [((-0.5, "id-1", "Bill\u00e9", None), (-0.25, "id-2", "label\ud800", "x"), 0.8125),
            ("head", ("m1", "m2")), ("reject", "id", "dedup.near_duplicate", 1 / 3, "kept")]
    path = write_rows(str(tmp_path), rows)
    assert list(read_rows(path)) == rows
    assert write_rows(str(tmp_path), rows) == path  # named by content


def test_spilled_and_declared_findings_are_listed_into_the_run_directory(tmp_path: Path
                                                                          ) -> None:
    """A spilled value, or an inline one under a key its stage lists, becomes the same
    listing and the same file; any other value stays as it is."""
    rows = [{"input_cluster": f"a:{k}é", "size": 2 + k % 3} for k in range(SAMPLE + 5)]
    assert spill(None, rows) is rows
    spilled, out = tmp_path / "findings", tmp_path / "run"
    spilled.mkdir(), out.mkdir()
    reference = spill(str(spilled), rows)
    assert list(reference) == [SPILLED] and spill(str(spilled), [*rows]) == reference
    findings = {"dedup": {"conflicts": reference, "clusters": 2, "sizes": {SPILLED: 1, "x": 2}},
                "split": {"leaks": 0}, "other": [1]}
    listing = {"count": len(rows), "sample": rows[:SAMPLE], "file": "dedup_conflicts.jsonl"}
    expected = {**findings, "dedup": {**findings["dedup"], "conflicts": listing}}
    assert list_findings(findings, {}, spilled, out) == expected
    written = (out / "dedup_conflicts.jsonl").read_bytes()
    assert [json.loads(line) for line in written.splitlines()] == rows
    inline = {**findings, "dedup": {**findings["dedup"], "conflicts": rows}}
    assert list_findings(inline, {"dedup": ("conflicts",)}, spilled, out) == expected
    assert (out / "dedup_conflicts.jsonl").read_bytes() == written
    assert list_findings(inline, {"split": ("conflicts",)}, spilled, out) == inline
    empty = list_findings({"dedup": {"conflicts": spill(str(spilled), [])}}, {}, spilled, out)
    assert empty == {"dedup": {"conflicts": {"count": 0, "sample": [],
                                             "file": "dedup_conflicts.jsonl"}}}
    assert (out / "dedup_conflicts.jsonl").read_text() == ""
