"""The main job end to end: `curate run sample_data/curate.yaml`, as the Quickstart runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, SCHEMAS

from curate.cli import main

pytestmark = pytest.mark.slow

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.(?:example\.)?(?:com|org|net)\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b")
CARD = re.compile(r"\b(?:\d[ -]?){13,19}\b")


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return len(digits) >= 13 and total % 10 == 0


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "run"
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(REPO / "sample_data" / "curate.yaml"), "--out", str(out), "--quiet"])
    assert exit_info.value.code == 0, "the sample dataset must pass the readiness gate"
    return out


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sample_run_is_ready_and_its_books_balance(run_dir: Path) -> None:
    report = json.loads((run_dir / "report.json").read_text())
    books = report["accounting"]
    assert books["pairs"] >= 1500, "sample_data must give at least 1,500 pairs"
    assert {s.split(":")[1] for s in books["sources"]} == {"emails", "tickets", "contracts"}
    assert report["gate"]["ready"] is True
    curated, rejected = records(run_dir / "curated.jsonl"), records(run_dir / "rejected.jsonl")
    assert len(curated) == books["kept"]
    assert len(rejected) == books["items_rejected"] + books["records_rejected"]
    assert sum(1 for r in curated if r["split"] == "train") > 1000


def test_everything_written_matches_the_schemas(run_dir: Path) -> None:
    record_schema = json.loads((SCHEMAS / "record.schema.json").read_text())
    report_schema = json.loads((SCHEMAS / "report.schema.json").read_text())
    for name in ("curated.jsonl", "rejected.jsonl", "review.jsonl"):
        for record in records(run_dir / name):
            jsonschema.validate(record, record_schema)
    jsonschema.validate(json.loads((run_dir / "report.json").read_text()), report_schema)


def test_planted_pii_never_reaches_the_dataset_or_the_exports(run_dir: Path) -> None:
    for name in ("curated.jsonl", "train.openai.jsonl", "eval.openai.jsonl", "report.json",
                 "report.html"):
        text = (run_dir / name).read_text(encoding="utf-8")
        assert not EMAIL.findall(text), name
        assert not IBAN.findall(text), name
        assert not [c for c in CARD.findall(text) if luhn_valid(c)], name


def test_manifest_covers_every_input_and_output(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text())
    inputs = {entry["path"] for entry in manifest["inputs"]}
    assert "emails/support.mbox" in inputs and "tickets/tickets.csv" in inputs
    assert any(p.startswith("contracts/") for p in inputs)
    outputs = {entry["path"] for entry in manifest["outputs"]}
    assert {"curated.jsonl", "rejected.jsonl", "report.json", "report.html",
            "train.openai.jsonl", "eval.openai.jsonl"} <= outputs
    assert manifest["ready"] is True


def test_a_second_run_gives_byte_identical_outputs(run_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["run", str(REPO / "sample_data" / "curate.yaml"), "--out", str(tmp_path), "--quiet"])
    for path in sorted(run_dir.iterdir()):
        if path.name != "manifest.json":
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    first, second = (json.loads((d / "manifest.json").read_text()) for d in (run_dir, tmp_path))
    first.pop("created_at"), second.pop("created_at")
    assert first == second
