"""String-keyed tables on disk: written by a shuffle's reduce tasks, read memory-mapped by map tasks.

A whole-set stage whose decision would map records (or groups) to values keeps that
mapping out of the client: each reduce task writes the entries of its bucket as one table
(`write`: sorted 16-byte key digests, a text column and a number column, as `.npy` files
in a folder the workers share) and returns only its stem; a map task finds the values of
its own records' keys in every table by binary search on the memory-mapped keys (`look_up`),
so no process holds a table whole. The stems are all the client keeps. A stage whose
keys are digests already (labels' seeded sha256 of each id) writes them as they are
(`write_keyed`) and reads a table's rows by position (`column`); `save` writes any other
sorted columns (dedup's candidate pairs: `band_buckets.pair_tables`; its decision). A set
of ids (`key_set`) is a table of their sorted digests alone, which a map task tests its
records against (`in_any`); rows a task hands to a later task (dedup's exact groups and
verified pairs) are JSON lines (`write_rows`, `read_rows`). The tables go to a folder of
the scan's work folder (`tables_folder`). A finding that grows with the data (dedup's
conflicting input clusters) is left on disk too (`spill`: a `{"$rows": name}` reference in
the findings, in the work folder's `findings/`, kept with the stage cache) and read only
where the report is built (`list_findings`, on a worker), which copies its rows to a file of
the run directory and keeps a bounded listing of them in the report.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from curate.io import replace_beside
from curate.listing import list_rows

Entry = tuple[str, int]
"""A table's value: a text (not ending in NUL: numpy's bytes arrays drop trailing NULs;
names, labels and ids never do) and a number."""
COLUMNS = ("keys", "text", "number")


def tables_folder(scan: Any, prefix: str) -> tuple[str, tempfile.TemporaryDirectory[str] | None]:
    """A new folder `prefix-<uuid>` for a stage's tables under the `shared/` folder of the
    scan's `folder` (the run's work folder, which the workers share and the run removes when
    it completes), else a temporary one (returned too: keep it alive as long as the tables)."""
    base = getattr(scan, "folder", None)
    if base is None:
        temporary = tempfile.TemporaryDirectory(prefix=f"{prefix}-")
        return temporary.name, temporary
    folder = Path(base) / "shared" / f"{prefix}-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    return str(folder), None


@contextmanager
def scratch_folder(scan: Any, prefix: str) -> Iterator[str]:
    """A `tables_folder` for what is needed only inside the block; removed after it."""
    folder, temporary = tables_folder(scan, prefix)
    try:
        yield folder
    finally:
        if temporary is None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            temporary.cleanup()


def digests(keys: list[str]) -> np.ndarray:
    """The 16-byte blake2b digest of each key, as a numpy bytes array."""
    return np.array([hashlib.blake2b(key.encode(), digest_size=16).digest() for key in keys],
                    dtype="S16")


def write(folder: str, entries: dict[str, Entry]) -> str | None:
    """Write `entries` as one table under `folder`; its stem, or None when there are none."""
    if not entries:
        return None
    texts = np.array([text.encode() for text, _ in entries.values()], dtype=bytes)
    numbers = np.array([number for _, number in entries.values()], dtype=np.int64)
    return write_keyed(folder, digests(list(entries)), texts, numbers)


def write_keyed(folder: str, keys: np.ndarray, texts: np.ndarray, numbers: np.ndarray) -> str:
    """Write one table of digests `keys` (fixed-width bytes, at least one; sorted here,
    stably: equal keys keep their order) and their texts and numbers under `folder`; its stem."""
    order = np.argsort(keys, kind="stable")
    return save(folder, dict(zip(COLUMNS, (keys[order], texts[order], numbers[order]),
                                 strict=True)))


def save(folder: str, columns: dict[str, np.ndarray]) -> str:
    """Write `columns` (the first: the sorted keys) as `STEM.NAME.npy` files under `folder`,
    each atomically; the stem is named by the content, so a task that runs again writes the
    same files."""
    content = hashlib.sha256()
    for array in columns.values():
        content.update(array.tobytes())
    stem = str(Path(folder) / content.hexdigest()[:32])
    for name, array in columns.items():
        replace_beside(Path(f"{stem}.{name}.npy"), partial(np.save, arr=array))
    return stem


def column(stem: str, name: str) -> np.ndarray:
    """One column `name` of the table (or other `save`d arrays) `stem`, memory-mapped."""
    return np.load(f"{stem}.{name}.npy", mmap_mode="r")


def positions(sorted_keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Each wanted key's position in `sorted_keys` (binary search), -1 where it is not there."""
    if not len(sorted_keys):
        return np.full(len(wanted), -1)
    at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == wanted, at, -1)


