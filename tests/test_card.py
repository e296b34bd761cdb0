"""The dataset card: Hub front matter that huggingface_hub round-trips and `datasets` loads
without a config name, and a body that says what the data is, from counts alone."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from datasets import load_dataset
from huggingface_hub import DatasetCard, DatasetCardData
from runkit import LABELS, records, report

from curate.config import validate_config
from curate.export.card import NOT_DECLARED, size_category
from curate.export.writer import write_exports
from curate.gate import evaluate


def _config(base: Path, **licences: str | None):
    """A label task and a text task; one source per entry of `licences` (name -> licence)."""
    (base / "t.jsonl").write_text("", encoding="utf-8")
    return validate_config({
        "name": "Northwind triage",
        "description": "Support tickets with their category, for a ticket router.",
        "tasks": {"triage": {"instruction": "Classify the ticket.", "output": "label",
                             "labels": [*LABELS, "legal"], "metric": "accuracy", "target": 0.9},
                  "reply": {"instruction": "Answer the customer.", "max_output_words": 50}},
        "sources": [{"kind": "pairs", "path": "t.jsonl", "task": "triage",
                     **({"license": lic} if lic else {})} for lic in licences.values()],
        "gate": {"min_train_examples": 10, "min_eval_examples": 3},
        "export": {"formats": ["openai", "alpaca"]},
    }, base)


def _card(tmp_path: Path, review: dict | None = None, **licences: str | None) -> str:
    recs, cfg = records(40), _config(tmp_path, **licences)
    body = report(recs, cfg, {"audit": {"findings": []}})
    body.findings["redact"] = {"residual": {"PHONE_NUMBER": 1}}
    rep = {**body.to_json(), "gate": evaluate(recs, body, cfg)}
    if review is not None:
        rep["review"] = review
    out = tmp_path / "export"
    write_exports(recs, cfg, out, ready=True, report=rep)
    return (out / "README.md").read_text(encoding="utf-8")


def _front(card: str) -> dict:
    return yaml.safe_load(card.split("---\n")[1])


def test_front_matter_round_trips_through_huggingface_hub(tmp_path: Path) -> None:
    text = _card(tmp_path, a="cc-by-4.0", b=None)
    front = _front(text)
    card = DatasetCard(text)
    assert isinstance(card.data, DatasetCardData)
    assert card.data.to_dict() == front
    assert DatasetCardData(**front).to_dict() == front
    again = DatasetCard(str(card))
    assert again.data.to_dict() == front and again.text == card.text
    hub_sizes = json.loads(files("datasets.utils.resources").joinpath(
        "size_categories.json").read_text())
    assert front["size_categories"] == ["n<1K"] and set(front["size_categories"]) <= set(hub_sizes)
    assert {size_category(n) for n in (999, 1000, 10**6, 5 * 10**9)} <= set(hub_sizes)
    assert front["pretty_name"] == "Northwind triage"
    assert front["task_categories"] == ["text-classification", "text-generation"]


@pytest.mark.parametrize(("licences", "expected"), [
    ({"a": "cc-by-4.0", "b": None}, "unknown"),
    ({"a": "CC-BY-4.0", "b": "mit"}, ["cc-by-4.0", "mit"]),
    ({"a": "cc-by-4.0", "b": "Northwind internal"}, "other"),
])
def test_licences_as_declared(tmp_path: Path, licences: dict, expected: object) -> None:
    text = _card(tmp_path, **licences)
    assert _front(text)["license"] == expected
    rows = [line for line in text.splitlines() if line.startswith("| pairs |")]
    assert [row.split(" | ")[-1].rstrip(" |") for row in rows] == [
        lic or NOT_DECLARED for lic in licences.values()]


def test_load_dataset_on_the_folder_needs_no_config_name(tmp_path: Path) -> None:
    _card(tmp_path, a="mit")
    loaded = load_dataset(str(tmp_path / "export"))
    assert sorted(loaded) == ["train", "validation"]
    assert loaded["train"].num_rows == 32 and loaded["validation"].num_rows == 8
    assert loaded["train"].column_names == ["messages"]  # the default config is openai
    alpaca = load_dataset(str(tmp_path / "export"), "alpaca")
    assert "instruction" in alpaca["train"].column_names


def test_body_counts_labels_pii_rejections_review_and_gate(tmp_path: Path) -> None:
    review = {"queue": 7, "queue_by_reason": {},
              "decisions": {"applied": {"keep": 2, "relabel": 1, "drop": 3}, "unmatched": 1}}
    text = _card(tmp_path, review=review, a=None)
    body = text.split("---\n", 2)[2]
    assert body.startswith("\n# Northwind triage\n\nSupport tickets with their category")
    assert "| `triage` | text-classification | Classify the ticket. | label | 40 |" in body
    assert "| `reply` | text-generation | Answer the customer. | text | 0 |" in body
    assert "| billing | 11 | 3 |" in body and "| legal | 0 | 0 |" in body
    assert "| PERSON | 20 | 0 |" in body and "| PHONE_NUMBER | 0 | 1 |" in body
    assert "| `quality.too_short` | 2 |" in body
    assert "review queue (`review.jsonl`): 7" in body
    assert "keep 2, relabel 1, drop 3 (1 matched no record)" in body
    assert "Verdict: **READY**" in body and "| enough_examples | met | yes |" in body
    assert '"triage": "accuracy"' in body  # numbers as JSON, not Python reprs
    assert "1 source(s) declare no licence" in body
    assert all(r.input not in text for r in records(40))  # outputs are labels here


def test_a_report_without_a_review_section_counts_the_queue(tmp_path: Path) -> None:
    text = _card(tmp_path, a="mit")
    assert "review queue (`review.jsonl`): 0" in text and "decisions: none applied" in text
