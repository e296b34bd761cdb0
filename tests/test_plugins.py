"""Plugins from outside the repo: a package built and pip-installed at test time (offline)
adds an ingestor, a stage, an exporter and a recognizer through entry points, and a
`curate run` uses all four. Broken plugins fail in one line, exit 2, before any work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

PLUGIN = '''"""A curate plugin: questions and answers as `question => answer` lines."""

from presidio_analyzer import Pattern, PatternRecognizer

from curate.export.base import Exporter
from curate.ingest.base import Ingestor
from curate.record import Source, new_record
from curate.stages.base import Stage


class LinesIngestor(Ingestor):
    name = "qa_lines"

    def read(self, path):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            self.items_read += 1
            question, sep, answer = line.partition(" => ")
            if not sep:
                yield self.rejected_item(path, f"line {number}", "ingest.no_arrow", "no ' => '")
                continue
            self.items_used += 1
            yield new_record(Source(self.name, self.relpath(path), f"line {number}"),
                             task=self.source.task, instruction=self.task.instruction,
                             input=question, output=answer)


class WordCountStage(Stage):
    name = "word_count"

    def process(self, records):
        for record in records:
            record.annotations["word_count"] = {"output_words": len(record.output.split())}
        return records


class PlainText(Exporter):
    name = "plain_text"
    keys = frozenset({"text"})

    def shape(self, record, messages):
        return {"text": "\\n".join(m["content"] for m in messages)}


def order_code_recognizer():
    return PatternRecognizer(supported_entity="ORDER_CODE", name="OrderCodeRecognizer",
                             patterns=[Pattern("order code", r"\\bORD-\\d{6}\\b", 0.9)])
'''

ENTRY_POINTS = {
    "curate.ingestors": {"qa_lines": "curate_demo_plugin:LinesIngestor"},
    "curate.stages": {"word_count": "curate_demo_plugin:WordCountStage"},
    "curate.exporters": {"plain_text": "curate_demo_plugin:PlainText"},
    "curate.recognizers": {"order_codes": "curate_demo_plugin:order_code_recognizer"},
}


def install(tmp: Path, name: str, module: str, entry_points: dict[str, dict[str, str]]) -> Path:
    """Build package `name` (one module) and pip-install it, offline, into its own folder."""
    source = tmp / f"{name}-src"
    source.mkdir()
    (source / f"{name}.py").write_text(module, encoding="utf-8")
    groups = "".join(f'\n[project.entry-points."{group}"]\n'
                     + "".join(f'{key} = "{value}"\n' for key, value in points.items())
                     for group, points in entry_points.items())
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        f'\n[project]\nname = "{name.replace("_", "-")}"\nversion = "0.1"\n'
        f'\n[tool.setuptools]\npy-modules = ["{name}"]\n{groups}', encoding="utf-8")
    site = tmp / f"{name}-site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation",
                    "--no-index", "--no-deps", "--target", str(site), str(source)],
                   check=True, capture_output=True, cwd=tmp)
    return site


def curate(sites: list[Path], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, sites), str(REPO)])}
    return subprocess.run([sys.executable, "-m", "curate.cli", *args], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("plugin"), "curate_demo_plugin", PLUGIN, ENTRY_POINTS)


def write_config(base: Path, **changes: object) -> Path:
    lines = [f"How do I reset my password for account {i}? My order is ORD-{100000 + i}. => "
             f"Open settings, choose reset password, and confirm with the code we e-mail to you. "
             f"Reference {i * 37}." for i in range(30)]
    (base / "qa.txt").write_text("\n".join([*lines, "a line without an arrow"]) + "\n",
                                 encoding="utf-8")
    config = {
        "seed": 3,
        "tasks": {"support": {"instruction": "Answer the customer.", "max_output_words": 60,
                             "metric": "rouge_l"}},
        "sources": [{"kind": "qa_lines", "path": "qa.txt", "task": "support"}],
        "stages": {"redact": {"entities": ["PERSON", "EMAIL_ADDRESS", "ORDER_CODE"]},
                   "labels": {"enabled": False}, "audit": {"enabled": False}},
        "gate": {"min_train_examples": 0, "min_eval_examples": 0, "fail_on_bias_severity": None},
        "export": {"formats": ["plain_text"]},
        **changes,
    }
    path = base / "curate.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_an_installed_plugin_of_each_kind_acts_in_a_run(plugin_site: Path, tmp_path: Path):
    run = curate([plugin_site], "run", str(write_config(tmp_path)), "--out", str(tmp_path / "run"),
                 "--quiet")
    assert run.returncode == 0, run.stderr  # the gate passed: exports are written
    out = tmp_path / "run"
    curated = [json.loads(line) for line in (out / "curated.jsonl").read_text().splitlines()]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert curated and all(r["source"]["kind"] == "qa_lines" for r in curated)  # the ingestor
    assert [r["rejected"]["reason"] for r in rejected if r["rejected"]["stage"] == "ingest"] \
        == ["ingest.no_arrow"]
    for record in curated:  # the stage ran, before split
        assert record["annotations"]["word_count"] == {"output_words": len(record["output"].split())}
        assert record["split"] in ("train", "eval")
        assert "ORD-" not in record["input"] and "<ORDER_CODE_" in record["input"]  # recognizer
    report = json.loads((out / "report.json").read_text())
    assert report["accounting"]["stage_order"][-2:] == ["word_count", "split"]
    train = (out / "train.plain_text.jsonl").read_text().splitlines()  # the exporter
    assert train and all(set(json.loads(line)) == {"text"} for line in train)
    assert "<ORDER_CODE_" in json.loads(train[0])["text"]


def test_a_plugin_named_like_a_builtin_is_a_config_error(tmp_path: Path):
    site = install(tmp_path, "curate_clash_plugin", "class Dedup:\n    pass\n",
                   {"curate.stages": {"dedup": "curate_clash_plugin:Dedup"}})
    run = curate([site], "run", str(write_config(tmp_path, sources=[])), "--out",
                 str(tmp_path / "run"))
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [
        "Error: config error at 'entry point curate.stages:dedup': the plugin from package "
        "'curate-clash-plugin' clashes with the built-in stage 'dedup'; rename the plugin's "
        "entry point"]
    assert not (tmp_path / "run").exists()


def test_a_plugin_that_fails_to_import_names_itself_and_its_package(
    plugin_site: Path, tmp_path: Path
):
    site = install(tmp_path, "curate_broken_plugin", "import a_module_that_is_not_installed\n",
                   {"curate.exporters": {"broken": "curate_broken_plugin:Broken"}})
    config = write_config(tmp_path, export={"formats": ["broken"]})
    run = curate([plugin_site, site], "run", str(config), "--out", str(tmp_path / "run"))
    assert run.returncode == 2, run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("Error: export format plugin 'broken' from package "
                           "'curate-broken-plugin' failed to load")
    assert "ModuleNotFoundError" in line
    assert not (tmp_path / "run").exists()
