"""What a run shows: events in order from both sides of the engine, a live display on a
terminal, one line per stage elsewhere, and a per-stage table that matches the books."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from support_pairs import support_config, write_data

from curate.config import validate_config
from curate.engine.base import Event
from curate.pipeline import run_pipeline
from curate.progress import RunProgress, stage_table

STAGES = ["quality", "dedup", "labels", "audit", "split"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("progress")
    write_data(folder / "a.jsonl", 70, seed=2)
    write_data(folder / "b.jsonl", 50, seed=3)
    return folder


def config(base: Path):  # type: ignore[no-untyped-def]
    data = support_config(["a.jsonl", "b.jsonl"], {"batch_size": 25}, min_words=25)
    data["stages"]["split"] = {"min_eval": 10}
    return validate_config(data, base)


def test_events_say_what_runs_as_it_runs(base: Path) -> None:
    events: list[Event] = []
    result = run_pipeline(config(base), base / "events", progress=events.append)
    kinds = [(e.step, e.kind) for e in events]
    # the first word comes before any work: hashing inputs, then ingest with its unit count
    assert kinds[:3] == [("inputs", "start"), ("inputs", "done"), ("ingest", "start")]
    assert events[2].total == 2  # two files to read
    ingest = [e for e in events if e.step == "ingest" and e.kind == "advance"]
    books = result.report["accounting"]
    assert sum(e.count for e in ingest) == books["records_made"]
    assert sum(e.units for e in ingest) == 2
    assert sum(e.count for e in events if e.step == "quality" and e.kind == "advance") \
        == books["stages"]["quality"]["in"]
    for name in STAGES:
        done = next(e for e in events if e.step == name and e.kind == "done")
        assert (done.total, done.count) == (books["stages"][name]["in"],
                                            books["stages"][name]["kept"])
    starts = {e.step: e.total for e in events if e.kind == "start"}
    assert starts["dedup"] == books["stages"]["quality"]["kept"]  # a whole-set stage's size
    assert kinds[-1] == ("report", "done")


def test_ci_log_gets_one_line_per_stage_and_the_table_adds_up(base: Path) -> None:
    stream = io.StringIO()
    with RunProgress(stream=stream, live=False) as shown:
        result = run_pipeline(config(base), base / "ci", progress=shown)
    lines = stream.getvalue().splitlines()
    books = result.report["accounting"]
    assert [line.split(":")[0] for line in lines] == ["ingest", *STAGES]
    quality = books["stages"]["quality"]
    assert re.fullmatch(rf"quality: {quality['in']} in, {quality['kept']} kept, "
                        rf"{quality['rejected']} rejected in \d+\.\d s", lines[1])

    table = stage_table(books, shown.steps)
    assert table[0].split()[:5] == ["step", "in", "kept", "rejected", "seconds"]
    rows = {line.split()[0]: line.split() for line in table[1:]}
    assert list(rows) == ["ingest", *STAGES]
    for name in STAGES:
        book = books["stages"][name]
        assert rows[name][1:4] == [str(book["in"]), str(book["kept"]), str(book["rejected"])]
        float(rows[name][4])  # seconds
    reasons = books["stages"]["quality"]["reasons"]
    assert reasons, "min_words 25 rejects the shorter generated answers"
    assert all(f"{reason} {n}" in " ".join(rows["quality"]) for reason, n in reasons.items())


def test_a_terminal_gets_a_live_display_with_rate_elapsed_and_eta(base: Path) -> None:
    stream = io.StringIO()
    with RunProgress(stream=stream, live=True) as shown:
        run_pipeline(config(base), base / "tty", progress=shown)
    screen = stream.getvalue()
    assert "\x1b[" in screen  # drawn in place with ANSI control codes
    final = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).rsplit("\r", 1)[1]  # the last frame
    rows = {line.split()[0]: line for line in final.splitlines() if line.strip()}
    assert list(rows) == ["hash", "ingest", *STAGES, "report,"]
    assert re.search(r" 2/2 files +120 rec \d[\d,]*/s +\d:\d\d:\d\d eta \d:\d\d:\d\d$",
                     rows["ingest"])
    kept = re.search(r" 120/120 +120 rec ", rows["quality"])
    assert kept, rows["quality"]
    dedup = re.search(r" (\d+)/(\d+) +(\d+) rec ", rows["dedup"])
    assert dedup and dedup[1] == dedup[2] == dedup[3] and int(dedup[1]) < 120


def test_cached_steps_are_shown_as_cached(base: Path) -> None:
    run_pipeline(config(base), base / "twice")
    stream = io.StringIO()
    with RunProgress(stream=stream, live=False) as shown:
        result = run_pipeline(config(base), base / "twice", progress=shown)
    assert "ingest: cached (not re-run)" in stream.getvalue()
    rows = {line.split()[0]: line for line in stage_table(result.report["accounting"],
                                                          shown.steps)[1:]}
    assert all("cached" in rows[name] for name in ["ingest", *STAGES])
