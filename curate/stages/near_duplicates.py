"""What counts as a near-duplicate in a run, and the per-partition helpers that measure it.

Dedup removes near-duplicates and split keeps them off opposite sides; both
compare the same text with the same MinHash settings, so they agree on what a
near-duplicate is. The definition lives in the dedup section of the config
(`DedupConfig.near_duplicates`) and reaches every stage through
`StageContext.near_duplicates`, whether or not dedup itself is enabled.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from curate.minhash import MinHashSettings, Shingler
from curate.record import Record

if TYPE_CHECKING:
    import numpy as np

FieldName = Literal["instruction", "input", "output", "label"]


@dataclass(frozen=True)
class NearDuplicates:
    """The compared fields and the MinHash settings (threshold included)."""

    fields: tuple[FieldName, ...] = ("instruction", "input", "output")
    minhash: MinHashSettings = field(default_factory=MinHashSettings)


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the key of exact duplicates."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def record_text(record: Record, fields: tuple[FieldName, ...] | list[FieldName]) -> str:
    """The compared text: the chosen fields, each introduced by its name."""
    return "\n".join(f"{name}: {getattr(record, name) or ''}" for name in fields)


def shingle_sets(near: NearDuplicates, inputs: bool, wanted: frozenset[str],
                 records: list[Record]) -> dict[str, np.ndarray]:
    """Map: the shingle hashes of the wanted records (compared text, or inputs only)."""
    shingler = Shingler(near.minhash.shingle_size)
    return {r.id: shingler.shingle_set(r.input if inputs else record_text(r, near.fields))
            for r in records if r.id in wanted}