def key_set(folder: str, keys: list[str]) -> list[str]:
    """The digests of `keys` as one table under `folder`: [its stem], or [] without keys."""
    if not keys:
        return []
    return [save(folder, {"keys": np.sort(digests(keys))})]


def in_any(stems: list[str], keys: list[str]) -> np.ndarray:
    """Whether each key is in one of the tables `stems` (`key_set`, or any table's keys)."""
    found = np.zeros(len(keys), dtype=bool)
    if stems and keys:
        wanted = digests(keys)
        for stem in stems:
            found |= positions(column(stem, "keys"), wanted) >= 0
    return found


def write_rows(folder: str, rows: list[Any]) -> str:
    """`rows` (tuples of JSON values) as JSON lines in a file under `folder`, named by its
    content (a task that runs again writes the same file); its path."""
    blob = "".join(json.dumps(row) + "\n" for row in rows).encode()
    path = Path(folder) / f"{hashlib.sha256(blob).hexdigest()[:32]}.jsonl"
    replace_beside(path, lambda handle: handle.write(blob))
    return str(path)


def read_rows(path: str | Path) -> Iterator[Any]:
    """The rows `write_rows` wrote, as tuples again (JSON lists, nested ones too)."""
    return map(_tuples, _json_lines(path))


def _json_lines(path: str | Path) -> Iterator[Any]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


SPILLED = "$rows"
"""The key of a findings value that `spill` left on disk: {SPILLED: its file's name}."""


def findings_folder(scan: Any) -> str | None:
    """The `findings/` folder of the scan's work folder (kept with the stage cache, unlike
    `shared/`), created; None for a scan without one (the findings stay inline)."""
    base = getattr(scan, "folder", None)
    if base is None:
        return None
    folder = Path(base) / "findings"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def spill(folder: str | None, rows: list[Any]) -> Any:
    """`rows` (JSON values) for a stage's findings: a `{SPILLED: name}` reference to them as
    JSON lines under `folder` (`findings_folder`), or `rows` themselves without a folder."""
    if folder is None:
        return rows
    return {SPILLED: Path(write_rows(folder, rows)).name}


def list_findings(findings: dict[str, Any], listed: dict[str, tuple[str, ...]], folder: Path,
                  out_dir: Path) -> dict[str, Any]:
    """Each stage's findings with every value that has a row per item listed: a value `spill`
    left in `folder` (the work folder's `findings/`), or one under a key its stage names in
    `listed` (`Stage.listed`: kept inline where the stage ran without a work folder). Its
    rows are copied, as they are read, to `<stage>_<key>.jsonl` in `out_dir` (the run
    directory), the value replaced by the report's bounded listing of them
    (`curate.listing`: count, sample, file), the same whichever way the stage ran."""
    def value(stage: str, key: str, found: Any) -> Any:
        if isinstance(found, dict) and list(found) == [SPILLED]:
            rows = _json_lines(folder / found[SPILLED])
        elif key in listed.get(stage, ()):
            rows = found
        else:
            return found
        return list_rows(out_dir / f"{stage}_{key}.jsonl", rows)
    return {stage: {key: value(stage, key, found) for key, found in stage_findings.items()}
            if isinstance(stage_findings, dict) else stage_findings
            for stage, stage_findings in findings.items()}


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def look_up(stems: list[str], keys: list[str]) -> list[Entry | None]:
    """The entry of each key in the tables `stems` (None for a key in none of them)."""
    found: list[Entry | None] = [None] * len(keys)
    if not keys:
        return found
    wanted = digests(keys)
    for stem in stems:
        at = positions(column(stem, "keys"), wanted)
        hits = np.flatnonzero(at >= 0)
        if not len(hits):
            continue
        texts, numbers = column(stem, "text"), column(stem, "number")
        for index, row in zip(hits.tolist(), at[hits].tolist(), strict=True):
            found[index] = (texts[row].decode(), int(numbers[row]))
    return found
