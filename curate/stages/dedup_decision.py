"""Dedup's decision: built as dicts per duplicate (`Draft`), sent as compact arrays.

`decide` fills a `Draft` (per decided record id: a rejection, the dedup annotation);
`Draft.compact` turns it into a `DedupDecision` of numpy arrays sorted by each id's
16-byte digest (about 40 bytes per decided record, plus each named id once), which every
partition's `apply` searches for its records' ids. Only records that dedup rejects or
annotates (duplicates and the members of their clusters) have an entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curate.record import Record
from curate.stages.key_tables import digests, positions

EXACT, NEAR = "dedup.exact_duplicate", "dedup.near_duplicate"
REASONS = ("", EXACT, NEAR)
"""Reason codes by their index in `DedupDecision.reason` ("": annotated, not rejected)."""


@dataclass
class Draft:
    """Per record id: a rejection (reason, jaccard, kept id) and/or the dedup annotation."""

    rejects: dict[str, tuple[str, float, str]] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def compact(self, threshold: float) -> DedupDecision:
        ids = sorted({*self.rejects, *self.notes})
        named = sorted({kept for _, _, kept in self.rejects.values()}
                       | {note["input_cluster"] for note in self.notes.values()
                          if "input_cluster" in note})
        index = {name: i for i, name in enumerate(named)}
        label_sets = sorted({tuple(note["conflict_labels"]) for note in self.notes.values()
                             if note.get("conflict")})
        sets = {labels: i for i, labels in enumerate(label_sets)}
        columns: dict[str, list[Any]] = {name: [] for name in
                                          ("reason", "jaccard", "kept", "size", "input", "conflict")}
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
        types = {"reason": np.int8, "jaccard": np.float64, "kept": np.int32, "size": np.int32,
                 "input": np.int32, "conflict": np.int32}
        arrays = {name: np.array(values, dtype=types[name])[order] for name, values in columns.items()}
        return DedupDecision(keys[order], threshold, np.array([n.encode() for n in named], dtype=bytes),
                             [list(labels) for labels in label_sets], **arrays)


@dataclass
class DedupDecision:
    """Per decided record, sorted by id digest (`keys`): its reason (index in REASONS), the
    Jaccard a near-duplicate's detail states, the kept record it names (index in `named`),
    the size of the cluster it keeps (0: none), its input cluster (index in `named`) and its
    conflict's labels (index in `label_sets`); -1 where none."""

    keys: np.ndarray
    threshold: float
    named: np.ndarray
    label_sets: list[list[str]]
    reason: np.ndarray
    jaccard: np.ndarray
    kept: np.ndarray
    size: np.ndarray
    input: np.ndarray
    conflict: np.ndarray

    def apply(self, records: list[Record]) -> None:
        """Reject or annotate the decided records among `records`."""
        if not len(self.keys) or not records:
            return
        at = positions(self.keys, digests([record.id for record in records]))
        for k in np.flatnonzero(at >= 0).tolist():
            self._apply(records[k], int(at[k]))

    def _apply(self, record: Record, row: int) -> None:
        reason = REASONS[self.reason[row]]
        if reason:
            detail = "jaccard=1.000 (identical normalised text)" if reason == EXACT else \
                f"jaccard={self.jaccard[row]:.3f} >= threshold {self.threshold}"
            record.reject("dedup", reason, detail, self._name(self.kept[row]))
            return
        note: dict[str, Any] = {}
        if self.size[row]:
            note.update(cluster=record.id, size=int(self.size[row]))
        if self.input[row] >= 0:
            note["input_cluster"] = self._name(self.input[row])
        if self.conflict[row] >= 0:
            note.update(conflict=True, conflict_labels=list(self.label_sets[self.conflict[row]]))
        record.annotations["dedup"] = note

    def _name(self, index: int) -> str:
        return self.named[index].decode()
