"""The dask engine gives the local engine's result: on a real LocalCluster, and on an external
scheduler with worker processes started by the tests, with concurrent runs, killed workers
and a lost scheduler."""

from __future__ import annotations

import csv
import hashlib
import json
import mailbox
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import pytest
import toy_stages
import yaml
from dask_cluster import ROOT, ExternalCluster, Killer, free_port
from support_pairs import chain_config, support_config, write_chains, write_data
from test_mbox_spans import OUTPUTS, hostile_config, hostile_mbox
from test_pipeline import make_config, write_pairs

from curate.accounting import Accounting
from curate.config import validate_config
from curate.engine.base import Event
from curate.engine.dask import Shared, _loaded, _shared
from curate.engine.ingest import Ingest
from curate.errors import ClusterError
from curate.pipeline import run_pipeline
from curate.registries import STAGES

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture
def toy_registry() -> Iterator[None]:
    # Workers do not have tests/ on their path: ship the toy stages by value.
    cloudpickle.register_pickle_by_value(toy_stages)
    with STAGES.swapped({
            "every_nth": "toy_stages:RejectEveryNth", "longest": "toy_stages:MarkLongest"}):
        yield


def three_units(tmp_path: Path, engine: dict) -> object:
    """Two sources, three paths (each with three bad lines): three ingest units."""
    write_pairs(tmp_path / "more.jsonl", 5)
    write_pairs(tmp_path / "other.jsonl", 7)
    pairs = {"kind": "pairs", "task": "support", "options": {"input": "q", "output": "a"}}
    return make_config(tmp_path, engine=engine, sources=[
        {**pairs, "path": ["pairs.jsonl", "more.jsonl"]}, {**pairs, "path": "other.jsonl"}])


def test_a_batch_never_spans_two_ingest_units(tmp_path: Path) -> None:
    config, books, rejected = three_units(tmp_path, {"batch_size": 4}), Accounting(), []
    batches = list(Ingest(config).batches(books, rejected.append, 4))
    assert [len(b) for b in batches] == [4, 4, 4, 4, 4, 4, 1, 4, 3]
    assert [r.source.path for r in rejected] == ["pairs.jsonl"] * 3 + ["more.jsonl"] * 3 + [
        "other.jsonl"] * 3
    assert books.pairs == 32
    assert {n: (b.into, b.kept, b.rejected) for n, b in books.sources.items()} == {
        "0:pairs": (31, 25, 6), "1:pairs": (10, 7, 3)}


def shared_file(folder: Path, obj: object) -> Shared:
    blob = pickle.dumps(obj)
    path = folder / f"{len(list(folder.iterdir()))}.pkl"
    path.write_bytes(blob)
    return Shared(str(path), hashlib.sha256(blob).hexdigest())


def test_a_worker_unpickles_a_shared_object_once_and_drops_it_when_its_run_ends(
        tmp_path: Path) -> None:
    first, second = shared_file(tmp_path, {"min_words": 3}), shared_file(tmp_path, [1, 2])
    loaded = _shared(first)
    assert loaded == {"min_words": 3} and _shared(first) is loaded
    Path(first.path).unlink()  # its run ended: the work folder is gone
    assert _shared(first) is loaded  # still in use by a task of that run
    assert _shared(second) == [1, 2] and first not in _loaded


def test_dask_local_cluster_matches_local_engine(tmp_path: Path, toy_registry: None) -> None:
    local = run_pipeline(three_units(tmp_path, {"batch_size": 3}), tmp_path / "local")
    dask_config = three_units(tmp_path, {"kind": "dask", "workers": 2, "batch_size": 3})
    result = run_pipeline(dask_config, tmp_path / "dask")
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert result.report["accounting"] == local.report["accounting"]
    assert result.report["accounting"]["stages"]["every_nth"]["rejected"] == 6 + 1 + 2
    assert not (tmp_path / "dask" / ".curate-work").exists()


