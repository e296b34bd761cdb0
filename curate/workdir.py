"""The work folder of an unfinished run: rejected spools and stage checkpoints.

It lives in `OUT/.curate-work/` and is keyed by the tool version, the config and
the sha256 of every input. A run killed at any point restarts from the last
completed phase when nothing changed, and from scratch when anything did. The
folder is removed once the run directory is complete.

Workers of a cluster write their rejected records to `parts/` (one file per
stage and partition, for ingest per ingest unit, see `part_spool`); the local
engine writes to the per-stage spools. `parts/` must be on a filesystem the
client and the workers share.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, TextIO

from curate.accounting import Accounting
from curate.io import atomic_open, read_records, write_json, write_records
from curate.record import Record


def part_spool(parts: Path, stage: str, index: int) -> Path:
    """Where a worker spools the records `stage` rejected in partition `index`
    (for ingest: in ingest unit `index`)."""
    return parts / f"rejected-{stage}-{index:06d}.jsonl"


class WorkDir:
    """Spools rejected records per stage and saves the state after each phase."""

    def __init__(self, out_dir: Path, key: str, stage_names: list[str]) -> None:
        self.root = out_dir / ".curate-work"
        key_file = self.root / "run.key"
        if self.root.exists() and (not key_file.is_file() or key_file.read_text() != key):
            shutil.rmtree(self.root)
        self.parts = self.root / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key, encoding="utf-8")
        self._spools: dict[str, TextIO] = {
            name: (self.root / f"rejected-{name}.jsonl").open("a+", encoding="utf-8")
            for name in stage_names
        }

    def reject(self, record: Record) -> None:
        """Spool a rejected record under its stage, so rejected.jsonl is in stage order."""
        stage = record.rejected.stage if record.rejected else ""
        self._spools[stage].write(record.to_json() + "\n")

    def save(self, phase: str, live: list[Record], books: Accounting,
             findings: dict[str, Any]) -> dict[str, Any]:
        """Checkpoint after `phase`; the state file, written last, marks it complete.

        Findings are stored as JSON text in the order they were made (the state file's
        keys are sorted; report rows follow the findings' order). Returns the findings as
        a resumed run reads them back, for the run to go on with exactly that.
        """
        sizes = {}
        for name, spool in self._spools.items():
            spool.flush()
            sizes[name] = spool.tell()
        write_records(self.root / f"{phase}.live.jsonl", live)
        text = json.dumps(findings, ensure_ascii=False)
        write_json(self.root / f"{phase}.state.json",
                   {"books": books.state(), "findings": text, "spools": sizes})
        return dict(json.loads(text))

    def resume(self, phases: list[str]) -> tuple[int, list[Record], Accounting, dict[str, Any]] | None:
        """The last completed phase's state, spools cut back to that point; None if none."""
        for index in range(len(phases) - 1, -1, -1):
            state_file = self.root / f"{phases[index]}.state.json"
            if state_file.is_file():
                state = json.loads(state_file.read_text(encoding="utf-8"))
                for name, size in state["spools"].items():
                    self._spools[name].truncate(size)
                    self._spools[name].seek(size)
                live = list(read_records(self.root / f"{phases[index]}.live.jsonl"))
                findings = json.loads(state["findings"])
                return index + 1, live, Accounting.from_state(state["books"]), findings
        for spool in self._spools.values():
            spool.truncate(0)
        for part in self.parts.iterdir():
            part.unlink()
        return None

    def write_rejected(self, path: Path) -> None:
        """Write rejected.jsonl atomically: stages in pipeline order, each stage's own
        spool first, then its partition spools in partition order."""
        with atomic_open(path) as out:
            for name, spool in self._spools.items():
                spool.flush()
                spool.seek(0)
                shutil.copyfileobj(spool, out)
                for part in sorted(self.parts.glob(f"rejected-{name}-[0-9]*.jsonl")):
                    with part.open(encoding="utf-8") as handle:
                        shutil.copyfileobj(handle, out)

    def close(self) -> None:
        for spool in self._spools.values():
            spool.close()

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.root, ignore_errors=True)
