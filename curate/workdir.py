"""The work folder of a run: rejected spools and stage checkpoints, kept as the stage cache.

It lives in `OUT/.curate-work/` while a run works. Each phase's checkpoint
carries a key (see `curate.engine.cache.phase_keys`): the tool version, the sha256 of every input,
and the config of that phase and of every phase before it. A run restarts after
the last phase whose key is unchanged: a killed run resumes where it stopped,
and a run whose config changed only for a later stage (`split`, say) re-runs from
that stage. Once the run directory is complete the folder becomes
`OUT/.curate-cache/` (see `keep`), which the next run into OUT takes back;
deleting it forces a run from scratch.

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
from curate.io import atomic_open, write_json
from curate.record import Record

WORK = ".curate-work"
CACHE = ".curate-cache"


def part_spool(parts: Path, stage: str, index: int) -> Path:
    """Where a worker spools the records `stage` rejected in partition `index`
    (for ingest: in ingest unit `index`)."""
    return parts / f"rejected-{stage}-{index:06d}.jsonl"


class WorkDir:
    """Spools rejected records per stage and saves the state after each phase, under the
    phase's key from `keys` (see `curate.engine.cache.phase_keys`)."""

    def __init__(self, out_dir: Path, keys: dict[str, str], stage_names: list[str]) -> None:
        self.root = out_dir / WORK
        cache = out_dir / CACHE
        if cache.is_dir():
            if self.root.exists():  # a killed run's work is newer than the cache
                shutil.rmtree(cache)
            else:
                cache.rename(self.root)
        self.keys = keys
        self.parts = self.root / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        self._spools: dict[str, TextIO] = {
            name: (self.root / f"rejected-{name}.jsonl").open("a+", encoding="utf-8")
            for name in stage_names
        }

    def reject(self, record: Record) -> None:
        """Spool a rejected record under its stage, so rejected.jsonl is in stage order."""
        stage = record.rejected.stage if record.rejected else ""
        self._spools[stage].write(record.to_json() + "\n")

    def flush(self) -> None:
        """Write the spools' buffers out: before a fork (the child would inherit and write
        them again) and in the child before it ends."""
        for spool in self._spools.values():
            spool.flush()

    def live(self, phase: str) -> Path:
        """The kept records after `phase` (JSONL, written by the engine before `save`)."""
        return self.root / f"{phase}.live.jsonl"

    def save(self, phase: str, books: Accounting, findings: dict[str, Any]) -> dict[str, Any]:
        """Checkpoint after `phase`, whose kept records the engine has written (see `live`);
        the state file, written last, marks it complete.

        Findings are stored as JSON text in the order they were made (the state file's
        keys are sorted; report rows follow the findings' order). Returns the findings as
        a resumed run reads them back, for the run to go on with exactly that.
        """
        self.flush()
        sizes = {name: spool.tell() for name, spool in self._spools.items()}
        text = json.dumps(findings, ensure_ascii=False)
        write_json(self.root / f"{phase}.state.json",
                   {"key": self.keys[phase], "books": books.state(), "findings": text,
                    "spools": sizes, "parts": sorted(p.name for p in self.parts.iterdir())})
        return dict(json.loads(text))

    def resume(self, phases: list[str]) -> tuple[int, Path, Accounting, dict[str, Any]] | None:
        """The state of the last phase whose key is unchanged (the index of the phase to run
        next, the file of the records it kept, the books, the findings), spools and partition
        spools cut back to that point and the later phases' checkpoints removed; None if none."""
        start, state = 0, None
        for index in range(len(phases) - 1, -1, -1):
            state = self._state(phases[index])
            if state is not None:
                start = index + 1
                break
        for phase in phases[start:]:
            self._forget(phase)
        sizes = state["spools"] if state else {}
        for name, spool in self._spools.items():
            spool.truncate(sizes.get(name, 0))
            spool.seek(sizes.get(name, 0))
        keep = set(state["parts"]) if state else set()
        for part in self.parts.iterdir():
            if part.name not in keep:
                part.unlink()
        if state is None:
            return None
        findings = json.loads(state["findings"])
        return start, self.live(phases[start - 1]), Accounting.from_state(state["books"]), findings

    def _state(self, phase: str) -> dict[str, Any] | None:
        """The saved state of `phase` when it was saved under the phase's current key."""
        state_file = self.root / f"{phase}.state.json"
        if not state_file.is_file():
            return None
        state: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8"))
        return state if state.get("key") == self.keys.get(phase) else None

    def _forget(self, phase: str) -> None:
        """Remove the checkpoint of a phase that will run again (state file first)."""
        (self.root / f"{phase}.state.json").unlink(missing_ok=True)
        self.live(phase).unlink(missing_ok=True)
        shutil.rmtree(self.root / f"{phase}.parts", ignore_errors=True)

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

    def keep(self) -> None:
        """The run is complete: keep the checkpoints as `OUT/.curate-cache/` for the next run,
        without what only this run needed (objects shared with cluster workers)."""
        self.close()
        shutil.rmtree(self.root / "shared", ignore_errors=True)
        (self.root / "curated.jsonl").unlink(missing_ok=True)
        self.root.rename(self.root.with_name(CACHE))
