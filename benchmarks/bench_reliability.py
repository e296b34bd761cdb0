"""Hostile input and memory under load: peak RSS and time per attack, then streaming phases.

    PYTHONPATH=. python benchmarks/bench_reliability.py [--rounds 3] [--scale 1.0]
        [--records 200000] [--redact 1000,4000] [--only NAME] [--parse]

Attacks (issue #14, inputs built at run time by tests/attacks.py, up to 50 MB): each runs as
`curate ingest` or `curate run` in its own process; printed: exit code, whether stderr is one
line without a traceback, peak RSS (wait4) and seconds, the median of `--rounds` rounds, and
their ratios to a named baseline: the same command on an ordinary input of the same ingestor
(same process count, rounds alternated), and to the limits (1 GiB, 60 s). `curate ingest`
uses the usable CPU cores by default; the e-mail floods also run with `--workers 1`, as
reference rows that are reported but not counted as the default command's promise (peak
RSS: the largest process; CPU s: all of them, from wait4).
Every attack also checks that nothing outside its output was touched. `--records 0` skips the streaming part.
Peak RSS includes this process's own peak (Linux carries it across fork and exec), so inputs
are built in a helper process and this one stays at about 30 MiB.

Streaming phases (ingest a generated 200k-record JSONL, redact prefixes) print, per phase:
inputs tried, crashes (must be 0), records lost (must be 0), records/s,
resident memory at checkpoints and peak RSS. The streaming part (ingest, redact) must hold
flat memory: RSS at the last checkpoint close to RSS at the first one after warm-up.
Each phase runs in its own process so each peak RSS is its own. Baseline: the ingest-only
phase's RSS at its first checkpoint (interpreter + curate, nothing streamed yet).
Also measures what the pipeline's `live` list (survivors handed to whole-set stages) costs
per record, with tracemalloc over a rebuilt copy of the records.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psutil

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
import attacks  # noqa: E402  (the test suite's attack builders, shared)

LIMIT_RSS = 1 << 30
LIMIT_SECONDS = 60.0
ONE_PROCESS = ["--workers", "1"]  # `curate ingest` in one process (its default: the usable cores)

VOCABULARY = ("order account refund invoice delivery package password reset charge card billing "
         "subscription cancel upgrade plan shipping address tracking number support team please "
         "help thanks issue problem error login app update payment received week today yesterday "
         "again still not working customer service request email phone call back soon")
WORDS = VOCABULARY.split()
NAMES = ["Maria Garcia", "John Smith", "Aisha Khan", "Li Wei", "Olga Petrova", "Tom Baker"]
BAD_LINES = ["{broken json", '["not", "an", "object"]', '{"q": "no answer here"}']


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MiB"


def rss() -> int:
    return psutil.Process().memory_info().rss


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def generate(path: Path, n: int, seed: int = 7) -> int:
    """`n` lines of ~60-word support text, a third with PII, one in 200 broken; return n."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            if i % 200 == 199:
                out.write(BAD_LINES[i // 200 % len(BAD_LINES)] + "\n")
                continue
            question = " ".join(rng.choices(WORDS, k=30))
            answer = " ".join(rng.choices(WORDS, k=30))
            if i % 3 == 0:
                name = rng.choice(NAMES)
                question += (f" my name is {name}, email {name.split()[0].lower()}{i}@example.com"
                             f" phone +1 415 555 {i % 10000:04d}")
            out.write(json.dumps({"q": question, "a": answer}) + "\n")
    return n


def config(path: Path):  # type: ignore[no-untyped-def]
    from curate.config import validate_config

    return validate_config({
        "tasks": {"support": {"instruction": "Answer the customer."}},
        "sources": [{"kind": "pairs", "path": str(path), "task": "support",
                     "options": {"input": "q", "output": "a"}}],
        "engine": {"batch_size": 64},
    }, path.parent)



def child(path: Path, redact: bool, checkpoints: int, measure_live: int) -> dict:  # type: ignore[type-arg]
    """One phase: stream `path` through ingest (and redact), counting; never keep the stream."""
    from curate.accounting import Accounting
    from curate.engine import make_engine
    from curate.engine.base import batched
    from curate.pipeline import ingest
    from curate.record import Record
    from curate.registries import STAGES
    from curate.stages.base import StageContext

    cfg = config(path)
    total = sum(1 for _ in path.open(encoding="utf-8"))
    every = max(1, total // checkpoints)
    books, kept, into, stage_rejected = Accounting(), 0, 0, 0
    marks: list[tuple[int, int]] = [(0, rss())]
    sample: list[Record] = []
    stages = [STAGES.load("redact")(cfg.stage_config("redact"), StageContext.of(cfg))] if redact else []
    engine = make_engine(cfg.engine)
    started = time.perf_counter()
    pairs = ingest(cfg, books, lambda record: None)  # ingest rejections: counted in books
    next_mark = every
    for batch in batched(pairs, cfg.engine.batch_size):
        if stages:
            results = next(engine.map_chain(stages, [batch]))
            survivors = results[-1].kept
            stage_rejected += sum(len(r.rejected) for r in results)
        else:
            survivors = batch
        into += len(batch)
        kept += len(survivors)
        if len(sample) < measure_live:
            sample.extend(survivors[: measure_live - len(sample)])
        if into >= next_mark:
            marks.append((into, rss()))
            next_mark += every
    elapsed = time.perf_counter() - started
    source = books.sources["0:pairs"]
    marks.append((into, rss()))
    tracemalloc.start()
    copy = [Record.from_json(r.to_json()) for r in sample]
    live_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    json_bytes = sum(len(r.to_json().encode()) for r in sample)
    return {"tried": total, "read": source.into, "used": source.kept,
            "ingest_rejected": source.rejected, "pairs": into, "kept": kept,
            "stage_rejected": stage_rejected, "seconds": elapsed, "marks": marks, "peak": peak_rss(),
            "live_per_record": live_bytes / max(1, len(copy)),
            "json_per_record": json_bytes / max(1, len(copy)), "live_sample": len(copy)}


def run_phase(path: Path, redact: bool, checkpoints: int, measure_live: int) -> dict | None:  # type: ignore[type-arg]
    """Run one phase in a fresh process; None when it crashed."""
    code = ("import json, sys; from pathlib import Path; import bench_reliability as b; "
            "a = sys.argv[1:]; print(json.dumps(b.child(Path(a[0]), a[1] == 'True', "
            "int(a[2]), int(a[3]))))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    args = [str(path), str(redact), str(checkpoints), str(measure_live)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, result: dict | None) -> tuple[int, int]:  # type: ignore[type-arg]
    """Print one phase; return (crashes, records lost)."""
    print(f"\n## {name}")
    if result is None:
        print("crashed")
        return 1, 0
    ingest_lost = result["read"] - result["used"] - result["ingest_rejected"]
    stage_lost = result["pairs"] - result["kept"] - result["stage_rejected"]
    lost = ingest_lost + stage_lost + (result["tried"] - result["read"])
    rejected = result["ingest_rejected"] + result["stage_rejected"]
    print(f"inputs tried {result['tried']:,}; pairs {result['pairs']:,}; "
          f"kept {result['kept']:,}; rejected {rejected:,}; crashes 0; records lost {lost}")
    print(f"{result['pairs'] / result['seconds']:,.0f} records/s "
          f"({result['seconds']:.1f} s); peak RSS {mib(result['peak'])}")
    print("RSS at checkpoints (records streamed: RSS): " + ", ".join(
        f"{n:,}: {mib(b)}" for n, b in result["marks"]))
    first = result["marks"][1][1] if len(result["marks"]) > 2 else result["marks"][0][1]
    print(f"growth from first to last checkpoint: {mib(result['marks'][-1][1] - first)}")
    print(f"live list: {result['live_per_record']:,.0f} bytes/record in memory "
          f"({result['json_per_record']:,.0f} bytes as JSON), over {result['live_sample']:,}")
    return 0, lost


# -- attacks ---------------------------------------------------------------------------------


def measure(args: list[str], cwd: Path) -> dict:  # type: ignore[type-arg]
    """Run `curate ARGS` in a fresh process; exit code, seconds, peak RSS (its own, from
    wait4), and whether stderr is one line without a traceback. Killed at 10x the limit."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), *sys.path])}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "curate.cli", *args], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(10 * LIMIT_SECONDS, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    lines = [line for line in text.splitlines() if line.strip()]
    return {"code": child.returncode, "seconds": seconds, "rss": usage.ru_maxrss * 1024,
            "cpu": usage.ru_utime + usage.ru_stime,
            "traceback": "Traceback" in text, "lines": len(lines)}


def snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file() and not p.is_relative_to(skip)}


def ingest_case(build: Callable[[Path, int], attacks.Attack], size: int, options: list[str]
                ) -> Callable[[Path], tuple[list[str], Path]]:
    def prepare(folder: Path) -> tuple[list[str], Path]:
        kind, path, extra = build(folder / "in", size)
        flags = [f for key, value in extra.items() for f in ("-O", f"{key}={json.dumps(value)}")]
        out = folder / "out"
        return ["ingest", kind, str(path), "-o", str(out / "pairs.jsonl"), *flags,
                *options], out
    return prepare


def run_case(config_text: str, out_name: str = "run") -> Callable[[Path], tuple[list[str], Path]]:
    def prepare(folder: Path) -> tuple[list[str], Path]:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "data" / "pairs.jsonl").write_text('{"input": "a b c", "output": "d e f"}\n')
        config = folder / "curate.yaml"
        config.write_text(config_text, encoding="utf-8")
        return ["run", str(config), "--out", str(folder / out_name), "--quiet"], folder / "run"
    return prepare


def fifo_case(folder: Path) -> tuple[list[str], Path]:
    (folder / "in").mkdir(parents=True, exist_ok=True)
    (folder / "in" / "ok.jsonl").write_text('{"input": "a", "output": "b"}\n')
    os.mkfifo(folder / "in" / "pipe.jsonl")
    (folder / "in" / "dir.csv").mkdir()
    (folder / "in" / "dangling.jsonl").symlink_to(folder / "gone")
    return ["ingest", "pairs", str(folder / "in"), "-o", str(folder / "out" / "p.jsonl")], \
        folder / "out"


SMALL_CONFIG = """tasks: {t: {instruction: "Do it."}}
sources: [{kind: pairs, path: data, task: t}]
stages: {redact: {enabled: false}}
"""


def attack_cases(scale: float) -> dict[str, tuple[Callable[[Path], tuple[list[str], Path]], str]]:
    """Attack name -> (prepare, baseline name)."""
    mb = int(1_000_000 * scale)
    return {
        "encoded-word Subject, 280 KB": (ingest_case(attacks.encoded_word_subject, 280_000, []),
                                         "emails"),
        "encoded-word Subject, 1.4 MB": (ingest_case(attacks.encoded_word_subject, 1_400_000, []),
                                         "emails"),
        "quoted addresses in Cc, 200 KB": (ingest_case(attacks.many_addresses, 200_000, []),
                                           "emails"),
        "thread of 1,000 messages (1.4 MB)": (ingest_case(attacks.long_thread, 1_000, []),
                                              "emails"),
        "30,000 replies with one subject (3.7 MB mbox)": (
            ingest_case(attacks.same_subject_flood, 30_000, []), "emails"),
        "30,000 replies with one subject (3.7 MB mbox), --workers 1": (
            ingest_case(attacks.same_subject_flood, 30_000, ONE_PROCESS), "emails, 1 worker"),
        "50 MB mbox of ~100-byte replies with one subject (527k messages)": (
            ingest_case(attacks.tiny_message_flood, 50 * mb, []), "emails"),
        "50 MB mbox of ~100-byte replies with one subject (527k messages), --workers 1": (
            ingest_case(attacks.tiny_message_flood, 50 * mb, ONE_PROCESS), "emails, 1 worker"),
        "mbox without a From line, 10 MB": (
            ingest_case(attacks.mbox_without_from_line, 10 * mb, []), "emails"),
        "DOCX declaring 1,000 B, inflating to 1 GB": (
            ingest_case(attacks.lying_docx, 1000 * mb, []), "contracts"),
        "DOCX of 48 MB of empty paragraphs": (
            ingest_case(attacks.tiny_paragraphs_docx, 48 * mb, []), "contracts"),
        "text contract of 48 MB of short lines": (
            ingest_case(attacks.many_lines_contract, 48 * mb, []), "contracts"),
        "text contract of 9.9 MB of short lines (under the cap)": (
            ingest_case(attacks.many_lines_contract, 9_900_000, []), "contracts"),
        "FIFO, folder, dangling link in a source folder": (fifo_case, "pairs"),
        "YAML alias bomb (645 B)": (run_case(attacks.ALIAS_BOMB.replace("path: .", "path: data")),
                                    "run"),
        "--out equal to the source folder": (run_case(SMALL_CONFIG, "data"), "run"),
    }


def baselines() -> dict[str, Callable[[Path], tuple[list[str], Path]]]:
    """Ordinary inputs, one per command kind."""
    def mail(folder: Path, options: tuple[str, ...] = ()) -> tuple[list[str], Path]:
        kind, path, _ = attacks.long_thread(folder / "in", 2)
        return ["ingest", kind, str(path), "-o", str(folder / "out" / "p.jsonl"), *options], \
            folder / "out"

    def contract(folder: Path) -> tuple[list[str], Path]:
        (folder / "in").mkdir(parents=True)
        (folder / "in" / "c.txt").write_text("1. Term. This agreement lasts five years.\n")
        return ["ingest", "contracts", str(folder / "in"), "-o", str(folder / "out" / "p.jsonl")], \
            folder / "out"

    def pairs(folder: Path) -> tuple[list[str], Path]:
        (folder / "in").mkdir(parents=True)
        (folder / "in" / "ok.jsonl").write_text('{"input": "a", "output": "b"}\n')
        return ["ingest", "pairs", str(folder / "in"), "-o", str(folder / "out" / "p.jsonl")], \
            folder / "out"

    return {"emails": mail, "emails, 1 worker": partial(mail, options=tuple(ONE_PROCESS)),
            "contracts": contract, "pairs": pairs, "run": run_case(SMALL_CONFIG)}


def in_helper(prepare: Callable[[Path], tuple[list[str], Path]], root: Path
              ) -> tuple[list[str], Path]:
    """`prepare(root)` run in a forked child; its (args, out) come back through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        code = 1
        try:
            args, out = prepare(root)
            with os.fdopen(write, "w", encoding="utf-8") as pipe:
                json.dump([args, str(out)], pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status:
        raise RuntimeError("building the input failed")
    args, out = json.loads(data)
    return args, Path(out)


def one_round(prepare: Callable[[Path], tuple[list[str], Path]]) -> dict:  # type: ignore[type-arg]
    """Build the input in a forked helper, so this process stays small: a child's peak RSS
    (wait4) starts from its parent's peak, which it inherits through fork and exec."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        args, out = in_helper(prepare, root)
        before = snapshot(root, out)
        result = measure(args, root)
        result["outside_touched"] = snapshot(root, out) != before
        return result


def calibration() -> float:
    """CPU milliseconds of one fixed pure-Python loop: how fast (or shared) a core is now."""
    times = []
    for _ in range(5):
        started = time.process_time()
        sum(range(10**6))
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def run_attacks(rounds: int, scale: float, only: str = "") -> int:
    """Print one row per attack; return how many broke a promise."""
    base_fns = baselines()
    base: dict[str, list[dict]] = {name: [] for name in base_fns}  # type: ignore[type-arg]
    print(f"load average before: {os.getloadavg()[0]:.2f}; rounds {rounds}; medians shown")
    print(f"calibration: sum(range(10**6)) takes {calibration():.1f} ms of CPU here (median of 5;"
          " compare it on another machine to scale the CPU seconds)")
    print("| attack | exit | one line, no traceback | outside touched | peak RSS | s | CPU s "
          "| RSS vs baseline | s vs baseline | RSS / 1 GiB | s / 60 s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    broken = over = 0
    for name, (prepare, base_name) in attack_cases(scale).items():
        if only not in name:
            continue
        results = []
        for _ in range(rounds):  # alternated with the baseline
            base[base_name].append(one_round(base_fns[base_name]))
            results.append(one_round(prepare))
        rss = statistics.median(r["rss"] for r in results)
        seconds = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        base_rss = statistics.median(r["rss"] for r in base[base_name])
        base_s = statistics.median(r["seconds"] for r in base[base_name])
        codes = sorted({r["code"] for r in results})
        clean = all(r["lines"] <= 1 and not r["traceback"] for r in results)
        touched = any(r["outside_touched"] for r in results)
        ok = set(codes) <= {0, 2, 3} and clean and not touched and rss < LIMIT_RSS \
            and seconds < LIMIT_SECONDS
        if name.endswith(" ".join(ONE_PROCESS)):  # a reference row
            over += not ok
        else:
            broken += not ok
        print(f"| {name} | {','.join(map(str, codes))} | {'yes' if clean else 'NO'} | "
              f"{'YES' if touched else 'no'} | {mib(rss)} | {seconds:.1f} | {cpu:.1f} | "
              f"x{rss / base_rss:.2f} | x{seconds / base_s:.2f} | {rss / LIMIT_RSS:.2f} | "
              f"{seconds / LIMIT_SECONDS:.2f} |")
    for name, runs in base.items():
        if not runs:
            continue
        print(f"baseline {name} (ordinary input): peak RSS "
              f"{mib(statistics.median(r['rss'] for r in runs))}, "
              f"{statistics.median(r['seconds'] for r in runs):.1f} s, "
              f"CPU {statistics.median(r['cpu'] for r in runs):.1f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"reference rows (`--workers 1`, not the default command) over a limit: {over}")
    return broken


def parse_costs(rounds: int) -> None:
    """CPU per message of the plain-message fast path against the e-mail package, on the same
    messages (those the fast path takes), alternated rounds, medians."""
    from curate.ingest.mailparse import package_message, plain_message
    from curate.ingest.mbox import mbox_messages

    corpora = Path(os.environ.get("CURATE_CORPORA", TESTS.parents[1] / "shared" / "corpora"))
    enron = corpora / "emails" / "enron_berkeley" / "enron_with_categories"
    with tempfile.TemporaryDirectory() as folder:
        _, path, _ = attacks.tiny_message_flood(Path(folder), 1_000_000)
        sets = {"tiny flood messages": list(mbox_messages(path.read_bytes())),
                "Enron messages": [p.read_bytes() for p in sorted(enron.rglob("*.txt"))]}
    print("| messages | count | fast path, us | e-mail package, us | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, messages in sets.items():
        taken = [m for m in messages if plain_message(m) is not None]
        fast, slow = [], []
        for _ in range(rounds):
            for parse, times in ((plain_message, fast), (package_message, slow)):
                started = time.process_time()
                for message in taken:
                    parse(message).body()  # type: ignore[union-attr]
                times.append((time.process_time() - started) / max(1, len(taken)) * 1e6)
        a, b = statistics.median(fast), statistics.median(slow)
        print(f"| {name} | {len(taken):,} of {len(messages):,} | {a:.1f} | {b:.1f} | x{b / a:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per attack (0: none)")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor of big attacks")
    parser.add_argument("--only", default="", help="run the attacks whose name holds this")
    parser.add_argument("--records", type=int, default=200_000, help="0: no streaming part")
    parser.add_argument("--redact", default="1000,4000", help="prefix sizes to redact")
    parser.add_argument("--checkpoints", type=int, default=8)
    parser.add_argument("--parse", action="store_true",
                        help="also: e-mail fast path against the e-mail package, per message")
    args = parser.parse_args()
    if args.parse:
        parse_costs(max(args.rounds, 3))
    broken = run_attacks(args.rounds, args.scale, args.only) if args.rounds else 0
    if args.rounds:
        print(f"\nATTACKS breaking a promise: {broken} (must be 0)")
    crashes = lost = 0
    if args.records:
        crashes, lost = run_streaming(args.records, args.redact, args.checkpoints)
    sys.exit(1 if crashes or lost or broken else 0)


def run_streaming(records: int, redact: str, checkpoints: int) -> tuple[int, int]:
    crashes = lost = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "support.jsonl"
        generate(path, records)
        print(f"generated {records:,} lines ({mib(path.stat().st_size)})")
        result = run_phase(path, redact=False, checkpoints=checkpoints, measure_live=1000)
        c, n = report(f"ingest only, {records:,} lines", result)
        crashes, lost = crashes + c, lost + n
        for size in (int(s) for s in redact.split(",") if s):
            prefix = Path(folder) / f"prefix-{size}.jsonl"
            with path.open(encoding="utf-8") as src, prefix.open("w", encoding="utf-8") as out:
                out.writelines(line for _, line in zip(range(size), src, strict=False))
            result = run_phase(prefix, redact=True, checkpoints=checkpoints,
                               measure_live=min(size, 1000))
            c, n = report(f"ingest + redact (presidio, verify on, 1 worker), {size:,} lines",
                          result)
            crashes, lost = crashes + c, lost + n
    print(f"\nTOTAL crashes {crashes} (must be 0), records lost {lost} (must be 0)")
    return crashes, lost


if __name__ == "__main__":
    main()
