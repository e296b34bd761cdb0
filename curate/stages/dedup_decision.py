"""Dedup's decision: built as dicts per duplicate (`Draft`) on a worker, kept as arrays on disk.

`decide`'s tasks on a worker fill a `Draft` (per decided record id: a rejection, the dedup
annotation), handing it from one task to the next as a file (`Draft.save`, `Draft.load`);
`Draft.compact` writes it as numpy arrays sorted by each id's 16-byte digest (about 40 bytes
per decided record, plus each named id once) to the workers' shared disk, and the
`DedupDecision` that the client gets and sends to every partition names those arrays only:
each partition's `apply` searches them, memory-mapped, for its records' ids. Only records
that dedup rejects or annotates (duplicates and the members of their clusters) have an entry.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curate.record import Record
from curate.stages.key_tables import column, digests, positions, read_rows, save, write_rows

EXACT, NEAR = "dedup.exact_duplicate", "dedup.near_duplicate"
REASONS = ("", EXACT, NEAR)
"""Reason codes by their index in the decision's `reason` column ("": annotated, not rejected)."""
COLUMNS = {"keys": "S16", "reason": np.int8, "jaccard": np.float64, "kept": np.int32,
           "size": np.int32, "input": np.int32, "conflict": np.int32}
"""The decision's arrays, one row per decided record (besides `named`: the ids it names)."""


@dataclass
class Draft:
    """Per record id: a rejection (reason, jaccard, kept id) and/or the dedup annotation."""

    rejects: dict[str, tuple[str, float, str]] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def save(self, folder: str) -> str:
        """This draft as rows in a file under `folder` (`key_tables.write_rows`); its path."""
        return write_rows(folder, [*(("reject", rid, *found) for rid, found in self.rejects.items()),
                                   *(("note", rid, note) for rid, note in self.notes.items())])

    @classmethod
    def load(cls, path: str) -> Draft:
        draft = cls()
        for kind, rid, *found in read_rows(path):
            if kind == "reject":
                draft.rejects[rid] = tuple(found)  # type: ignore[assignment]
            else:
                draft.notes[rid] = found[0]
        return draft

    def compact(self, threshold: float, folder: str) -> DedupDecision:
        """The decision, its arrays written under `folder`."""
        ids = sorted({*self.rejects, *self.notes})
        label_sets = sorted({tuple(note["conflict_labels"]) for note in self.notes.values()
                             if note.get("conflict")})
        if not ids:
            return DedupDecision(None, threshold, [])
        named = sorted({kept for _, _, kept in self.rejects.values()}
                       | {note["input_cluster"] for note in self.notes.values()
                          if "input_cluster" in note})
        index = {name: i for i, name in enumerate(named)}
        sets = {labels: i for i, labels in enumerate(label_sets)}
        columns: dict[str, list[Any]] = {name: [] for name in COLUMNS if name != "keys"}
        for rid in ids:
            reason, jaccard, kept = self.rejects.get(rid, ("", 0.0, None))
            note = self.notes.get(rid, {})
            columns["reason"].append(REASONS.index(reason))
            columns["jaccard"].append(jaccard)
            columns["kept"].append(index[kept] if kept is not None else -1)
            columns["size"].append(note.get("size", 0))
            columns["input"].append(index[note["input_cluster"]] if "input_cluster" in note else -1)
            columns["conflict"].append(sets[tuple(note["conflict_labels"])]
                                       if note.get("conflict") else -1)
        keys = digests(ids)
        order = np.argsort(keys, kind="stable")
        arrays = {"keys": keys[order], **{name: np.array(values, dtype=COLUMNS[name])[order]
                                          for name, values in columns.items()},
                  "named": np.array([n.encode() for n in named], dtype=bytes)}
        return DedupDecision(save(folder, arrays), threshold, [list(s) for s in label_sets])


@dataclass
class DedupDecision:
    """The arrays of the decided records (`stem`, see `key_tables.save`; None: no record is
    decided), sorted by id digest (`keys`): per record its reason (index in REASONS), the
    Jaccard a near-duplicate's detail states, the kept record it names (index in `named`), the
    size of the cluster it keeps (0: none), its input cluster (index in `named`) and its
    conflict's labels (index in `label_sets`); -1 where none. `folder` keeps a temporary
    folder of the arrays alive as long as the decision (None: the scan's folder)."""

    stem: str | None
    threshold: float
    label_sets: list[list[str]]
    folder: tempfile.TemporaryDirectory[str] | None = None

    def apply(self, records: list[Record]) -> None:
        """Reject or annotate the decided records among `records`."""
        if self.stem is None or not records:
            return
        arrays = {name: column(self.stem, name) for name in (*COLUMNS, "named")}
        at = positions(arrays["keys"], digests([record.id for record in records]))
        for k in np.flatnonzero(at >= 0).tolist():
            self._apply(records[k], {name: array[int(at[k])] for name, array in arrays.items()
                                     if name != "named"}, arrays["named"])

    def _apply(self, record: Record, row: dict[str, Any], named: np.ndarray) -> None:
        reason = REASONS[row["reason"]]
        if reason:
            detail = "jaccard=1.000 (identical normalised text)" if reason == EXACT else \
                f"jaccard={row['jaccard']:.3f} >= threshold {self.threshold}"
            record.reject("dedup", reason, detail, named[row["kept"]].decode())
            return
        note: dict[str, Any] = {}
        if row["size"]:
            note.update(cluster=record.id, size=int(row["size"]))
        if row["input"] >= 0:
            note["input_cluster"] = named[row["input"]].decode()
        if row["conflict"] >= 0:
            note.update(conflict=True, conflict_labels=list(self.label_sets[row["conflict"]]))
        record.annotations["dedup"] = note
