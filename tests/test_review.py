"""The review round trip on real runs: export the queue, decide (CSV, Argilla, Label Studio
files), apply, and the next run (local and Dask engines) and its export reflect each decision."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import SCHEMAS
from support_pairs import TOPICS, support_config, write_data
from test_config_cli import run_cli

from curate.cli import main


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def make_project(root: Path, engine: dict | None = None) -> Path:
    """Support pairs with 8% of labels flipped (seeded), a config naming decisions.jsonl."""
    root.mkdir(parents=True, exist_ok=True)
    write_data(root / "data.jsonl", 200, seed=3)
    rows = lines(root / "data.jsonl")
    rng = random.Random(5)
    for row in rows:
        if rng.random() < 0.08:
            row["label"] = rng.choice([t for t in sorted(TOPICS) if t != row["label"]])
    (root / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = support_config(["data.jsonl"], engine or {"kind": "local"})
    config["stages"]["review"] = {"decisions": "decisions.jsonl"}
    config["gate"]["min_eval_examples"] = 5
    (root / "curate.yaml").write_text(yaml.safe_dump(config))
    return root / "curate.yaml"


def run(config: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, err = run_cli(["run", str(config), "--out", str(out), "--quiet"], capsys)
    assert code in (0, 1), err
    return out


def exported_labels(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """id -> label of every exported training line (forced: the gate is not the point here)."""
    out = run_dir.parent / f"{run_dir.name}-export"
    code, err = run_cli(["export", str(run_dir), "-o", str(out), "--format", "openai", "--force"],
                        capsys)
    assert code == 0, err
    return {row["id"]: row["label"] for split in ("train", "eval")
            for row in lines(out / f"{split}.openai.ids.jsonl")}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished first run with a review queue (shared: runs are the slow part)."""
    root = tmp_path_factory.mktemp("first")
    config = make_project(root)
    with pytest.raises(SystemExit):  # a module fixture cannot take capsys: main directly
        main(["run", str(config), "--out", str(root / "run1"), "--quiet"])
    return root


@pytest.fixture
def project(first: Path, tmp_path: Path) -> Path:
    """A copy of the first run's project, so each test writes its own decisions."""
    shutil.copytree(first, tmp_path / "p")
    return tmp_path / "p"