def test_split_chains_across_buckets_group_on_the_workers_as_locally(tmp_path: Path) -> None:
    """Chains of rows tied only through alternating threads and shared conversations, spread
    over partitions and the shuffle's buckets: the split's rounds on the workers give the
    local engine's bytes."""
    write_chains(tmp_path / "chains.jsonl", chains=3, length=20, singles=60, seed=8)
    local = run_pipeline(validate_config(chain_config(["chains.jsonl"], {"batch_size": 8}),
                                         tmp_path), tmp_path / "local").report
    dask = run_pipeline(validate_config(chain_config(["chains.jsonl"], {
        "kind": "dask", "workers": 2, "batch_size": 8}), tmp_path), tmp_path / "dask").report
    for name in ("curated.jsonl", "rejected.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert dask["findings"] == local["findings"] and local["findings"]["split"]["largest_group"] == 20
    assert not list((tmp_path / "dask" / ".curate-cache").glob("shared"))


def as_hostile_csv(jsonl: Path) -> Path:
    """The rows of a generated JSONL file as CSV with CRLF line ends, a BOM, and quoted
    fields holding newlines and doubled quotes in every third answer."""
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    path = jsonl.with_suffix(".csv")
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, ["q", "a", "label", "region"], lineterminator="\r\n")
        writer.writeheader()
        for i, row in enumerate(rows):
            if i % 3 == 0:
                row["a"] = row["a"].replace(" ", '\n"quoted",\r\n', 2)
            writer.writerow(row)
    return path


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_big_file_is_read_as_byte_range_tasks_with_the_local_engines_result(
        tmp_path: Path, kind: str) -> None:
    """One file of 600 generated pairs (JSONL with a bad and a blank line; or CSV, see
    `as_hostile_csv`) cut into ~8 KiB pieces: many ingest tasks, and the local engine's
    records, order, ids and books."""
    write_data(tmp_path / "big.jsonl", 600, seed=3)
    lines = (tmp_path / "big.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[100:100] = ["{not json\n", "\n"] if kind == "jsonl" else []
    (tmp_path / "big.jsonl").write_text("".join(lines), encoding="utf-8")
    name = "big.jsonl" if kind == "jsonl" else as_hostile_csv(tmp_path / "big.jsonl").name
    books = in_many_tasks(tmp_path, support_config(
        [name], {"kind": "dask", "workers": 2, "batch_size": 64, "span_bytes": 8192}))
    assert books["items_read"] == (601 if kind == "jsonl" else 600)
    assert (books["items_rejected"] >= 1) == (kind == "jsonl")
    if kind == "csv":
        curated = (tmp_path / "dask" / "curated.jsonl").read_text(encoding="utf-8")
        assert '\\n\\"quoted\\",\\r\\n' in curated


def in_many_tasks(base: Path, data: dict) -> dict:
    """Run `data` on its Dask engine: more than 10 ingest units, the local engine's bytes;
    returns the run's books."""
    expected = local_bytes(base, data)
    events: list[Event] = []
    result = run_pipeline(validate_config(data, base), base / "dask", events.append)
    units = next(e.total for e in events if (e.step, e.kind) == ("ingest", "start"))
    assert units is not None and units > 10
    for output in OUTPUTS:
        assert (base / "dask" / output).read_bytes() == expected[output]
    return result.report["accounting"]


def test_a_big_mbox_is_read_as_linked_span_tasks_with_the_local_engines_result(
        tmp_path: Path, cluster: ExternalCluster) -> None:
    """A hostile mbox (see `hostile_mbox`: far parents, duplicate ids, id cycles, CRLF) cut
    into ~4 KiB spans on an external scheduler: parsed apart, linked in one task, read apart,
    with the local engine's bytes and books."""
    books = in_many_tasks(tmp_path, mbox_run(tmp_path, cluster.address))
    assert books["items_read"] == 462 and books["items_rejected"] > 50  # 400 + mboxo splits


def test_an_mbox_over_the_old_64_mib_cap_reads_on_both_engines_alike(
        tmp_path: Path, cluster: ExternalCluster) -> None:
    """A 66 MiB message (rejected unread) inside the hostile mbox, a reply after it to a
    message before it: Dask in ~4 KiB spans writes the bytes of the local engine (which cuts
    the 66+ MiB file at engine.span_bytes, 64 MiB, into linked spans too)."""
    data = mbox_run(tmp_path, cluster.address)
    with (tmp_path / "mail.mbox").open("ab") as out:
        out.write(b"\n\nFrom b Mon\nFrom: bob@shop.com\nTo: ann@customer.com\nSubject: Re: case 1"
                  b"\nIn-Reply-To: <3@t>\n\n" + b"z" * (66 << 20) + b"\n\nFrom a Mon\n"
                  b"From: ann@customer.com\nTo: bob@shop.com\nSubject: Re: case 2\n"
                  b"In-Reply-To: <7@t>\n\nthanks, that works\n")
    books = in_many_tasks(tmp_path, data)
    assert books["items_read"] == 464
    assert books["sources"]["0:emails"]["reasons"]["ingest.too_large"] == 1
    curated = (tmp_path / "dask" / "curated.jsonl").read_text(encoding="utf-8")
    assert "thanks, that works" in curated


def mbox_run(base: Path, scheduler: str) -> dict:
    """Config data over a hostile mbox of 400 messages in ~4 KiB spans on `scheduler`."""
    hostile_mbox(base / "mail.mbox", seed=1, count=400)
    return hostile_config("mail.mbox", {"kind": "dask", "batch_size": 16, "span_bytes": 4096,
                                        "scheduler": scheduler})


def test_a_worker_killed_holding_parsed_mbox_spans_changes_nothing(tmp_path: Path) -> None:
    """The worker that holds parsed spans (or a read) is killed when the first span is read:
    the scheduler parses those spans again, and the output is the local engine's."""
    cluster = ExternalCluster(tmp_path / "cluster", nanny=True)
    try:
        data = mbox_run(tmp_path, cluster.address)
        expected = local_bytes(tmp_path, data)
        killer = Killer(cluster)
        killer.PHASES = {("ingest", "advance"): ("_parse_unit", "_read_unit")}
        run_pipeline(validate_config(data, tmp_path), tmp_path / "dask", progress=killer.progress)
    finally:
        cluster.stop()
    assert cluster.leftovers() == []
    assert killer.killed == ["ingest"]
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == expected[name]


def test_a_run_whose_tasks_finish_nothing_ends_with_one_line(tmp_path: Path) -> None:
    """The watchdog: workers are present, but a task hangs; the run ends after
    engine.stall_seconds (checked every POLL_S) with one line, its work folder kept."""
    cloudpickle.register_pickle_by_value(toy_stages)
    with STAGES.swapped({"hangs": "toy_stages:Hangs"}):
        config = make_config(tmp_path, engine={
            "kind": "dask", "workers": 1, "batch_size": 4, "stall_seconds": 1})
        with pytest.raises(ClusterError) as failed:
            run_pipeline(config, tmp_path / "run")
    message = str(failed.value)
    assert "\n" not in message and "engine.stall_seconds 1" in message, message
    assert message.startswith("the Dask cluster finished none of this run's tasks for ")
    assert (tmp_path / "run" / ".curate-work").is_dir()


def reduced_sample(base: Path, messages: int = 150, tickets: int = 450) -> dict:
    """A slice of sample_data (every source kind, planted duplicates and PII included)."""
    (base / "emails").mkdir()
    out = mailbox.mbox(base / "emails" / "support.mbox")
    for index, message in enumerate(mailbox.mbox(SAMPLE / "emails" / "support.mbox")):
        if index == messages:
            break
        out.add(message)
    out.flush()
    (base / "tickets").mkdir()
    with (SAMPLE / "tickets" / "tickets.csv").open(newline="", encoding="utf-8") as src, \
            (base / "tickets" / "tickets.csv").open("w", newline="", encoding="utf-8") as dst:
        rows = list(csv.reader(src))
        csv.writer(dst).writerows(rows[: tickets + 1])
    (base / "contracts").mkdir()
    for name in sorted(p.name for p in (SAMPLE / "contracts").iterdir())[::6]:
        shutil.copy(SAMPLE / "contracts" / name, base / "contracts" / name)
    config = yaml.safe_load((SAMPLE / "curate.yaml").read_text(encoding="utf-8"))
    config["gate"]["min_train_examples"] = 100
    return config


@pytest.mark.slow
def test_sample_data_on_two_workers_equals_the_local_engine(tmp_path: Path) -> None:
    data = reduced_sample(tmp_path)
    local = run_pipeline(validate_config(data, tmp_path), tmp_path / "local").report
    data["engine"] = {"kind": "dask", "workers": 2, "batch_size": 64}
    dask = run_pipeline(validate_config(data, tmp_path), tmp_path / "dask").report
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert dask["accounting"] == local["accounting"]
    assert dask["findings"] == local["findings"]
    assert dask["gate"] == local["gate"]
    reasons = {r["rejected"]["reason"] for r in map(json.loads, (
        tmp_path / "dask" / "rejected.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {"dedup.exact_duplicate", "dedup.near_duplicate"} <= reasons


# --- an external cluster: `dask scheduler` and `dask worker` subprocesses --------------------

def support_run(base: Path, name: str, engine: dict, min_words: int = 3,
                files: int = 3, rows: int = 400) -> tuple[dict, Path]:
    """Config data over `files` generated files in `base` and its own config file `name`.yaml."""
    paths = [f"pairs-{i}.jsonl" for i in range(files)]
    for i, path in enumerate(paths):
        if not (base / path).exists():
            write_data(base / path, rows, seed=i)
    data = support_config(paths, engine, min_words)
    (base / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return data, base / f"{name}.yaml"


def local_bytes(base: Path, data: dict) -> dict[str, bytes]:
    """The local engine's outputs for the same config: what every Dask run must equal."""
    out = base / f"local-{data['stages']['quality']['min_words']}"
    run_pipeline(validate_config({**data, "engine": {"batch_size": data["engine"]["batch_size"]}},
                                 base), out)
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[ExternalCluster]:
    started = ExternalCluster(tmp_path / "cluster", nanny=True)
    try:
        yield started
    finally:
        started.stop()
    assert started.leftovers() == []


def test_two_runs_at_once_on_one_cluster_each_get_their_own_result(
        tmp_path: Path, cluster: ExternalCluster) -> None:
    """Two configs differing only in quality.min_words, started together as `curate run`
    processes with a relative config path and the default-style relative `--out`."""
    engine = {"kind": "dask", "batch_size": 50, "scheduler": cluster.address}
    runs = {words: support_run(tmp_path, f"words{words}", engine, words, rows=200)
            for words in (3, 30)}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = {words: subprocess.Popen(
        [sys.executable, "-m", "curate.cli", "run", f"words{words}.yaml", "--quiet",
         "--out", f"runs/words{words}"], cwd=tmp_path, env=env, stderr=subprocess.PIPE)
        for words in runs}
    for words, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode in (0, 1), err.decode()
        assert b"Sending large graph" not in err  # labels' fold models went once, not per task
        expected = local_bytes(tmp_path, runs[words][0])
        for name in OUTPUTS:
            assert (tmp_path / "runs" / f"words{words}" / name).read_bytes() == expected[name]
        assert not (tmp_path / "runs" / f"words{words}" / ".curate-work").exists()
    assert (tmp_path / "runs/words3/curated.jsonl").read_bytes() != (
        tmp_path / "runs/words30/curated.jsonl").read_bytes()
    for worker in (tmp_path / "cluster").glob("worker-*"):  # nothing written in a worker's folder
        assert sorted(p.name for p in worker.iterdir() if p.name != "log.txt") in (
            [], ["dask-scratch-space"])
    with cluster.client() as client:  # every key of both runs was released
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


@pytest.mark.parametrize("nanny", [True, False], ids=["nanny", "no-nanny"])
def test_a_worker_killed_in_every_phase_changes_nothing(tmp_path: Path, nanny: bool) -> None:
    data, _ = support_run(tmp_path, "run", {"batch_size": 30}, rows=300)
    expected = local_bytes(tmp_path, data)
    cluster = ExternalCluster(tmp_path / "cluster", nanny=nanny)
    try:
        data["engine"] = {"kind": "dask", "batch_size": 30, "scheduler": cluster.address}
        killer = Killer(cluster)
        run_pipeline(validate_config(data, tmp_path), tmp_path / "dask", progress=killer.progress)
    finally:
        cluster.stop()
    assert cluster.leftovers() == []
    assert killer.killed == ["ingest", "quality", "dedup", "labels"]
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == expected[name]


def test_a_lost_scheduler_is_one_error_and_the_rerun_resumes(tmp_path: Path) -> None:
    data, _ = support_run(tmp_path, "run", {"batch_size": 50}, rows=300)
    expected = local_bytes(tmp_path, data)
    cluster = ExternalCluster(tmp_path / "cluster", nanny=True)
    data["engine"] = {"kind": "dask", "batch_size": 50, "scheduler": cluster.address}
    config, out = validate_config(data, tmp_path), tmp_path / "dask"

    def lose_scheduler(event: Event) -> None:
        if event.step == "dedup" and event.kind == "start":
            cluster.kill_scheduler()

    try:
        with pytest.raises(ClusterError, match="rerun: the run resumes") as failed:
            run_pipeline(config, out, progress=lose_scheduler)
    finally:
        cluster.stop()
    assert "\n" not in str(failed.value) and failed.value.exit_code == 4
    assert (out / ".curate-work" / "stream.state.json").is_file()
    assert not (out / "manifest.json").exists()
    again = ExternalCluster(tmp_path / "again", nanny=True, address=cluster.address)
    events: list[Event] = []
    try:
        run_pipeline(config, out, progress=events.append)
    finally:
        again.stop()
    ran = [e.step for e in events if e.kind == "start" and e.step not in ("inputs", "report")]
    assert ran[0] == "dedup"  # the stream phase was not rerun
    cached = {e.step for e in events if e.kind == "cached"}
    assert "ingest" in cached and "dedup" not in cached
    for name in OUTPUTS:
        assert (out / name).read_bytes() == expected[name]


def test_an_unreachable_scheduler_is_one_line_and_exit_4(tmp_path: Path) -> None:
    _, config_file = support_run(tmp_path, "run", {"kind": "dask"}, files=1, rows=20)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    done = subprocess.run(
        [sys.executable, "-m", "curate.cli", "run", config_file.name, "--quiet",
         "--scheduler", f"tcp://127.0.0.1:{free_port()}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(
        "Error: the Dask cluster failed to connect to tcp://127.0.0.1:"), done.stderr
