"""The pipeline's mechanics: streaming, accounting, atomic run directory, determinism."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import SCHEMAS

from curate.config import validate_config
from curate.errors import AccountingError
from curate.pipeline import run_pipeline
from curate.registries import STAGES


@pytest.fixture
def toy_stages() -> Iterator[None]:
    with STAGES.swapped({
        "every_nth": "toy_stages:RejectEveryNth",
        "longest": "toy_stages:MarkLongest",
    }):
        yield


def write_pairs(path: Path, n: int) -> None:
    lines = [json.dumps({"q": f"How do I reset password number {i}?",
                         "a": f"Open settings, choose reset, confirm code {i * 7}."})
             for i in range(1, n + 1)]
    lines += ["{broken json", json.dumps(["not", "an", "object"]), json.dumps({"q": "no answer"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_config(tmp_path: Path, n: int = 20, **extra: object):
    write_pairs(tmp_path / "pairs.jsonl", n)
    data = {
        "seed": 7,
        "engine": {"batch_size": 4},
        "tasks": {"support": {"instruction": "Answer the question."}},
        "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "support",
                     "options": {"input": "q", "output": "a"}}],
        "gate": {"min_train_examples": 5},
        **extra,
    }
    return validate_config(data, tmp_path)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_directory_balances_and_matches_schemas(tmp_path: Path, toy_stages: None) -> None:
    result = run_pipeline(make_config(tmp_path), tmp_path / "run")
    run = tmp_path / "run"
    names = {p.name for p in run.iterdir()}
    assert {"curated.jsonl", "rejected.jsonl", "review.jsonl", "report.json", "report.html",
            "manifest.json"} <= names
    assert not [n for n in names if n.endswith(".tmp")]

    curated, rejected = lines(run / "curated.jsonl"), lines(run / "rejected.jsonl")
    books = result.report["accounting"]
    assert books["items_read"] == 23 and books["items_rejected"] == 3 and books["records_made"] == 20
    # Lines 3, 6, ..., 18 are rejected by the toy stage: 6 of 20.
    assert books["stages"]["every_nth"] == {
        "in": 20, "kept": 14, "rejected": 6, "reasons": {"every_nth.multiple": 6}}
    assert len(curated) == 14 and len(rejected) == 3 + 6
    assert sorted(r["rejected"]["reason"] for r in rejected if r["rejected"]["stage"] == "ingest") \
        == ["ingest.bad_json", "ingest.missing_field", "ingest.not_an_object"]

    schema = json.loads((SCHEMAS / "record.schema.json").read_text())
    for record in curated + rejected:
        jsonschema.validate(record, schema)
    assert all("rejected" not in r for r in curated)


def test_the_run_hands_back_only_the_verdict_and_counts(tmp_path: Path, toy_stages: None
                                                        ) -> None:
    """`finish` (on a worker or a forked child) returns the gate verdict and counts, not the
    report; `RunResult.report` is report.json, read when first asked for."""
    result = run_pipeline(make_config(tmp_path), tmp_path / "run")
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert result.summary == {
        "ready": report["gate"]["ready"],
        "checks": {check["name"]: check["status"] for check in report["gate"]["checks"]},
        "records_kept": 14, "review_queue": report["review"]["queue"],
        "exported": report["exports"]["written"]}
    assert "report" not in vars(result)  # not read yet
    assert result.report == report and result.ready == report["gate"]["ready"]


def test_whole_set_findings_and_review(tmp_path: Path, toy_stages: None) -> None:
    result = run_pipeline(make_config(tmp_path), tmp_path / "run")
    review = lines(tmp_path / "run" / "review.jsonl")
    assert [r["id"] for r in review] == [result.report["findings"]["longest"]["longest_id"]]


def test_same_input_same_bytes(tmp_path: Path, toy_stages: None) -> None:
    config = make_config(tmp_path)
    run_pipeline(config, tmp_path / "a")
    run_pipeline(config, tmp_path / "b")
    for name in ("curated.jsonl", "rejected.jsonl", "report.json", "review.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifests = [json.loads((tmp_path / d / "manifest.json").read_text()) for d in "ab"]
    for manifest in manifests:
        manifest.pop("created_at")
    assert manifests[0] == manifests[1]


def test_worker_processes_give_the_same_result(tmp_path: Path, toy_stages: None) -> None:
    run_pipeline(make_config(tmp_path), tmp_path / "one")
    run_pipeline(make_config(tmp_path, engine={"batch_size": 4, "workers": 2}), tmp_path / "two")
    for name in ("curated.jsonl", "rejected.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_stage_that_loses_records_fails_the_run(tmp_path: Path) -> None:
    with STAGES.swapped({"loses_one": "toy_stages:LosesOne"}), \
            pytest.raises(AccountingError, match="loses_one"):
        run_pipeline(make_config(tmp_path), tmp_path / "run")
    assert not (tmp_path / "run" / "curated.jsonl").exists()


def test_manifest_hashes_inputs_and_outputs(tmp_path: Path, toy_stages: None) -> None:
    import hashlib

    run_pipeline(make_config(tmp_path), tmp_path / "run")
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert [i["path"] for i in manifest["inputs"]] == ["pairs.jsonl"]
    expected = hashlib.sha256((tmp_path / "pairs.jsonl").read_bytes()).hexdigest()
    assert manifest["inputs"][0]["sha256"] == expected
    outputs = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    curated = hashlib.sha256((tmp_path / "run" / "curated.jsonl").read_bytes()).hexdigest()
    assert outputs["curated.jsonl"] == curated
    assert "manifest.json" not in outputs