def export_csv(project: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    code, err = run_cli(["review", "export", str(project / "run1"), "--to", "csv",
                         "-o", str(project / "queue.csv")], capsys)
    assert code == 0, err
    with (project / "queue.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def three_decisions(rows: list[dict[str, str]]) -> dict[str, str]:
    """Fill the first three flagged rows: accept the suggestion, keep, drop."""
    flagged = [r for r in rows if r["suggested"]]
    flagged[0]["label"] = flagged[0]["suggested"]
    flagged[1]["decision"] = "keep"
    flagged[2]["decision"] = "drop"
    return {"relabel": flagged[0]["id"], "keep": flagged[1]["id"], "drop": flagged[2]["id"]}


def test_queue_export_is_ranked_and_says_why(project: Path, capsys) -> None:
    rows = export_csv(project, capsys)
    queue = lines(project / "run1" / "review.jsonl")
    assert [r["id"] for r in rows] == [r["id"] for r in queue] and len(rows) >= 10
    qualities = [float(r["label_quality"]) for r in rows if r["suggested"]]
    assert qualities == sorted(qualities)
    by_id = {r["id"]: r for r in queue}
    for row in rows:
        record = by_id[row["id"]]
        assert row["text"] == record["input"] and row["given"] == record["label"]
        assert row["reason"].startswith(("label_issue", "label_ambiguous", "label_conflict"))
        if row["suggested"]:
            assert row["suggested"] == record["annotations"]["labels"]["suggested"] != row["given"]
            assert f"suggested {row['suggested']!r}" in row["reason"]
    assert {r["decision"] for r in rows} == {""} == {r["label"] for r in rows}


def test_csv_round_trip_next_run_and_export_reflect_every_decision(project: Path, capsys) -> None:
    chosen = three_decisions(rows := export_csv(project, capsys))
    before = exported_labels(project / "run1", capsys)
    assert not set(chosen.values()) & set(before)  # held for review: not exported yet

    code, err = run_cli(["review", "apply", str(project / "run1"),
                         str(write_csv(project / "answers.csv", rows)),
                         "--config", str(project / "curate.yaml")], capsys)
    assert code == 0 and "keep 1, relabel 1, drop 1" in err
    decided = {d["id"]: d for d in lines(project / "decisions.jsonl")}
    assert {d["decision"] for d in decided.values()} == {"keep", "relabel", "drop"}

    with (project / "decisions.jsonl").open("a") as handle:  # a record no longer in the data
        handle.write('{"decision":"keep","given":"billing","id":"%s","label":"billing"}\n' % ("f" * 20))
    run2 = run(project / "curate.yaml", project / "run2", capsys)
    curated = {r["id"]: r for r in lines(run2 / "curated.jsonl")}
    old = {r["id"]: r for r in lines(project / "run1" / "curated.jsonl")}
    assert set(curated) == set(old) - {chosen["drop"]}  # ids are stable across runs
    relabelled = curated[chosen["relabel"]]
    assert relabelled["label"] == decided[chosen["relabel"]]["label"] != old[chosen["relabel"]]["label"]
    assert relabelled["annotations"]["review"] == {
        "decision": "relabel", "flagged": ["label_issue"],
        "label_before": old[chosen["relabel"]]["label"]}
    assert curated[chosen["keep"]]["label"] == old[chosen["keep"]]["label"]
    dropped = [r for r in lines(run2 / "rejected.jsonl") if r["id"] == chosen["drop"]]
    assert dropped[0]["rejected"]["reason"] == "review.dropped"
    queue = {r["id"] for r in lines(run2 / "review.jsonl")}
    assert not set(chosen.values()) & queue
    assert queue == {r["id"] for r in lines(project / "run1" / "review.jsonl")} - set(chosen.values())

    after = exported_labels(run2, capsys)
    assert after[chosen["relabel"]] == relabelled["label"]
    assert after[chosen["keep"]] == old[chosen["keep"]]["label"]
    assert chosen["drop"] not in after

    report = json.loads((run2 / "report.json").read_text())
    assert report["review"]["queue"] == len(queue)
    assert report["review"]["decisions"] == report["findings"]["review"]
    assert report["review"]["decisions"]["applied"] == {"keep": 1, "relabel": 1, "drop": 1}
    assert report["review"]["decisions"]["labels_changed"] == 1
    assert report["review"]["decisions"]["unmatched"] == 1
    assert report["review"]["decisions"]["decisions"] == 4
    assert report["accounting"]["stages"]["review"]["reasons"] == {"review.dropped": 1}
    jsonschema.validate(report, json.loads((SCHEMAS / "report.schema.json").read_text()))
    record_schema = json.loads((SCHEMAS / "record.schema.json").read_text())
    for record in [*curated.values(), *dropped]:
        jsonschema.validate(record, record_schema)
    manifest = json.loads((run2 / "manifest.json").read_text())
    assert "decisions.jsonl" in [entry["path"] for entry in manifest["inputs"]]


def test_bad_answers_list_every_problem_and_apply_nothing(project: Path, capsys) -> None:
    rows = export_csv(project, capsys)
    three_decisions(rows)
    good = write_csv(project / "good.csv", [dict(r) for r in rows])
    assert run_cli(["review", "apply", str(project / "run1"), str(good),
                    "--config", str(project / "curate.yaml")], capsys)[0] == 0
    kept = (project / "decisions.jsonl").read_bytes()

    rows[3]["label"] = "weather"
    rows[4]["decision"] = "maybe"
    rows[5]["id"], rows[5]["decision"] = "0" * 20, "keep"
    rows[6]["decision"] = "relabel"
    rows[7]["decision"], rows[8]["id"] = "drop", rows[7]["id"]
    rows[8]["label"] = rows[8]["given"]
    code, err = run_cli(["review", "apply", str(project / "run1"),
                         str(write_csv(project / "bad.csv", rows)),
                         "--config", str(project / "curate.yaml")], capsys)
    problems = [line.removeprefix("Error: ") for line in err.strip().splitlines()[1:]]
    assert code == 2 and "5 problem(s) in bad.csv, no decision applied" in err
    assert [p.split(":")[0].strip() for p in problems] == [
        f"bad.csv line {n}" for n in (5, 6, 7, 8, 10)]
    assert "'weather' is not a label of task 'support'" in problems[0]
    assert "bad decision 'maybe'" in problems[1] and "unknown id" in problems[2]
    assert "relabel without a label" in problems[3] and "decided already at line 9" in problems[4]
    assert (project / "decisions.jsonl").read_bytes() == kept
    assert "Traceback" not in err


def test_apply_needs_the_config_to_name_the_decisions_file(project: Path, capsys) -> None:
    config = yaml.safe_load((project / "curate.yaml").read_text())
    del config["stages"]["review"]
    (project / "plain.yaml").write_text(yaml.safe_dump(config))
    write_csv(project / "a.csv", [{"id": "x", "decision": "keep", "label": ""}])
    code, err = run_cli(["review", "apply", str(project / "run1"), str(project / "a.csv"),
                         "--config", str(project / "plain.yaml")], capsys)
    assert code == 2 and "stages.review.decisions" in err and "decisions.jsonl" in err


def test_a_damaged_decisions_file_stops_the_run_before_any_work(project: Path, capsys) -> None:
    (project / "decisions.jsonl").write_text('{"id": "x", "decision": "keep"}\n')
    code, err = run_cli(["run", str(project / "curate.yaml"), "--out", str(project / "run2")],
                        capsys)
    assert code == 2 and "stages.review.decisions" in err and "line 1 of decisions.jsonl" in err
    assert not (project / "run2" / "curated.jsonl").exists()


def argilla_export(records: list[dict], answers: dict[str, dict[str, str]]) -> list[dict]:
    """What `dataset.records.to_json` writes after reviewers answered: responses per question,
    one entry per user (`rg.Record.to_dict()`)."""
    out = []
    for record in records:
        responses: dict[str, list[dict[str, str]]] = {}
        for question, value in answers.get(record["id"], {}).items():
            responses[question] = [{"value": value, "user_id": "5e1c0000-0000-0000-0000-000000000001"}]
        out.append({**record, "responses": responses,
                    "_server_id": "9a0d0000-0000-0000-0000-000000000002"})
    return out


def test_argilla_round_trip(project: Path, capsys) -> None:
    out = project / "queue.argilla.json"
    assert run_cli(["review", "export", str(project / "run1"), "--to", "argilla", "-o", str(out)],
                   capsys)[0] == 0
    records = json.loads(out.read_text())
    queue = lines(project / "run1" / "review.jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in queue]
    first_flagged = next(r for r in records if r["suggestions"])
    assert first_flagged["suggestions"]["label"]["value"] == first_flagged["metadata"]["suggested"]
    assert first_flagged["fields"]["text"] == next(
        q["input"] for q in queue if q["id"] == first_flagged["id"])

    flagged = [r for r in records if r["suggestions"]]
    answers = {flagged[0]["id"]: {"label": flagged[0]["suggestions"]["label"]["value"]},
               flagged[1]["id"]: {"label": flagged[1]["metadata"]["given"], "decision": "keep"},
               flagged[2]["id"]: {"decision": "drop"}}
    done = project / "argilla-export.json"
    done.write_text(json.dumps(argilla_export(records, answers)))
    code, err = run_cli(["review", "apply", str(project / "run1"), str(done),
                         "--config", str(project / "curate.yaml")], capsys)
    assert code == 0, err
    decided = {d["id"]: d for d in lines(project / "decisions.jsonl")}
    assert {rid: d["decision"] for rid, d in decided.items()} == {
        flagged[0]["id"]: "relabel", flagged[1]["id"]: "keep", flagged[2]["id"]: "drop"}
    assert decided[flagged[0]["id"]]["label"] == flagged[0]["suggestions"]["label"]["value"]


def label_studio_export(tasks: list[dict], picks: dict[str, list[dict]]) -> list[dict]:
    """What Label Studio's JSON export holds: each task with its id and annotations."""
    return [{"id": n, "data": task["data"], "predictions": task["predictions"],
             "annotations": [{"id": 100 + n, "was_cancelled": False, "result": result}
                             for result in picks.get(task["data"]["curate_id"], [])]}
            for n, task in enumerate(tasks, start=1)]


def choice(name: str, value: str) -> dict:
    return {"from_name": name, "to_name": "text", "type": "choices",
            "value": {"choices": [value]}}


def test_label_studio_files_and_disagreeing_annotators(project: Path, capsys) -> None:
    out = project / "tasks.json"
    assert run_cli(["review", "export", str(project / "run1"), "--to", "labelstudio",
                    "-o", str(out)], capsys)[0] == 0
    tasks = json.loads(out.read_text())
    config = (project / "tasks.xml").read_text()
    assert all(f'<Choice value="{label}" />' in config for label in sorted(TOPICS))
    flagged = [t for t in tasks if t["predictions"]]
    prediction = flagged[0]["predictions"][0]
    assert prediction["model_version"] == "curate-labels" and 0 < prediction["score"] <= 1
    assert prediction["result"] == [choice("label", flagged[0]["data"]["suggested"])]

    ids = [t["data"]["curate_id"] for t in flagged]
    picks = {ids[0]: [[choice("label", flagged[0]["data"]["suggested"])]],
             ids[1]: [[choice("decision", "drop")]],
             ids[2]: [[choice("label", flagged[2]["data"]["given"])],
                      [choice("label", flagged[2]["data"]["suggested"])]]}
    answers = project / "ls-export.json"
    answers.write_text(json.dumps(label_studio_export(tasks, picks)))
    code, err = run_cli(["review", "apply", str(project / "run1"), str(answers),
                         "--config", str(project / "curate.yaml")], capsys)
    assert code == 2 and "2 annotations disagree" in err and "settle it in Label Studio" in err
    assert not (project / "decisions.jsonl").exists()

    del picks[ids[2]]
    answers.write_text(json.dumps(label_studio_export(tasks, picks)))
    assert run_cli(["review", "apply", str(project / "run1"), str(answers),
                    "--config", str(project / "curate.yaml")], capsys)[0] == 0
    assert {d["id"]: d["decision"] for d in lines(project / "decisions.jsonl")} == {
        ids[0]: "relabel", ids[1]: "drop"}


def test_dask_engine_applies_decisions_as_the_local_engine_does(project: Path, capsys) -> None:
    three_decisions(rows := export_csv(project, capsys))
    assert run_cli(["review", "apply", str(project / "run1"),
                    str(write_csv(project / "answers.csv", rows)),
                    "--config", str(project / "curate.yaml")], capsys)[0] == 0
    local = run(project / "curate.yaml", project / "local", capsys)
    config = yaml.safe_load((project / "curate.yaml").read_text())
    config["engine"] = {"kind": "dask", "workers": 2, "batch_size": 40}
    (project / "dask.yaml").write_text(yaml.safe_dump(config))
    dask = run(project / "dask.yaml", project / "dask", capsys)
    for name in ("curated.jsonl", "rejected.jsonl", "review.jsonl"):
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name
    assert json.loads((dask / "report.json").read_text())["review"] == json.loads(
        (local / "report.json").read_text())["review"]


def test_decisions_file_is_byte_stable_and_newer_answers_win(project: Path, capsys) -> None:
    rows = export_csv(project, capsys)
    chosen = three_decisions(rows)
    apply = ["review", "apply", str(project / "run1"), str(project / "a.csv"),
             "--config", str(project / "curate.yaml")]
    write_csv(project / "a.csv", rows)
    assert run_cli(apply, capsys)[0] == 0
    once = (project / "decisions.jsonl").read_bytes()
    assert run_cli(apply, capsys)[0] == 0
    assert (project / "decisions.jsonl").read_bytes() == once
    changed = [dict(r, decision="", label="") for r in rows]
    row = next(r for r in changed if r["id"] == chosen["drop"])
    row["decision"] = "keep"
    write_csv(project / "a.csv", changed)
    assert run_cli(apply, capsys)[0] == 0
    decided = {d["id"]: d["decision"] for d in lines(project / "decisions.jsonl")}
    assert decided == {chosen["relabel"]: "relabel", chosen["keep"]: "keep", chosen["drop"]: "keep"}
    assert list(decided) == sorted(decided)


ARGILLA_PYTHON = os.environ.get("CURATE_ARGILLA_PYTHON", "")

ARGILLA_REVIEWER = r"""
import json, sys, uuid
import argilla as rg

records = [rg.Record.from_dict(data) for data in json.load(open(sys.argv[1]))]
answers = json.loads(sys.argv[2])
user = uuid.UUID(int=7)
out = []
for record in records:
    suggested = {s.question_name: (s.value, s.agent) for s in record.suggestions}
    assert suggested == ({"label": (record.metadata["suggested"], "curate-labels")}
                         if "suggested" in record.metadata else {})
    responses = [rg.Response(question, value, user_id=user)
                 for question, value in answers.get(record.id, {}).items()]
    out.append(rg.Record(id=record.id, fields=dict(record.fields),
                         metadata=dict(record.metadata), suggestions=list(record.suggestions),
                         responses=responses).to_dict())
json.dump(out, open(sys.argv[3], "w"))
"""


@pytest.mark.skipif(
    not (ARGILLA_PYTHON and os.access(ARGILLA_PYTHON, os.X_OK)),
    reason="set CURATE_ARGILLA_PYTHON to a python with argilla 2.x installed to run this")
def test_argilla_sdk_reads_our_file_and_we_read_its_answers(project: Path, capsys) -> None:
    """Opt-in (CURATE_ARGILLA_PYTHON: a python with argilla 2.x, in its own venv): the SDK loads
    our file as `dataset.records.from_json` does, answers with `rg.Response`, writes what
    `to_json` writes; no server needed."""
    export = project / "queue.argilla.json"
    assert run_cli(["review", "export", str(project / "run1"), "--to", "argilla",
                    "-o", str(export)], capsys)[0] == 0
    flagged = [r for r in json.loads(export.read_text()) if r["suggestions"]]
    answers = {flagged[0]["id"]: {"label": flagged[0]["metadata"]["suggested"]},
               flagged[1]["id"]: {"label": flagged[1]["metadata"]["given"]},
               flagged[2]["id"]: {"decision": "drop"}}
    done = project / "answers.json"
    subprocess.run([ARGILLA_PYTHON, "-c", ARGILLA_REVIEWER, str(export), json.dumps(answers),
                    str(done)], check=True, timeout=300)
    code, err = run_cli(["review", "apply", str(project / "run1"), str(done),
                         "--config", str(project / "curate.yaml")], capsys)
    assert code == 0 and "keep 1, relabel 1, drop 1" in err, err
    assert {d["id"]: d["decision"] for d in lines(project / "decisions.jsonl")} == {
        flagged[0]["id"]: "relabel", flagged[1]["id"]: "keep", flagged[2]["id"]: "drop"}
