"""The run directory curate owns: who may write there, one run at a time, only its own files.

A run directory holds a marker, `.curate-run.json`, listing the outputs of the last run.
`claim` refuses (exit 2) a `--out` that is a file, a source path or inside one, or a
non-empty folder without the marker (unless `force`); it then takes an exclusive lock
(`.curate.lock`, holding the pid; the kernel drops it when the process dies, even by
SIGKILL), and removes the previous run's outputs, and only those. The run writes its
outputs into a staging folder (`.curate-publish/`); `publish` moves them into place and
records their names in the marker before `manifest.json` is written last, so the manifest
lists exactly the files of this run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import IO

from curate.errors import UsageError
from curate.io import leftover_temps, write_json

MARKER = ".curate-run.json"
LOCK = ".curate.lock"
STAGING = ".curate-publish"
OWN_ENTRIES = frozenset({MARKER, LOCK, STAGING, ".curate-work", ".curate-cache"})


class RunDir:
    """A claimed run directory: locked until `release`."""

    def __init__(self, root: Path, lock: IO[str]) -> None:
        self.root = root
        self._lock = lock
        self.staging = root / STAGING

    def previous_outputs(self) -> list[str]:
        """Names the marker lists (only plain relative names inside the folder)."""
        try:
            names = json.loads((self.root / MARKER).read_text(encoding="utf-8"))["outputs"]
        except (OSError, ValueError, KeyError, TypeError):
            return []
        return [n for n in names if isinstance(n, str) and _inside(n)]

    def clear_previous(self) -> None:
        """Remove the manifest first (no manifest = unfinished), then the last run's outputs
        and the temp files a killed run's atomic writes left, and start an empty staging
        folder."""
        (self.root / "manifest.json").unlink(missing_ok=True)
        previous = self.previous_outputs()
        for name in previous:
            path = self.root / name
            if path.is_symlink() or path.is_file():
                path.unlink()
        for name in (MARKER, "manifest.json", *previous):
            for path in leftover_temps(self.root / name):
                path.unlink(missing_ok=True)
        self._mark([])
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)

    def publish(self) -> list[str]:
        """Move every staged file into place; return their names, sorted."""
        names = sorted(p.relative_to(self.staging).as_posix()
                       for p in self.staging.rglob("*") if p.is_file())
        self._mark(names)  # before the moves: the marker always covers what is there
        for name in names:
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / name, target)
        shutil.rmtree(self.staging, ignore_errors=True)
        return names

    def release(self) -> None:
        """Empty the lock file (a finished run directory holds no pid) and unlock."""
        self._lock.truncate(0)
        self._lock.close()

    def _mark(self, outputs: list[str]) -> None:
        write_json(self.root / MARKER, {"tool": "curate", "outputs": outputs})


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def is_run_dir(out: Path) -> bool:
    """Whether `out` holds a run curate wrote (finished or not): a rerun replaces it."""
    return (out / MARKER).is_file()


def check_out(out: Path, sources: list[Path], force: bool) -> None:
    """Refuse an `--out` curate must not write to (UsageError, exit 2)."""
    if out.exists() and not out.is_dir():
        what = "an input file" if any(_same(out, s) for s in sources) else "an existing file"
        raise UsageError(f"--out {out} is {what}; a run directory is a folder: choose another")
    for source in sources:
        if _same(out, source) or (source.is_dir() and _within(out, source)):
            raise UsageError(
                f"--out {out} is inside the source path {source}: its outputs would be read as "
                "input by the next run; choose a folder outside the sources (--force does not "
                "override this)")
    if out.is_dir() and not force and not (out / MARKER).is_file():
        foreign = [p.name for p in out.iterdir() if p.name not in OWN_ENTRIES]
        if foreign:
            raise UsageError(
                f"--out {out} is a non-empty folder that is not a curate run directory; choose "
                "an empty or new folder, or pass --force to let curate write there (it removes "
                "only the files it wrote itself)")


def check_out_files(outs: list[Path], inputs: list[Path]) -> None:
    """Refuse (exit 2) an output file that is a folder, an input, or inside an input folder."""
    for out in outs:
        if out.is_dir():
            raise UsageError(f"-o {out} is a folder; this command writes one file: name it, "
                             f"e.g. -o {out / 'out.jsonl'}")
        for source in inputs:
            if _same(out, source) or (source.is_dir() and _within(out, source)):
                raise UsageError(f"-o {out} would overwrite the input {source} or land inside "
                                 "it; choose another -o")


def claim(out: Path, sources: list[Path], force: bool) -> RunDir:
    """Check `out`, create it, lock it, and clear the previous run's outputs."""
    import fcntl

    check_out(out, sources, force)
    out.mkdir(parents=True, exist_ok=True)
    lock = (out / LOCK).open("a+", encoding="utf-8")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "unknown"
        lock.close()
        raise UsageError(f"another curate run (pid {holder}) is writing to {out}; wait for it "
                         "to finish or choose another --out") from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    run_dir = RunDir(out, lock)
    run_dir.clear_previous()
    return run_dir


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
