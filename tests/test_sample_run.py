"""The main job end to end: `curate run sample_data/curate.yaml`, as the Quickstart runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from conftest import REPO, SCHEMAS
from test_determinism import tree

from curate.cli import main
from curate.listing import SAMPLE
from curate.report.models import Report

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
    assert books["records_made"] >= 1500, "sample_data must give at least 1,500 pairs"
    assert {s.split(":")[1] for s in books["sources"]} == {"emails", "tickets", "contracts"}
    assert report["gate"]["ready"] is True
    curated, rejected = records(run_dir / "curated.jsonl"), records(run_dir / "rejected.jsonl")
    assert len(curated) == books["records_kept"]
    assert len(rejected) == books["items_rejected"] + books["records_rejected"]
    assert sum(1 for r in curated if r["split"] == "train") > 1000


def test_everything_written_matches_the_schemas(run_dir: Path) -> None:
    record_schema = json.loads((SCHEMAS / "record.schema.json").read_text())
    report_schema = json.loads((SCHEMAS / "report.schema.json").read_text())
    for name in ("curated.jsonl", "rejected.jsonl", "review.jsonl"):
        for record in records(run_dir / name):
            jsonschema.validate(record, record_schema)
    written = json.loads((run_dir / "report.json").read_text())
    jsonschema.validate(written, report_schema)
    assert Report.model_validate(written).to_json() == written  # the typed report, lossless


def test_planted_pii_never_reaches_the_dataset_or_the_exports(run_dir: Path) -> None:
    for name in ("curated.jsonl", "train.openai.jsonl", "eval.openai.jsonl", "report.json",
                 "report.html"):
        text = (run_dir / name).read_text(encoding="utf-8")
        assert not EMAIL.findall(text), name
        assert not IBAN.findall(text), name
        assert not [c for c in CARD.findall(text) if luhn_valid(c)], name


def test_the_tasks_instructions_hold_no_personal_data_and_stay_as_written(run_dir: Path) -> None:
    config = yaml.safe_load((REPO / "sample_data" / "curate.yaml").read_text(encoding="utf-8"))
    instructions = {task["instruction"] for task in config["tasks"].values()}
    assert {r["instruction"] for r in records(run_dir / "curated.jsonl")} <= instructions


def test_manifest_covers_every_input_and_output(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text())
    inputs = {entry["path"] for entry in manifest["inputs"]}
    assert "emails/support.mbox" in inputs and "tickets/tickets.csv" in inputs
    assert any(p.startswith("contracts/") for p in inputs)
    outputs = {entry["path"] for entry in manifest["outputs"]}
    assert {"curated.jsonl", "rejected.jsonl", "report.json", "report.html",
            "train.openai.jsonl", "eval.openai.jsonl"} <= outputs
    assert manifest["ready"] is True


def test_per_item_lists_are_bounded_in_the_report_and_whole_in_their_files(
        run_dir: Path) -> None:
    """Each list that grows with the data (dedup's conflicts, the export's skipped records):
    in report.json its count, its first SAMPLE rows and a file of the run directory, listed
    in the manifest, holding every row in the same order."""
    report = json.loads((run_dir / "report.json").read_text())
    outputs = {e["path"] for e in json.loads((run_dir / "manifest.json").read_text())["outputs"]}
    skipped = report["exports"]["formats"]["openai"]["skipped_ids"]
    listed = [report["findings"]["dedup"]["conflicts"], skipped["train"], skipped["eval"]]
    assert [entry["file"] for entry in listed] == [
        "dedup_conflicts.jsonl", "train.openai.skipped.jsonl", "eval.openai.skipped.jsonl"]
    assert skipped["train"]["count"] > SAMPLE  # the sample run skips more than it shows
    for entry in listed:
        rows = records(run_dir / entry["file"])
        assert entry["file"] in outputs and len(rows) == entry["count"]
        assert entry["sample"] == rows[:SAMPLE]


def readme_python(marker: str) -> str:
    """The ```python block after `<!-- marker -->` in the README."""
    after = (REPO / "README.md").read_text(encoding="utf-8").split(f"<!-- {marker} -->\n", 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_python_example_runs_and_writes_what_the_cli_wrote(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run, through `curate.run` as the README's Python API example does it: every
    file as `curate run` wrote it (the manifest but its time), then reads, re-gates, one
    stage and an export."""
    (tmp_path / "sample_data").symlink_to(REPO / "sample_data")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(readme_python("python-api-example"), "README.md", "exec"), scope)
    second = scope["run"]
    assert second.ready and second.report == json.loads((run_dir / "report.json").read_text())
    ours, theirs = tree(tmp_path / "runs" / "sample"), tree(run_dir)
    assert {"curated.jsonl", "train.openai.jsonl", "README.md", ".curate-run.json"} <= set(ours)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert len(scope["train"]) == second.report["dataset"]["splits"]["train"]
    assert scope["evals"].num_rows == second.report["dataset"]["splits"]["eval"]
    out = scope["out"]
    assert len(out.kept) + len(out.rejected) == len(scope["train"]) and out.rejected
    assert {r["rejected"]["reason"] for r in out.rejected} == {"quality.too_short"}
    assert scope["summary"]["written"] and scope["summary"]["formats"].keys() == {"trl", "alpaca"}
    assert (tmp_path / "runs" / "sample-export" / "train.trl.jsonl").stat().st_size > 0


def test_the_sample_card_passes_the_hub_checks_offline(run_dir: Path) -> None:
    """The card's front matter round-trips through huggingface_hub, its size category is one
    the Hub knows, and `datasets.load_dataset(RUN)` loads train and eval with no config name."""
    from importlib.resources import files

    from datasets import load_dataset
    from huggingface_hub import DatasetCard, DatasetCardData

    text = (run_dir / "README.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    card = DatasetCard(text)
    assert card.data.to_dict() == front and DatasetCardData(**front).to_dict() == front
    assert DatasetCard(str(card)).data.to_dict() == front
    sizes = json.loads(files("datasets.utils.resources").joinpath("size_categories.json").read_text())
    assert front["size_categories"] == ["1K<n<10K"] and front["size_categories"][0] in sizes
    assert front["task_categories"] == ["text-classification", "text-generation"]
    assert front["license"] == "unknown" and "licence not declared" in text
    loaded = load_dataset(str(run_dir))
    exports = json.loads((run_dir / "report.json").read_text())["exports"]["formats"]["openai"]
    assert {s: loaded[s].num_rows for s in loaded} == {
        "train": exports["lines"]["train"], "validation": exports["lines"]["eval"]}


def _curate(*args: str) -> subprocess.CompletedProcess[str]:
    """The `curate` command as a CI job runs it: a fresh process, exit code and stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "curate.cli", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=900)


def _junit_failures(path: Path) -> list[str]:
    return [case.get("name") for case in ET.parse(path).getroot()
            if case.find("failure") is not None]


def test_readme_ci_example_passes_on_the_ready_run(run_dir: Path, tmp_path: Path) -> None:
    gate = _curate("gate", str(run_dir), "--junit", str(tmp_path / "gate.xml"))
    assert gate.returncode == 0, gate.stderr
    assert _junit_failures(tmp_path / "gate.xml") == [] and "gate: READY" in gate.stderr
    export = _curate("export", str(run_dir), "-f", "trl", "-o", str(tmp_path / "dist"))
    assert export.returncode == 0, export.stderr
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    assert manifest["ready"] is True and manifest["forced"] is False
    assert (tmp_path / "dist" / "train.trl.jsonl").stat().st_size > 0


def test_readme_ci_example_fails_on_a_not_ready_run(tmp_path: Path) -> None:
    """Contracts alone give too few train examples: run, gate and export all say no."""
    config = yaml.safe_load((REPO / "sample_data" / "curate.yaml").read_text())
    config["sources"] = [{**s, "path": str(REPO / "sample_data" / s["path"])}
                         for s in config["sources"] if s["kind"] == "contracts"]
    (tmp_path / "curate.yaml").write_text(yaml.safe_dump(config))
    run = _curate("run", str(tmp_path / "curate.yaml"), "--out", str(tmp_path / "ci"), "--quiet")
    assert run.returncode == 1, run.stderr
    gate = _curate("gate", str(tmp_path / "ci"), "--junit", str(tmp_path / "gate.xml"))
    assert gate.returncode == 1 and "gate: NOT READY" in gate.stderr
    assert "enough_examples" in _junit_failures(tmp_path / "gate.xml")
    assert "accounting_balanced" not in _junit_failures(tmp_path / "gate.xml")
    export = _curate("export", str(tmp_path / "ci"), "-f", "trl", "-o", str(tmp_path / "dist"))
    assert export.returncode == 1 and not (tmp_path / "dist").exists()
    assert "Traceback" not in run.stderr + gate.stderr + export.stderr


def test_no_thread_on_both_sides_and_review_records_not_exported(run_dir: Path) -> None:
    curated = records(run_dir / "curated.jsonl")
    sides: dict[str, set[str]] = {}
    for record in curated:
        if record["meta"].get("thread"):
            sides.setdefault(record["meta"]["thread"], set()).add(record["split"])
    assert sides and all(len(s) == 1 for s in sides.values())
    split = json.loads((run_dir / "report.json").read_text())["findings"]["split"]
    assert split["threads_across"] == 0 and split["conversations_across"] == 0
    review = {r["id"] for r in records(run_dir / "review.jsonl")}
    exported = {r["id"] for name in ("train", "eval")
                for r in records(run_dir / f"{name}.openai.ids.jsonl")}
    assert review and exported and not review & exported


def test_no_reply_is_a_loss_target_twice_in_the_openai_export(run_dir: Path) -> None:
    """A reply is its conversation up to it (`reply_hashes`), not its text: clause labels and
    template replies repeat in unrelated conversations."""
    from curate.record import Record
    from curate.replies import reply_hashes

    curated = {r["id"]: Record.from_dict(r) for r in records(run_dir / "curated.jsonl")}
    lines = records(run_dir / "train.openai.jsonl")
    ids = [row["id"] for row in records(run_dir / "train.openai.ids.jsonl")]
    targets: Counter[str] = Counter()
    for line, record_id in zip(lines, ids, strict=True):
        weights = [m.get("weight", 1) for m in line["messages"] if m["role"] == "assistant"]
        hashes = reply_hashes(curated[record_id])
        assert len(weights) == len(hashes)
        targets.update(h for h, weight in zip(hashes, weights, strict=True) if weight)
    assert targets and max(targets.values()) == 1
    assert len(lines) < sum(r.split == "train" for r in curated.values())  # contained dropped
