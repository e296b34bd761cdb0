"""Ingest spread over forked workers gives the bytes of one process, and its workers die with it.

The reference is `Ingestor.read` with `Record.to_json`, the one-process record path that
`curate run` takes; `Ingestor.encoded` (what `curate ingest --workers N` writes) must give
the same lines, the same rejected items and the same counts.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_ingest_emails import ENRON, make_ingestor
from test_run_directory import _pids, process_alive
from typer.testing import CliRunner

from curate.cli import app
from curate.forking import fork_map, spans
from curate.ingest.base import Ingestor

REPO = Path(__file__).resolve().parents[1]
PEOPLE = ("ann@customer.com", "bob@shop.com", "cy@shop.com", "dee@other.org")


def outputs(ingestor: Ingestor, path: Path, workers: int | None) -> tuple[str, list[str], int, int]:
    """(pair lines, rejected lines, items read, items used): by `read` when `workers` is
    None, else by `encoded` in `workers` processes."""
    if workers is None:
        records = list(ingestor.read(path))
        lines = "".join(r.to_json() + "\n" for r in records if r.rejected is None)
        rejected = [r.to_json() for r in records if r.rejected is not None]
    else:
        parts = list(ingestor.encoded(path, workers))
        assert sum(p.pairs for p in parts) == sum(p.lines.count("\n") for p in parts)
        lines = "".join(p.lines for p in parts)
        rejected = [r.to_json() for p in parts for r in p.rejected]
    return lines, rejected, ingestor.items_read, ingestor.items_used


def generated_threads(path: Path, seed: int, count: int) -> Path:
    """An mbox of `count` messages in tangled threads: replies by id (some to missing or
    later ids), by subject only, without dates, with empty or quoted bodies, non-ASCII
    text, and a few messages that cannot be used (an encoded-word header bomb, no header)."""
    rng = random.Random(seed)
    parts = []
    for i in range(count):
        sender, to = rng.sample(PEOPLE, 2)
        headers = [f"From: {sender}", f"To: {to}", f"Subject: {rng.choice(['', 'Re: ', 'AW: '])}"
                   f"order {rng.randrange(4)} \u00e9t\u00e9"]
        if rng.random() < 0.7:
            headers.append(f"Message-ID: <{i}@t>")
        if i and rng.random() < 0.6:
            headers.append(f"In-Reply-To: <{rng.randrange(max(0, i - 30), i + 3)}@t>")
        if rng.random() < 0.8:
            headers.append(f"Date: Mon, {1 + rng.randrange(28)} Jan 2024 10:{i % 60:02d}:00 +0000")
        body = rng.choice(["", "ok", "Thanks, \u00e7a marche.\n\n> quoted\n", "Please help. " * 40,
                           'A "quote" and a \\ and a tab\there.'])
        if rng.random() < 0.02:
            headers = ["Subject: " + "=?utf-8?q?x?= " * 600]
        elif rng.random() < 0.02:
            headers = ["no header line"]
        parts.append(f"From {sender} Mon Jan  1 00:00:00 2024\n" + "\n".join(headers)
                     + f"\n\n{body}\n\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.mark.parametrize("options", [{}, {"org_domains": ["shop.com"], "min_body_chars": 3},
                                     {"max_turns": 3, "max_turn_chars": 200}])
def test_workers_give_the_bytes_of_one_process_on_generated_threads(
        tmp_path: Path, options: dict[str, object]) -> None:
    mbox = generated_threads(tmp_path / "t.mbox", seed=len(options), count=600)
    reference = outputs(make_ingestor(mbox, **options), mbox, None)
    lines, rejected, read, used = reference
    assert lines.count("\n") > 20 and rejected and read == 600 and used > 40  # a real mix
    assert "ingest.header_too_large" in "".join(rejected)
    for workers in (1, 3):
        assert outputs(make_ingestor(mbox, **options), mbox, workers) == reference


@pytest.mark.parametrize("where", [ENRON, ENRON.parent / "enron_berkeley_folders_3_5.mbox",
                                   Path("emails/odd")])
def test_workers_give_the_bytes_of_one_process_on_corpora(corpora: Path, where: Path) -> None:
    path = corpora / where
    reference = outputs(make_ingestor(path), path, None)
    assert reference[2] > 50 and reference[1]  # messages read; rejected (the odd ones: all)
    assert outputs(make_ingestor(path), path, 2) == reference


def test_cli_ingest_workers_option_writes_the_same_files(tmp_path: Path) -> None:
    mbox = generated_threads(tmp_path / "t.mbox", seed=7, count=300)
    written = {}
    for workers in ("1", "2", "default"):  # default: the usable cores
        out = tmp_path / workers / "pairs.jsonl"
        option = [] if workers == "default" else ["--workers", workers]
        result = CliRunner().invoke(app, ["ingest", "emails", str(mbox), "-o", str(out), *option])
        assert result.exit_code == 0, result.output
        assert "300 read" in result.output
        written[workers] = (out.read_bytes(), out.with_name("pairs.rejected.jsonl").read_bytes())
    assert written["1"] == written["2"] == written["default"] and all(written["1"])


def test_spans_cover_the_range_in_order() -> None:
    for count, workers, longest in [(0, 2, 5), (1, 4, 5), (10, 3, 100), (100, 2, 7)]:
        found = spans(count, workers, longest)
        assert [i for start, stop in found for i in range(start, stop)] == list(range(count))
        assert all(0 < stop - start <= longest for start, stop in found)
        assert len(found) >= min(count, workers)


def test_fork_map_keeps_job_order_in_other_processes() -> None:
    results = list(fork_map(_pid_and_square, list(range(12)), 3))
    assert [square for _, square in results] == [i * i for i in range(12)]
    assert os.getpid() not in {pid for pid, _ in results}


def _pid_and_square(job: int) -> tuple[int, int]:
    time.sleep(0.01 * (job % 3))  # finish out of order
    return os.getpid(), job * job


FORK_MAP_RUNNER = """
import os, sys, time
from curate.forking import fork_map
def slow(job):
    with open(sys.argv[1], "a") as log:
        log.write(f"{os.getpid()}\\n")
    time.sleep(600)
list(fork_map(slow, [1, 2], 2))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_fork_map_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    log = tmp_path / "pids.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    run = subprocess.Popen([sys.executable, "-c", FORK_MAP_RUNNER, str(log)], env=env)
    assert _within(60, lambda: len(set(_pids(log))) == 2), "the workers never started"
    workers = set(_pids(log))
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert _within(15, lambda: not any(map(process_alive, workers))), "a worker outlived it"


def _within(seconds: float, done: Callable[[], bool]) -> bool:
    """Whether `done()` comes true within `seconds`, asked every tenth of a second."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
