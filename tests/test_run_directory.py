"""The run directory curate owns, one run at a time, and failures as one line (issue #14).

Runs use the toy stages (fast); the resume test runs the real stages in subprocesses.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attacks
import pytest
import yaml
from test_pipeline import make_config, write_pairs

from curate.cli import main
from curate.errors import ConfigError, UsageError
from curate.registries import STAGES
from curate.rundir import MARKER, claim

TESTS = Path(__file__).parent
REPO = TESTS.parent


@pytest.fixture
def toy() -> Iterator[None]:
    with STAGES.swapped({"every_nth": "toy_stages:RejectEveryNth",
                         "longest": "toy_stages:MarkLongest"}):
        yield


def write_config(base: Path, **extra: object) -> Path:
    make_config(base)  # writes pairs.jsonl
    data = {"seed": 7, "engine": {"batch_size": 4},
            "tasks": {"support": {"instruction": "Answer the question."}},
            "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "support",
                         "options": {"input": "q", "output": "a"}}],
            "gate": {"min_train_examples": 5}, **extra}
    path = base / "curate.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `curate ARGS` in this process: (exit code, stderr)."""
    capsys.readouterr()
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest_outputs(out: Path) -> list[str]:
    return [e["path"] for e in json.loads((out / "manifest.json").read_text())["outputs"]]


def test_a_foreign_folder_is_refused_and_force_replaces_only_curates_files(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    out = tmp_path / "project"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "config").write_text("[core]\n")
    (out / "notes.txt").write_text("mine\n")
    before = snapshot(out)
    code, err = cli(["run", str(config), "--out", str(out)], capsys)
    assert code == 2 and "--force" in one_line_error(err)
    assert snapshot(out) == before

    code, err = cli(["run", str(config), "--out", str(out), "--force"], capsys)
    assert code in (0, 1), err
    after = snapshot(out)
    assert {k: after[k] for k in before} == before  # the user's files untouched
    listed = manifest_outputs(out)
    assert listed == json.loads((out / MARKER).read_text())["outputs"]
    assert set(listed) == {k for k in after if not k.startswith(".")} - {"manifest.json",
                                                                         "notes.txt"}


