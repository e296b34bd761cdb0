"""Every built-in ingestor, stage and exporter is covered by the hostile-input, schema and
export tests, and no test can turn a failure into a skip.

Those tests are parametrised over the registries' built-in names; the tables they read per
name must list exactly those names, so a registry line without coverage fails here."""

from __future__ import annotations

import ast
import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import SCHEMAS
from jsonschema import Draft202012Validator
from runkit import config, records
from test_export import FLAT_SHAPES, SHAPES
from test_hostile_input import SUFFIXES

from curate.config import validate_config
from curate.engine.base import apply_stage
from curate.pipeline import build_stages
from curate.record import Record
from curate.registries import EXPORTERS, INGESTORS, STAGES

TESTS = Path(__file__).parent
RECORD_SCHEMA = Draft202012Validator(json.loads((SCHEMAS / "record.schema.json").read_text()))


def test_no_plugin_is_installed_where_the_tests_run():
    """The covered names are the registries' whole tables here: a plugin would be untested."""
    for registry in (INGESTORS, STAGES, EXPORTERS):
        assert not list(entry_points(group=registry.group)), registry.group
        assert registry.names() == registry.builtin_names()


def test_the_hostile_input_tests_know_every_ingestor():
    assert set(SUFFIXES) == set(INGESTORS.builtin_names())


def test_the_export_tests_know_every_format():
    assert set(SHAPES) | set(FLAT_SHAPES) == set(EXPORTERS.builtin_names())
    assert not set(SHAPES) & set(FLAT_SHAPES)


@pytest.fixture(scope="module")
def stage_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Record], dict]]:
    """Every built-in stage of a default config, in pipeline order, on the same records:
    what each returned (kept and rejected) and its findings. The review stage runs with a
    decisions file that drops every other record."""
    flowing = records(60)
    decisions = tmp_path_factory.mktemp("review") / "decisions.jsonl"
    decisions.write_text("".join(
        json.dumps({"id": r.id, "decision": "drop", "label": None, "given": r.label}) + "\n"
        for r in flowing[::2]))
    data = config().model_dump(mode="json")
    data["stages"] = {"review": {"decisions": str(decisions)}}
    cfg = validate_config(data, Path.cwd())
    outputs = {}
    for stage in build_stages(cfg):
        stage.prepare()
        result = apply_stage(stage, flowing)
        outputs[stage.name] = ([Record.from_dict(r.to_dict()) for r in result.kept + result.rejected],
                               stage.findings)  # copies: a later stage changes records in place
        flowing = result.kept
    return outputs


@pytest.mark.parametrize("name", STAGES.builtin_names())
def test_each_stage_writes_schema_valid_records_and_namespaced_reasons(name, stage_outputs):
    out, findings = stage_outputs[name]
    assert out
    for record in out:
        RECORD_SCHEMA.validate(json.loads(record.to_json()))
        if record.rejected is not None:
            assert record.rejected.stage == name
            assert record.rejected.reason.startswith(f"{name}.")
    assert isinstance(json.loads(json.dumps(findings)), dict)  # a report.json findings object


ALLOWED_SKIPS = {
    # (file, call): why that file may skip, always on a resource's absence only
    ("conftest.py", "skip"): "the corpora folder is absent",
    ("test_security.py", "skip"): "the msg corpus folder is absent",
    ("test_hostile_input.py", "skipif"): "a corpus folder is absent",
    ("test_trainers.py", "importorskip"): "the trainers extra, LLaMA-Factory or axolotl",
    ("test_run_directory.py", "skip"): "no right to mount a tmpfs",
    ("test_run_directory.py", "skipif"): "not Linux (PR_SET_PDEATHSIG)",
    ("test_ingest_workers.py", "skipif"): "not Linux (PR_SET_PDEATHSIG)",
    ("test_prepare.py", "skipif"): "no fork start method",
    ("test_review_label_studio.py", "skipif"): "Label Studio opt-in (CURATE_LABEL_STUDIO)",
    ("test_review.py", "skipif"): "Argilla opt-in (CURATE_ARGILLA_PYTHON)",
}


def _skips(path: Path) -> set[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("skip", "skipif", "importorskip",
                                                             "xfail"):
            found.add((path.name, node.attr))
        if isinstance(node, ast.Name) and node.id in ("skip", "importorskip", "xfail"):
            found.add((path.name, node.id))
    return found


def test_only_absent_optional_resources_may_skip():
    """A skip anywhere else could hide a broken import or a failure: name it here first."""
    found = set().union(*(_skips(p) for p in sorted(TESTS.glob("*.py"))))
    assert found and not found - set(ALLOWED_SKIPS), sorted(found - set(ALLOWED_SKIPS))
