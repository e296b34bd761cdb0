"""The labels stage's per-record arrays on disk: TF-IDF rows, class scores and codes, memory-mapped.

Pass 3 of the labels stage gives every scored record a TF-IDF row, a row of class
scores and its codes (given class, fold, row in the decision: the scoring needs them in
the same order and so never builds them from keys). Held in memory they cost the process
that scores a task (a Dask worker's reduce task, the local engine's parent) about 1-2 kB a
record, more while the linear model copies its training folds. Instead each partition
writes its rows to a spill folder (`spill`, on the worker that scored them; the folder is
the run's work folder, which the engines share with their workers), the scoring joins the
partitions' files in partition order (`join`) and reads them memory-mapped, and the linear
model trains on each fold's rows written to a file of their own (`select`). The arrays'
bytes are the ones an in-memory `sparse.vstack` and `x[rows][:, columns]` would hold, in
the same order, so every computation on them gives the same bits.

Memory-mapped pages are file-backed: a page read counts in the process's RSS (as
`RssFile`) while the kernel keeps it cached, but it is not anonymous memory (`RssAnon`) and
the kernel can drop it under pressure without swapping; what this process allocates per
record is a row pointer (4 or 8 bytes) and the chunk being copied. The stage's
(records x classes) float arrays are scratch files here too (`scratch`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from curate.io import replace_beside

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

CHUNK = 4096
"""Rows copied at a time by `select`."""
PARTS = ("data", "indices", "nnz", "scores", "given", "fold", "row")
"""The files of one spilled block: CSR data (float64), column indices (int32), nonzeros per
row (int64), class scores (float64, rows x width), and per row (int64) the given class, the
fold and the row in the decision (`CODES`)."""
CODES = PARTS[4:]


@dataclass(frozen=True)
class Spilled:
    """One partition's rows of one task in the spill folder: the files' stem, the row count."""

    stem: str
    rows: int


def spill(folder: str, stem: str, x: sparse.csr_matrix, scores: np.ndarray,
          codes: Sequence[np.ndarray]) -> Spilled:
    """Write `x`, `scores` and the `codes` (given class, fold, row: same rows) under
    `folder/stem.*`; a task that runs again writes the same bytes (each file written beside
    and renamed: never seen half-written)."""
    import numpy as np

    arrays = (x.data.astype(np.float64, copy=False), x.indices.astype(np.int32, copy=False),
              np.diff(x.indptr).astype(np.int64), np.ascontiguousarray(scores, np.float64),
              *(np.asarray(code, dtype=np.int64) for code in codes))
    for part, array in zip(PARTS, arrays, strict=True):
        replace_beside(Path(folder) / f"{stem}.{part}", array.tofile)
    return Spilled(stem, x.shape[0])


def join(folder: Path, blocks: list[Spilled], width: int, columns: int, out: Path
         ) -> tuple[np.ndarray, sparse.csr_matrix, tuple[np.ndarray, ...]]:
    """The blocks of `folder`, in the given order, as one memory-mapped score matrix (rows,
    width), one CSR matrix (rows, columns) and the codes (given class, fold, row: int64
    each), over files `out.*`; the blocks' files stay (a join run again reads them again)."""
    for part in PARTS:
        with Path(f"{out}.{part}").open("wb") as joined:
            for block in blocks:
                with (folder / f"{block.stem}.{part}").open("rb") as source:
                    while chunk := source.read(1 << 20):
                        joined.write(chunk)
    rows = sum(block.rows for block in blocks)
    scores = mapped(Path(f"{out}.scores"), "float64").reshape(rows, width)
    return (scores, _csr(out.parent, out.name, (rows, columns)),
            tuple(mapped(Path(f"{out}.{part}"), "int64") for part in CODES))


def select(x: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray, width: int,
           folder: Path, stem: str) -> sparse.csr_matrix:
    """`x[rows][:, kept]` on disk, where `columns` maps each of x's columns to its index among
    the kept ones (`width` of them; x holds no other): a CSR matrix over `folder/stem.*`,
    written CHUNK rows at a time."""
    import numpy as np

    with ((folder / f"{stem}.data").open("wb") as data,
          (folder / f"{stem}.indices").open("wb") as indices,
          (folder / f"{stem}.nnz").open("wb") as nnz):
        for start in range(0, x.shape[0], CHUNK):
            block = x[start:start + CHUNK][rows[start:start + CHUNK]]
            block.data.astype(np.float64, copy=False).tofile(data)
            columns[block.indices].astype(np.int32).tofile(indices)
            np.diff(block.indptr).astype(np.int64).tofile(nnz)
    return _csr(folder, stem, (int(rows.sum()), width))


def _csr(folder: Path, stem: str, shape: tuple[int, int]) -> sparse.csr_matrix:
    """A CSR matrix over `folder/stem.{data,indices}` (mapped read-only) and a row pointer
    built from `stem.nnz`, of scipy's index type for its size (int32 below 2**31 nonzeros)."""
    import numpy as np
    from scipy import sparse

    nnz = mapped(folder / f"{stem}.nnz", "int64")
    data = mapped(folder / f"{stem}.data", "float64")
    index = np.int32 if max(len(data), shape[1]) < 2**31 else np.int64
    indptr = np.zeros(shape[0] + 1, dtype=index)
    np.cumsum(nnz, out=indptr[1:])
    matrix = sparse.csr_matrix(shape, dtype=np.float64)
    matrix.data, matrix.indices, matrix.indptr = (
        data, mapped(folder / f"{stem}.indices", "int32").astype(index, copy=False), indptr)
    matrix.has_sorted_indices = True
    return matrix


def scratch(folder: Path, shape: tuple[int, ...]) -> np.ndarray:
    """A zeroed float64 array of `shape` over a new file in `folder` (mapped read-write):
    the labels stage's (records x classes) arrays, off the heap. The file is unlinked at
    once, so its space goes back when the array does."""
    import tempfile

    import numpy as np

    if not all(shape):
        return np.zeros(shape)
    handle, name = tempfile.mkstemp(suffix=".scratch", dir=folder)
    os.close(handle)
    array = np.memmap(name, dtype="float64", mode="w+", shape=shape)
    os.unlink(name)
    return array


def contiguous(array: np.ndarray, folder: Path) -> np.ndarray:
    """`array` if it is C-contiguous, else a copy of it in a `scratch` file, CHUNK rows at a time."""
    if array.flags.c_contiguous:
        return array
    out = scratch(folder, array.shape)
    for start in range(0, len(array), CHUNK):
        out[start:start + CHUNK] = array[start:start + CHUNK]
    return out


def mapped(path: Path, dtype: str) -> np.ndarray:
    """The file's array, memory-mapped read-only (an empty array for an empty file)."""
    import numpy as np

    if path.stat().st_size == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")