def test_a_source_folder_or_a_folder_inside_one_is_refused_even_forced(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    write_pairs(tmp_path / "data" / "pairs.jsonl", 10)
    config = tmp_path / "curate.yaml"
    config.write_text(yaml.safe_dump({
        "tasks": {"s": {"instruction": "Answer."}},
        "sources": [{"kind": "pairs", "path": "data", "task": "s",
                     "options": {"input": "q", "output": "a"}}]}), encoding="utf-8")
    before = snapshot(tmp_path / "data")
    for out in ("data", "data/run", "data/pairs.jsonl"):
        code, err = cli(["run", str(config), "--out", str(tmp_path / out), "--force"], capsys)
        assert code == 2, err
        assert "source" in one_line_error(err) or "input file" in err
    assert snapshot(tmp_path / "data") == before


def test_outputs_that_are_folders_inputs_or_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw.jsonl"
    write_pairs(raw, 5)
    data = raw.read_bytes()
    (tmp_path / "folder").mkdir()
    options = ["-O", "input=q", "-O", "output=a"]
    for out in (raw, tmp_path / "folder"):
        code, err = cli(["ingest", "pairs", str(raw), "-o", str(out), *options], capsys)
        assert code == 2 and "-o" in one_line_error(err)
    code, err = cli(["quality", str(raw), "-o", str(raw)], capsys)
    assert code == 2 and "input" in one_line_error(err)
    code, err = cli(["run", str(write_config(tmp_path)), "--out", str(raw)], capsys)
    assert code == 2 and "file" in one_line_error(err)
    assert raw.read_bytes() == data


def test_a_rerun_removes_its_own_previous_outputs(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    config = write_config(tmp_path)
    assert cli(["run", str(config), "--out", str(out)], capsys)[0] in (0, 1)
    # As a READY run would have left them: trainer files listed in the marker.
    marker = json.loads((out / MARKER).read_text())
    for name in ("train.openai.jsonl", "eval.openai.jsonl"):
        (out / name).write_text("{}\n")
        marker["outputs"].append(name)
    marker["outputs"].append("../outside.txt")  # a tampered marker cannot reach out
    (out / MARKER).write_text(json.dumps(marker))
    (tmp_path / "outside.txt").write_text("keep\n")
    (out / "mine.txt").write_text("a file the user added\n")
    assert cli(["run", str(config), "--out", str(out)], capsys)[0] in (0, 1)
    assert not list(out.glob("train.*")) and not list(out.glob("eval.*"))
    assert (out / "mine.txt").read_text() == "a file the user added\n"
    assert (tmp_path / "outside.txt").read_text() == "keep\n"
    present = {k for k in snapshot(out) if not k.startswith(".") and k != "manifest.json"}
    assert set(manifest_outputs(out)) == present - {"mine.txt"}


def test_a_rerun_removes_the_temp_files_a_killed_run_left(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    config = write_config(tmp_path)
    assert cli(["run", str(config), "--out", str(out)], capsys)[0] in (0, 1)
    # As a SIGKILL between an atomic write's create and rename leaves them.
    left = [out / f".{MARKER}.k1ll3d.tmp", out / ".manifest.json.x.tmp",
            out / ".curated.jsonl.y.tmp"]
    for path in left:
        path.write_text("half")
    (out / ".notes.tmp").write_text("a hidden file the user added\n")
    assert cli(["run", str(config), "--out", str(out)], capsys)[0] in (0, 1)
    assert not any(path.exists() for path in left)
    assert (out / ".notes.tmp").read_text() == "a hidden file the user added\n"


def test_two_runs_into_one_folder_cannot_both_proceed(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    out = tmp_path / "run"
    holder = claim(out, [], force=False)
    try:
        code, err = cli(["run", str(config), "--out", str(out)], capsys)
        assert code == 2 and f"pid {os.getpid()}" in one_line_error(err)
        with pytest.raises(UsageError, match="another curate run"):
            claim(out, [], force=False)
    finally:
        holder.release()
    assert cli(["run", str(config), "--out", str(out)], capsys)[0] in (0, 1)


def test_config_and_option_mistakes_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(attacks.ALIAS_BOMB, encoding="utf-8")
    code, err = cli(["run", str(bomb), "--out", str(tmp_path / "run")], capsys)
    line = one_line_error(err)
    assert code == 2 and "b[0]" in line and "alias" in line
    assert not (tmp_path / "run").exists()
    raw = tmp_path / "raw.jsonl"
    write_pairs(raw, 3)
    code, err = cli(["ingest", "pairs", str(raw), "-o", str(tmp_path / "o.jsonl"),
                     "-O", "meta=[unclosed"], capsys)
    assert code == 2 and "--option meta" in one_line_error(err)
    with pytest.raises(ConfigError):  # --debug shows the traceback instead
        main(["--debug", "run", str(bomb), "--out", str(tmp_path / "run")])


def run_subprocess(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    return subprocess.run([sys.executable, "-m", "curate.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120, **kwargs)  # type: ignore[call-overload]


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_write_the_system_refuses_is_one_line_exit_3(tmp_path: Path) -> None:
    raw = tmp_path / "raw.jsonl"
    write_pairs(raw, 400)
    done = run_subprocess(["ingest", "pairs", str(raw), "-o", str(tmp_path / "o.jsonl"),
                           "-O", "input=q", "-O", "output=a"], preexec_fn=_limit_file_size)
    assert done.returncode == 3 and "File too large" in one_line_error(done.stderr)
    assert not (tmp_path / "o.jsonl").exists() and not list(tmp_path.glob(".o.jsonl*"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A 256 KiB tmpfs (needs the right to mount, as root in a container has)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_disk_full_is_one_line_exit_3(tmp_path: Path, small_disk: Path) -> None:
    raw = tmp_path / "raw.jsonl"
    write_pairs(raw, 2_000)
    done = run_subprocess(["ingest", "pairs", str(raw), "-o", str(small_disk / "o.jsonl"),
                           "-O", "input=q", "-O", "output=a"])
    assert done.returncode == 3 and "disk full" in one_line_error(done.stderr)
    assert not list(small_disk.iterdir())  # the temp files were removed


def process_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    log = tmp_path / "pids.log"
    config = make_config(tmp_path, n=40, engine={"batch_size": 4, "workers": 2})
    code = (f"import sys; sys.path.insert(0, {str(TESTS)!r})\n"
            "from curate.registries import STAGES\n"
            "from pathlib import Path\nfrom curate.config import validate_config\n"
            "from curate.pipeline import run_pipeline\n"
            "with STAGES.swapped({'slow_worker': 'toy_stages:SlowWorker'}):\n"
            f"    run_pipeline(validate_config({config.model_dump(mode='json')!r}, "
            f"Path({str(tmp_path)!r})), Path({str(tmp_path / 'run')!r}))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path]),
           "CURATE_TEST_LOG": str(log)}
    run = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(set(_pids(log))) < 2:
        time.sleep(0.2)
    workers = set(_pids(log)) - {run.pid}
    assert len(workers) == 2, "the workers never started"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(process_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(process_alive(p) for p in workers), "a worker outlived its run"


def _pids(log: Path) -> list[int]:
    return [int(x) for x in log.read_text().split()] if log.is_file() else []


RESUME_RUNNER = """
import os, signal, sys
from pathlib import Path
from curate.config import load_config
from curate.pipeline import run_pipeline
from curate.workdir import WorkDir
kill_at = sys.argv[3]
save = WorkDir.save
def save_then_die(self, phase, *args):
    findings = save(self, phase, *args)
    if phase == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return findings
WorkDir.save = save_then_die
run_pipeline(load_config(Path(sys.argv[1])), Path(sys.argv[2]))
"""


def write_real_project(base: Path) -> Path:
    """Labelled support pairs for the real stages (redact off: it only slows the test)."""
    labels = ["billing", "shipping", "account"]
    rows = [{"q": f"Question {i} about my {labels[i % 3]} problem with order {i * 7}, "
                  f"{'please help' if i % 2 else 'it is urgent'} and thanks a lot",
             "a": f"Answer {i}: we looked at the {labels[i % 3]} issue and fixed it for you.",
             "label": labels[i % 3], "region": ["EU", "US"][i % 2]} for i in range(90)]
    rows += rows[:6]  # exact duplicates for dedup
    (base / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = base / "curate.yaml"
    config.write_text(yaml.safe_dump({
        "seed": 3, "engine": {"batch_size": 16},
        "tasks": {"triage": {"instruction": "Classify.", "output": "label", "labels": labels}},
        "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "triage",
                     "options": {"input": "q", "output": "a", "label": "label",
                                 "meta": ["region"]}}],
        "stages": {"redact": {"enabled": False}},
        "gate": {"min_train_examples": 10, "min_eval_examples": 2}}), encoding="utf-8")
    return config


@pytest.mark.slow
def test_sigkill_after_every_checkpoint_resumes_to_identical_bytes(tmp_path: Path) -> None:
    config = write_real_project(tmp_path)
    reference = tmp_path / "reference"
    assert run_subprocess(["run", str(config), "--out", str(reference)]).returncode in (0, 1)
    expected = {k: v for k, v in snapshot(reference).items() if not k.startswith(".")
                and k != "manifest.json"}
    report = json.loads(expected["report.json"])
    phases = ["stream", *(s for s in report["accounting"]["stage_order"]
                          if s in {"dedup", "labels", "audit", "split"})]
    assert len(phases) >= 3
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    for phase in phases:
        out = tmp_path / f"killed-{phase}"
        killed = subprocess.run([sys.executable, "-c", RESUME_RUNNER, str(config), str(out),
                                 phase], env=env, timeout=300)
        assert killed.returncode == -signal.SIGKILL
        assert not (out / "manifest.json").exists()
        assert run_subprocess(["run", str(config), "--out", str(out)]).returncode in (0, 1)
        got = {k: v for k, v in snapshot(out).items() if not k.startswith(".")
               and k != "manifest.json"}
        assert got.keys() == expected.keys(), phase
        for name, data in expected.items():
            assert got[name] == data, f"{name} differs after a kill after '{phase}'"
        assert manifest_outputs(out) == manifest_outputs(reference)
