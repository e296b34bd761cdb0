"""The look-tweak-rerun loop: first output on a terminal, a full run, and a policy-only rerun.

Three figures, each the median of `--rounds`, with the load average printed:

- first output: seconds from starting `curate run CONFIG` on a pseudo-terminal to the first
  visible text there (then the run is stopped). Baseline: the checkout at `--baseline` (e.g. the
  main branch before the progress display), run the same way in alternated rounds; a
  checkout that prints nothing within `--cap` seconds counts as the cap (a lower bound).
- full run: `curate run CONFIG --quiet` into a fresh folder (this checkout only).
- policy rerun: the same run again into that folder after changing `stages.split.min_eval`
  (split re-runs, every earlier stage is taken from the stage cache). Ratio: full / rerun.
  The baseline for a rerun is a full run: before the cache, a changed config hash re-ran
  everything.

Run: `PYTHONPATH=. python benchmarks/bench_loop.py sample_data/curate.yaml --rounds 3
--baseline /path/to/main-checkout`. Figures from a loaded shared machine are pessimistic.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def first_output(checkout: Path, config: Path, out: Path, cap: float) -> tuple[float, str]:
    """Seconds to the first visible text `curate run` writes to a terminal (or `cap`), and
    that text (control codes alone, e.g. a hidden cursor, do not count)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "curate.cli", "run", str(config),
                                "--out", str(out)], stdin=follower, stdout=follower,
                               stderr=follower, env=env, start_new_session=True,
                               cwd=out.parent)  # not a checkout: `-m` puts the cwd first
    os.close(follower)
    seconds, text = cap, ""
    try:
        while time.monotonic() - start < cap:
            chunk = os.read(leader, 4096) if select.select([leader], [], [], 0.02)[0] else b""
            text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\s", " ", chunk.decode(errors="replace"))
            if text.strip():  # visible text, not only control codes
                seconds = time.monotonic() - start
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        os.close(leader)
    return seconds, " ".join(text.split())[:50]


def timed_run(config: Path, out: Path) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "curate.cli", "run", str(config), "--out", str(out),
                    "--quiet"], env={**os.environ, "PYTHONPATH": str(REPO)},
                   capture_output=True, check=False, cwd=out.parent)
    return time.monotonic() - start


def policy_changed(config: Path) -> Path:
    """A copy of `config` beside it (the same base folder, so the same record ids) with
    `stages.split.min_eval` changed."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    stages = data.get("stages") or {}
    split = stages.get("split") or {}
    split["min_eval"] = int(split.get("min_eval", 100)) + 7
    data["stages"], stages["split"] = stages, split
    changed = config.with_name("policy.yaml")
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout (first output only)")
    parser.add_argument("--cap", type=float, default=60.0)
    parser.add_argument("--no-runs", action="store_true", help="first output only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_loop_") as tmp:
        folder = Path(tmp)
        # a copy of the project: the changed config is written beside the original
        shutil.copytree(args.config.resolve().parent, folder / "project",
                        ignore=shutil.ignore_patterns("runs", ".curate*"))
        config = folder / "project" / args.config.name
        firsts: dict[str, list[float]] = {"this": [], "baseline": []}
        for round_ in range(args.rounds):
            order = [("this", REPO), ("baseline", args.baseline)] if args.baseline else [
                ("this", REPO)]
            for name, checkout in order if round_ % 2 == 0 else order[::-1]:
                before = load()
                took, text = first_output(checkout, config, folder / f"tty-{name}-{round_}",
                                          args.cap)
                firsts[name].append(took)
                print(f"  round {round_ + 1} {name:8} first output {took:6.2f} s  "
                      f"load {before} -> {load()}  ({text!r})")
        this = statistics.median(firsts["this"])
        print(f"first output: {this:.2f} s (median of {args.rounds})")
        if firsts["baseline"]:
            base = statistics.median(firsts["baseline"])
            print(f"  baseline {args.baseline}: {base:.2f} s"
                  f"{' (capped: a lower bound)' if base >= args.cap else ''}; "
                  f"ratio baseline/this {base / this:.1f}")
        if args.no_runs:
            return
        changed = policy_changed(config)
        fulls, reruns = [], []
        for round_ in range(args.rounds):
            out = folder / f"run-{round_}"
            before = load()
            fulls.append(timed_run(config, out))
            reruns.append(timed_run(changed, out))
            print(f"  round {round_ + 1} full {fulls[-1]:7.1f} s, policy rerun "
                  f"{reruns[-1]:6.1f} s  load {before} -> {load()}")
        full, rerun = statistics.median(fulls), statistics.median(reruns)
        print(f"full run {full:.1f} s, policy-only rerun {rerun:.1f} s (median of "
              f"{args.rounds}); ratio {full / rerun:.1f} (baseline for a rerun: a full run)")


if __name__ == "__main__":
    main()
