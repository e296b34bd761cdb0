"""Security: input never steers where curate writes, input is never executed or unpickled,
and no record text reaches rejection details, logs or reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, corpora_root
from multisource import CANARY, run_cli, write_project
from test_hostile_input import ingest

from curate.config import validate_config
from curate.errors import ConfigError


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One `curate run` and one forced `curate export` of the four-source project.

    The project sits two levels down, so `../../evil` from any id, Message-ID, attachment
    name or dataset_name would land inside the sandbox where the test can see it.
    """
    sandbox = tmp_path_factory.mktemp("sandbox")
    base = sandbox / "a" / "b"
    base.mkdir(parents=True)
    config = write_project(base, dataset_name="../../evil/name")
    outside = sandbox / "outside.txt"
    outside.write_text("untouched\n")
    (base / "out").mkdir()
    (base / "out" / "curated.jsonl").symlink_to(outside)  # a planted link in the run directory
    before = snapshot(sandbox)
    run = run_cli("run", str(config), "--out", "out", "--quiet", "--force", cwd=base)
    export = run_cli("export", "out", "-o", "out/export", "--force", cwd=base)
    return {"sandbox": sandbox, "base": base, "before": before, "run": run, "export": export}


def test_input_cannot_make_curate_write_outside_the_output_directory(project: dict) -> None:
    sandbox, base = project["sandbox"], project["base"]
    assert project["run"].returncode in (0, 1), project["run"].stderr
    assert project["export"].returncode == 0, project["export"].stderr
    after = snapshot(sandbox)
    written = {p for p in after if project["before"].get(p) != after[p]}
    assert written, "the run wrote nothing"
    assert all(p.is_relative_to(base / "out") for p in written), sorted(written)
    assert not list(sandbox.rglob("evil*"))
    # The planted symlink was replaced by the new file (rename), its target left alone.
    assert (sandbox / "outside.txt").read_text() == "untouched\n"
    assert not (base / "out" / "curated.jsonl").is_symlink()
    assert (base / "out" / "export" / "README.md").is_file()


def test_no_record_text_in_details_logs_or_reports(project: dict) -> None:
    out = project["base"] / "out"
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert len({r["rejected"]["reason"] for r in rejected}) >= 8  # many failure paths covered
    assert CANARY in (out / "curated.jsonl").read_text()  # the canary did flow through
    for record in rejected:
        assert CANARY not in json.dumps(record["rejected"])
    for name in ("report.json", "report.html", "manifest.json"):
        assert CANARY not in (out / name).read_text(encoding="utf-8"), name
    for process in (project["run"], project["export"]):
        assert CANARY not in process.stdout + process.stderr


@pytest.mark.parametrize("kind", ["pairs", "tickets", "emails", "contracts"])
def test_rejection_details_never_quote_the_item(tmp_path: Path, kind: str) -> None:
    write_project(tmp_path)
    paths = {"pairs": "pairs.jsonl", "tickets": "tickets.csv", "emails": "mail",
             "contracts": "contracts"}
    options = {"pairs": {"input": "q", "output": "a", "id": "id"}, "tickets": {"id": "id"}}
    records = ingest(kind, tmp_path / paths[kind], **options.get(kind, {}))
    rejected = [r for r in records if r.rejected is not None]
    assert rejected and any(r.rejected is None for r in records)
    for record in rejected:
        assert CANARY not in record.to_json()


def test_outlook_attachments_are_never_saved(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """extract-msg opens .msg files with delayed attachments: nothing is written, not even
    to the working directory, whatever the attachments are called."""
    folder = corpora_root() / "emails" / "msg"
    if not folder.is_dir():
        pytest.skip("msg corpus absent")
    (tmp_path / "in").mkdir()
    for path in sorted(folder.rglob("*.msg")):
        (tmp_path / "in" / path.name).write_bytes(path.read_bytes())
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    assert ingest("emails", tmp_path / "in")
    assert snapshot(tmp_path) == before


def test_a_symlink_in_a_contracts_folder_is_read_never_written(tmp_path: Path) -> None:
    """Decision: links the operator placed in an input folder are followed for reading (the
    operator chose the folder); a link loop does not hang the walk; nothing is written."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("1. Term. This agreement lasts for five whole years from now.\n")
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "linked.txt").symlink_to(elsewhere)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    before = snapshot(tmp_path)
    records = ingest("contracts", folder)
    assert [r.output for r in records] == ["term"]
    assert records[0].source.path.endswith("contracts/linked.txt")
    assert snapshot(tmp_path) == before


def test_an_export_format_or_stage_name_cannot_be_a_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"export\.formats"):
        validate_config({"export": {"formats": ["../../evil"]}}, tmp_path)
    with pytest.raises(ConfigError, match="stages"):
        validate_config({"stages": {"../evil": {}}}, tmp_path)


FORBIDDEN = {
    "pickle or marshal load": re.compile(r"\b(?:c?pickle|dill|marshal|joblib)\.loads?\("),
    "eval": re.compile(r"(?<![\w.])eval\("),
    "exec": re.compile(r"(?<![\w.])exec\("),
    "yaml.load without SafeLoader": re.compile(r"yaml\.(?:load|load_all)\((?![^)]*SafeLoader)"),
    "unsafe yaml loader": re.compile(r"yaml\.(?:unsafe_load|full_load)|Loader=yaml\.Loader"),
    "shell=True": re.compile(r"shell\s*=\s*True"),
    "os.system": re.compile(r"\bos\.(?:system|popen)\("),
    "allow_pickle": re.compile(r"allow_pickle\s*=\s*True"),
}


# The Dask engine unpickles objects the client itself pickled into the run's work folder, and
# only after checking the sha256 the client sent with the task (tested below). The local
# engine's shuffle unpickles the spill files it wrote moments before, within the same call, in
# a private temporary folder it created (mkdtemp: mode 0700), removed when the call ends.
# Nothing else may.
ALLOWED = {("pickle or marshal load", "curate/engine/dask.py", "    return pickle.loads(blob)"),
           ("pickle or marshal load", "curate/engine/local.py", "            rows += pickle.load(file)")}


@pytest.mark.parametrize("what", sorted(FORBIDDEN))
def test_no_code_path_executes_or_unpickles_input(what: str) -> None:
    hits = [f"{path.relative_to(REPO)}:{number}"
            for path in sorted((REPO / "curate").rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if FORBIDDEN[what].search(line)
            and (what, str(path.relative_to(REPO)), line) not in ALLOWED]
    assert not hits, f"{what} in {hits}"


def test_the_dask_engine_unpickles_only_the_bytes_it_wrote(tmp_path: Path) -> None:
    import hashlib
    import pickle

    from curate.engine.dask import _load
    from curate.errors import ClusterError

    blob = pickle.dumps({"min_words": 3})
    shared = tmp_path / "shared.pkl"
    shared.write_bytes(blob)
    digest = hashlib.sha256(blob).hexdigest()
    assert _load(str(shared), digest) == {"min_words": 3}
    shared.write_bytes(pickle.dumps({"min_words": 12}))
    with pytest.raises(ClusterError, match="changed on disk"):
        _load(str(shared), digest)
