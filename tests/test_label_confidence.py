"""The streamed confident-learning counts give cleanlab's own results, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from cleanlab.count import compute_confident_joint, num_label_issues
from cleanlab.filter import find_label_issues
from cleanlab.rank import get_label_quality_scores

from curate.stages.label_confidence import confident_joint, count_issues, prune_by_noise_rate
from curate.stages.label_model import rank
from curate.stages.label_rows import CHUNK, scratch


def _noisy(seed: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels with a fifth flipped and peaked probabilities over more rows than two chunks,
    one class much smaller than the others."""
    rng = np.random.default_rng(seed)
    n = 2 * CHUNK + 777
    true = rng.choice(classes, n, p=np.r_[0.02, np.full(classes - 1, 0.98 / (classes - 1))])
    probs = rng.dirichlet(np.full(classes, 0.3), n)
    probs[np.arange(n), true] += rng.uniform(0, 2, n)
    probs /= probs.sum(axis=1, keepdims=True)
    given = np.where(rng.random(n) < 0.2, rng.integers(0, classes, n), true)
    return given, probs


@pytest.mark.parametrize(("seed", "classes"), [(0, 3), (1, 7), (2, 30)])
def test_streamed_counts_equal_cleanlab(seed, classes, tmp_path):
    given, probs = _noisy(seed, classes)
    mapped = scratch(tmp_path, probs.shape)
    mapped[:] = probs
    for calibrate in (False, True):
        joint, off = confident_joint(given, mapped, calibrate=calibrate)
        expected, indices = compute_confident_joint(given, probs, calibrate=calibrate,
                                                    return_indices_of_off_diagonals=True)
        assert np.array_equal(joint, expected)
        assert np.array_equal(np.flatnonzero(off), indices)
    assert count_issues(given, mapped) == num_label_issues(given, probs) > 0
    joint = compute_confident_joint(given, probs)
    picks = prune_by_noise_rate(given, mapped, joint)
    assert np.array_equal(picks, find_label_issues(given, probs, filter_by="prune_by_noise_rate",
                                                   confident_joint=joint, n_jobs=1))
    assert picks.any()
    quality, other = rank(given, mapped)
    assert np.array_equal(quality, get_label_quality_scores(given, probs))
    masked = probs.copy()
    masked[np.arange(len(given)), given] = -1.0
    assert np.array_equal(other, masked.argmax(axis=1))
