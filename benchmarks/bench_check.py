"""`curate check` before any work: wall and CPU seconds of the whole command, as a user runs it.

Baseline: `curate --version` (the interpreter and the CLI starting, nothing checked), in
the same process count, rounds alternated, median of `--rounds`. Configs: the sample
config (e-mails, tickets, contracts) and, when the corpora are present
(`$CURATE_CORPORA` or ../shared/corpora), a mixed config over Enron mail, GitHub and Jira
tickets and CUAD contracts. The load average is printed: on a busy machine wall time is
mostly waiting for a core. Run: `PYTHONPATH=. python benchmarks/bench_check.py`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def mixed_config(corpora: Path, folder: Path) -> Path:
    """Enron (two sources), GitHub and Jira tickets, CUAD contracts: one config."""
    data = yaml.safe_load((REPO / "sample_data" / "curate.yaml").read_text(encoding="utf-8"))
    data["sources"] = [
        {"kind": "emails", "path": str(corpora / "emails/enron_berkeley/enron_with_categories"),
         "task": "support_reply", "options": {"label_source": "folder"}},
        {"kind": "emails", "path": str(corpora / "emails/enron_berkeley/"
                                       "enron_berkeley_folders_3_5.mbox"),
         "task": "support_reply"},
        {"kind": "tickets", "path": str(corpora / "tickets/nlbse24_github_issues"),
         "task": "support_reply", "options": {"preset": "github"}},
        {"kind": "tickets", "path": str(corpora / "tickets/jira_public_dataset_sample"),
         "task": "support_reply", "options": {"preset": "jira"}},
        {"kind": "contracts", "path": str(corpora / "contracts/cuad_v1_subset/txt"),
         "task": "clause_type"},
    ]
    path = folder / "mixed.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=False, env={**os.environ,
                                                                "PYTHONPATH": str(REPO)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    cli = [sys.executable, "-m", "curate.cli"]
    configs = {"sample": REPO / "sample_data" / "curate.yaml"}
    corpora = Path(os.environ.get("CURATE_CORPORA", REPO.parent / "shared" / "corpora"))
    with tempfile.TemporaryDirectory() as tmp:
        if corpora.is_dir():
            configs["mixed corpora"] = mixed_config(corpora, Path(tmp))
        print(f"load average before: {os.getloadavg()}")
        runs: dict[str, list[tuple[float, float]]] = {"baseline --version": []}
        runs.update({f"check {name}": [] for name in configs})
        for _ in range(rounds):  # alternated: each round runs every command once
            runs["baseline --version"].append(timed([*cli, "--version"]))
            for name, path in configs.items():
                runs[f"check {name}"].append(timed([*cli, "check", str(path)]))
    base_wall = statistics.median(w for w, _ in runs["baseline --version"])
    base_cpu = statistics.median(c for _, c in runs["baseline --version"])
    print(f"{'command':<24}{'wall s':>8}{'cpu s':>8}{'wall/base':>11}{'cpu/base':>10}")
    for name, times in runs.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"{name:<24}{wall:>8.2f}{cpu:>8.2f}{wall / base_wall:>11.2f}"
              f"{cpu / base_cpu:>10.2f}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
