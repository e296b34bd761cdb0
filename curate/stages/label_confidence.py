"""cleanlab's confident-learning counts, streamed over a (records x classes) probability matrix.

The labels stage keeps its probabilities in a memory-mapped scratch file (label_rows.scratch);
cleanlab's `compute_confident_joint`, `num_label_issues` and `find_label_issues(filter_by=
"prune_by_noise_rate")` would copy the whole matrix (a boolean one beside it, one sorted by
class, one to compare each row with its label). These give their results bit for bit with
one pass for the class thresholds (cleanlab's own `get_confident_thresholds`: a column
gathered per class, so its means are the same bits), then CHUNK rows at a time; pruning
takes one class's rows at a time, through cleanlab's own per-class step. What they hold per
record: a boolean mask and, while a class is pruned, that class's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from curate.stages.label_rows import CHUNK

if TYPE_CHECKING:
    import numpy as np

LOWER = 1e-6  # cleanlab's tolerance below a class threshold (compute_confident_joint)


def confident_joint(given: np.ndarray, probs: np.ndarray, *, calibrate: bool
                    ) -> tuple[np.ndarray, np.ndarray]:
    """`compute_confident_joint(given, probs, calibrate=calibrate)` and the mask of the records
    it counts off the diagonal (its `return_indices_of_off_diagonals`, as a mask)."""
    import numpy as np
    from cleanlab.count import calibrate_confident_joint, get_confident_thresholds

    k = probs.shape[1]
    bar = get_confident_thresholds(given, probs) - LOWER
    joint = np.zeros((k, k), dtype=np.int64)
    off = np.zeros(len(given), dtype=bool)
    for start in range(0, len(given), CHUNK):
        rows = slice(start, start + CHUNK)
        chunk, labels = np.asarray(probs[rows]), given[rows]
        confident = chunk >= bar
        bins = confident.sum(axis=1)
        guess = np.where(bins > 1, chunk.argmax(axis=1), confident.argmax(axis=1))
        counted = bins > 0
        np.add.at(joint, (labels[counted], guess[counted]), 1)
        off[rows] = counted & (guess != labels)
    np.fill_diagonal(joint, joint.diagonal().clip(min=1))
    if calibrate:
        joint = calibrate_confident_joint(joint, given)
    return joint, off


def near_given(given: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """cleanlab's mask of records whose most likely class is their label (within its
    floating-point tolerance), which it never counts as issues; row by row."""
    import numpy as np
    from cleanlab.count import _reduce_issues

    mask = np.zeros(len(given), dtype=bool)
    for start in range(0, len(given), CHUNK):
        rows = slice(start, start + CHUNK)
        mask[rows] = _reduce_issues(np.array(probs[rows]), given[rows])
    return mask


def count_issues(given: np.ndarray, probs: np.ndarray) -> int:
    """`cleanlab.count.num_label_issues(given, probs)` (its default, "off_diagonal")."""
    _, off = confident_joint(given, probs, calibrate=False)
    return int((off & ~near_given(given, probs)).sum())


def prune_by_noise_rate(given: np.ndarray, probs: np.ndarray, joint: np.ndarray) -> np.ndarray:
    """`find_label_issues(given, probs, filter_by="prune_by_noise_rate",
    confident_joint=joint)`, one class's rows at a time."""
    import numpy as np
    from cleanlab.filter import _keep_at_least_n_per_class, _prune_by_count

    counts = _keep_at_least_n_per_class(joint.T, n=1, frac_noise=1.0)
    mask = np.zeros(len(given), dtype=bool)
    for k in range(probs.shape[1]):
        members = np.flatnonzero(given == k)
        picked = _prune_by_count([k, 1, [np.asarray(probs[members]), counts[:, k]]])
        if len(picked) > 1:
            mask[members] = picked
    return mask & ~near_given(given, probs)
