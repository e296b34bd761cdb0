"""Out-of-sample class probabilities from hashed TF-IDF: naive Bayes + centroids + a linear SVM.

Built for distributed passes with partition-independent results: features are
hashed (fixed `n_features`, no fitted vocabulary), IDF comes from document
frequencies summed over partitions, and the model is nothing but per-class
feature sums, which partitions compute on their own records as fixed-point
integers, so the sum (on a worker) is exact whatever the partitioning. For fold k
the model is the total minus fold k's sums: no record ever scores itself; it is written to
files the workers share (`save_model`) and mapped by each partition (`load_model`).
Each record's scores depend only on its own features and the model.

Two views of the same class sums: multinomial naive Bayes log-likelihoods and
cosine similarity to each class centroid. Alone, naive Bayes is overconfident
and ranks confusable classes badly; `Calibration` fits one weight per view and
one bias per class (multinomial log loss on the out-of-sample scores, in the
task's scoring reduce, which reads them memory-mapped) and turns both into probabilities.

A third, discriminative view: a linear SVM trained by SGD on the same TF-IDF
rows, out-of-fold by the same folds, in the same reduce (the rows: hashed feature
weights, no text, memory-mapped from the spill files, see label_rows). It
learns which words separate confusable classes, where naive Bayes and centroids
score each class alone. `ensemble` averages the two calibrated models in log
space. How many records to flag is cleanlab's estimate on naive Bayes' own
probabilities, whose confident joint counted best on uniform noise; records in a
systematic confusion (one confident-joint cell holding a good share of a class)
are added from cleanlab's `prune_by_noise_rate` (`systematic_issues`). A lone flag
between two classes that the model confuses both ways on unflagged records is
more likely a request that fits both than a wrong label (`ambiguous`): it goes to
review, not to the issues, and takes some of the count's least doubtful flags with it
(`issues`).

Every (records x classes) array (the linear scores, the calibration's logits and
probabilities, the ensemble's probabilities) lives in a scratch file of the spill folder
(label_rows.scratch), memory-mapped, and what is computed row by row is computed CHUNK
rows at a time; the confident-learning counts stream over it (label_confidence). The
same operations in the same order as on in-memory arrays: the same bits.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

SCALE = float(2**24)  # fixed point of the summed feature weights (each weight <= 1)
SGD_ALPHA = 1e-4  # the linear model's L2 penalty (scikit-learn's default)
SGD_EPOCHS = 3  # passes over the training folds: 3 ranked as well as 5 on seeds 0-2
SYSTEMATIC = 0.08  # share of a class confidently in one other class that makes a systematic error
SYSTEMATIC_MIN = 10  # ... and at least this many records (below, a corpus's own confusions)
AMBIGUOUS = 3.0  # a pair whose unflagged records give each other this many times the average
PATTERN = 4  # ... off-class probability; this many flags in one cell make a pattern, not a doubt
OVER_FLIPS = 25.0  # ... and whose mass is this many times the flips the count expects there
TRIM = 0.75  # count flags dropped (the least doubtful) per doubt: the count holds more like it
LINEAR_WEIGHT = 0.5  # of the linear model in the ensemble, chosen on seeds 0-2
CACHED = 2  # count matrices kept between the stage's passes (see `counts`)
FEATURES: dict[str, dict[str, Any]] = {  # vectorizer settings, min_df, default smoothing
    "tfidf": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 1, "alpha": 0.05},
    "tfidf_char": {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2, "alpha": 1.0},
}
_COUNTS: OrderedDict[str, sparse.csr_matrix] = OrderedDict()  # digest -> read-only counts


def counts(texts: Sequence[str], features: str, n_features: int) -> sparse.csr_matrix:
    """Hashed term counts (n, n_features), read-only; the same text always gives the same row.

    The stage's passes hash the same partition's texts up to three times; the last
    CACHED matrices are kept, keyed by a digest of the texts and settings, so a process
    that sees the partition again (the local engine, a Dask worker holding few
    partitions) tokenizes it once. A hit returns the same bits as a miss.
    """
    import hashlib

    from sklearn.feature_extraction.text import HashingVectorizer

    digest = hashlib.sha256(repr((features, n_features, [len(t) for t in texts])).encode())
    digest.update("".join(texts).encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    if key in _COUNTS:
        _COUNTS.move_to_end(key)
        return _COUNTS[key]
    spec = {k: v for k, v in FEATURES[features].items() if k not in ("min_df", "alpha")}
    vectorizer = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None,
                                   **spec)
    matrix = vectorizer.transform(texts).tocsr()
    matrix.sort_indices()
    for array in (matrix.data, matrix.indices, matrix.indptr):
        array.flags.writeable = False
    _COUNTS[key] = matrix
    while len(_COUNTS) > CACHED:
        _COUNTS.popitem(last=False)
    return matrix


def forget_counts() -> None:
    """Empty the cache of `counts` (a benchmark timing the same texts again)."""
    _COUNTS.clear()


def idf(df: np.ndarray, documents: int, features: str) -> np.ndarray:
    """Smoothed IDF as scikit-learn's TfidfVectorizer; 0 for features under min_df."""
    import numpy as np

    weights = np.log((1 + documents) / (1 + df)) + 1
    weights[df < FEATURES[features]["min_df"]] = 0.0
    return weights


def tfidf(matrix: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF x IDF, each row L2-normalised: row by row, independent of the others."""
    import numpy as np
    from sklearn.preprocessing import normalize

    out = matrix.astype(float)
    out.data = (1 + np.log(out.data)) * weights[out.indices]
    out.eliminate_zeros()
    return normalize(out)


def class_sums(x: sparse.csr_matrix, rows: Sequence[int], n_rows: int) -> sparse.csr_matrix:
    """(n_rows, n_features) int64: fixed-point sums of x's rows, row i of x into rows[i]."""
    import numpy as np
    from scipy import sparse

    fixed = x.copy()
    fixed.data = np.rint(fixed.data * SCALE)
    fixed = fixed.astype(np.int64)
    onehot = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (np.asarray(rows, dtype=np.int64),
                                              np.arange(len(rows)))),
        shape=(n_rows, len(rows)))
    return (onehot @ fixed).tocsr()


@dataclass
class NaiveBayes:
    """Multinomial naive Bayes: score_c(x) = bias_c + slope_c * sum(x) + x . weights[c]."""

    weights: sparse.csr_matrix  # (classes, n_features): log(S + a) - log(a), where S > 0
    bias: np.ndarray  # log prior
    slope: np.ndarray  # log(a) - log(total mass of the class + a * n_features)

    @classmethod
    def fit(cls, sums: sparse.csr_matrix, sizes: np.ndarray, alpha: float) -> NaiveBayes:
        """From integer class sums (classes, n_features) and class sizes."""
        import numpy as np

        weights = sums.astype(float) / SCALE
        mass = np.asarray(weights.sum(axis=1)).ravel()
        weights.data = np.log(weights.data + alpha) - np.log(alpha)
        slope = np.log(alpha) - np.log(mass + alpha * sums.shape[1])
        with np.errstate(divide="ignore"):
            bias = np.log(sizes / sizes.sum())
        return cls(weights.tocsr(), bias, slope)

    def log_likelihood(self, x: sparse.csr_matrix) -> np.ndarray:
        """Per class log joint likelihood, shifted so each row's maximum is 0."""
        import numpy as np

        scores = (x @ self.weights.T).toarray()
        scores += self.bias + np.asarray(x.sum(axis=1)) * self.slope
        return scores - scores.max(axis=1, keepdims=True)


def centroids(sums: sparse.csr_matrix) -> sparse.csr_matrix:
    """Unit-length class centroids from integer class sums (classes, n_features)."""
    from sklearn.preprocessing import normalize

    return normalize(sums.astype(float)).tocsr()


MODEL_ARRAYS = ("nb.data", "nb.indices", "nb.indptr", "bias", "slope", "centres.data",
                "centres.indices", "centres.indptr")


def save_model(stem: str, nb: NaiveBayes, centres: sparse.csr_matrix) -> None:
    """One fold's model as `.npy` files `stem.*` (in a folder the workers share), so a worker
    maps it instead of receiving it: written once per run, read by every partition (each
    file written beside and renamed: a task run again is never read half-written)."""
    from functools import partial
    from pathlib import Path

    import numpy as np

    from curate.io import replace_beside

    arrays = (nb.weights.data, nb.weights.indices, nb.weights.indptr, nb.bias, nb.slope,
              centres.data, centres.indices, centres.indptr)
    for name, array in zip(MODEL_ARRAYS, arrays, strict=True):
        replace_beside(Path(f"{stem}.{name}.npy"), partial(np.save, arr=array))


def load_model(stem: str, shape: tuple[int, int]) -> tuple[NaiveBayes, sparse.csr_matrix]:
    """The model `save_model` wrote, its arrays memory-mapped: the same bits."""
    import numpy as np
    from scipy import sparse

    from curate.stages.key_tables import column

    arrays = [column(stem, name) for name in MODEL_ARRAYS]
    weights = sparse.csr_matrix(tuple(arrays[:3]), shape=shape, copy=False)
    centres = sparse.csr_matrix(tuple(arrays[5:]), shape=shape, copy=False)
    return NaiveBayes(weights, np.asarray(arrays[3]), np.asarray(arrays[4])), centres


def views(nb: NaiveBayes, centres: sparse.csr_matrix, x: sparse.csr_matrix) -> np.ndarray:
    """(n, 2 * classes): naive Bayes log-likelihoods beside centroid cosine similarities."""
    import numpy as np

    return np.hstack([nb.log_likelihood(x), (x @ centres.T).toarray()])


def naive_bayes_count(scores: np.ndarray, given: np.ndarray, folder: Path) -> int:
    """cleanlab's number of label issues from the naive Bayes half of the scores (its
    probabilities in a scratch file, written CHUNK rows at a time)."""
    from scipy.special import softmax

    from curate.stages.label_confidence import count_issues
    from curate.stages.label_rows import CHUNK, scratch

    k = scores.shape[1] // 2
    probs = scratch(folder, (len(given), k))
    for start in range(0, len(given), CHUNK):
        probs[start:start + CHUNK] = softmax(scores[start:start + CHUNK, :k], axis=1)
    return count_issues(given, probs)


def linear_scores(x: sparse.csr_matrix, given: np.ndarray, folds: np.ndarray, classes: int,
                  seed: int, folder: Path) -> np.ndarray:
    """(n, classes) out-of-fold decision values of a linear SVM trained by SGD.

    The discriminative view: naive Bayes and centroids score each class on its own,
    a linear model learns which words separate confusable classes. One model per
    fold, trained on the other folds' rows in the given order (the records' order,
    whatever the partitioning), single-threaded and seeded: the same rows give the
    same bits. Only the columns present are kept, so a model is small. Each fold's
    training and test rows are copied to files in `folder` and read memory-mapped
    (label_rows.select), so x (which may itself be mapped) is never copied in memory;
    the decision values go to a scratch file in `folder`.
    """
    import tempfile

    import numpy as np
    from sklearn.linear_model import SGDClassifier

    from curate.stages.label_rows import CHUNK, scratch, select

    present = np.zeros(x.shape[1], dtype=bool)
    for start in range(0, len(x.indices), CHUNK * 64):
        present[x.indices[start:start + CHUNK * 64]] = True
    columns = np.cumsum(present, dtype=np.int64) - 1  # x's column -> its index among present
    width = int(present.sum())
    out = scratch(folder, (x.shape[0], classes))
    with tempfile.TemporaryDirectory(prefix="linear-", dir=folder) as spilled:
        for k in range(int(folds.max()) + 1):
            train, test = folds != k, folds == k
            model = SGDClassifier(loss="hinge", alpha=SGD_ALPHA, max_iter=SGD_EPOCHS, tol=None,
                                  random_state=seed)
            model.fit(select(x, train, columns, width, Path(spilled), f"train-{k}"),
                      given[train])
            rows = np.flatnonzero(test)
            held_out = select(x, test, columns, width, Path(spilled), f"test-{k}")
            for start in range(0, len(rows), CHUNK):  # row by row: chunks give the same bits
                values = model.decision_function(held_out[start:start + CHUNK])
                out[rows[start:start + CHUNK]] = (np.column_stack([-values, values]) / 2
                                                  if values.ndim == 1 else values)
    return out


def rank(given: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each record's label quality (cleanlab's self-confidence) and most likely other class,
    CHUNK rows at a time (row by row: the same bits as on the whole matrix)."""
    import numpy as np
    from cleanlab.rank import get_label_quality_scores

    from curate.stages.label_rows import CHUNK

    quality, other = np.zeros(len(given)), np.zeros(len(given), dtype=np.int64)
    for start in range(0, len(given), CHUNK):
        rows, chunk = slice(start, start + CHUNK), np.array(probs[start:start + CHUNK])
        quality[rows] = get_label_quality_scores(given[rows], chunk, method="self_confidence")
        chunk[np.arange(len(chunk)), given[rows]] = -1.0
        other[rows] = chunk.argmax(axis=1)
    return quality, other


def systematic_issues(given: np.ndarray, probs: np.ndarray, suggested: np.ndarray) -> np.ndarray:
    """Records in a systematic confusion: cleanlab's `prune_by_noise_rate` picks whose cell
    (given, most likely other class) of the confident joint holds at least SYSTEMATIC of
    the given class and SYSTEMATIC_MIN records. Annotators who mistake one class for
    another fill one cell; uniform noise and the model's own doubts spread thin, so
    those are left to the self-confidence count. `suggested`: each record's most likely
    other class."""
    import numpy as np

    from curate.stages.label_confidence import confident_joint, prune_by_noise_rate

    joint, _ = confident_joint(given, probs, calibrate=True)
    picks = prune_by_noise_rate(given, probs, joint)
    sizes = np.bincount(given, minlength=probs.shape[1])
    bar = np.maximum(SYSTEMATIC * sizes[given], SYSTEMATIC_MIN)
    return picks & (joint[given, suggested] >= bar)


def ambiguous(given: np.ndarray, probs: np.ndarray, flags: np.ndarray,
              suggested: np.ndarray) -> np.ndarray:
    """The flags that look like a record fitting two classes rather than a wrong label.

    For classes a and b, the pair's mass is the sum of p(b) over a's unflagged records
    and its affinity their mean p(b) divided by their mean probability of any one
    other class. A flag given a with suggestion b is ambiguous when the affinity
    reaches AMBIGUOUS both ways (a and b are confused in both directions on records
    nobody doubts), fewer than PATTERN flags share its (a, b) cell, and the mass is at
    least OVER_FLIPS times the flips from b that uniform noise at the flagged rate would
    put in the cell (under heavy noise a flag between such classes is a flip more
    often than an ambiguity). A wrong label lands anywhere, mostly between classes the
    model keeps apart; annotators who mistake a for b fill the cell. Needs no clean
    data: the unflagged records stand for it.
    """
    import numpy as np

    from curate.stages.label_rows import CHUNK

    k = probs.shape[1]
    clean = ~flags
    sizes = np.bincount(given[clean], minlength=k)
    mass = np.zeros((k, k))
    for start in range(0, len(given), CHUNK):  # in record order, as one np.add.at would add
        rows = slice(start, start + CHUNK)
        np.add.at(mass, given[rows][clean[rows]], probs[rows][clean[rows]])
    cells = np.zeros((k, k), dtype=np.int64)
    np.add.at(cells, (given[flags], suggested[flags]), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = mass / sizes[:, None]
        affinity = mean / ((1 - np.diag(mean)) / (k - 1))[:, None]
    affinity = np.nan_to_num(affinity, nan=0.0)
    flips = flags.mean() * np.bincount(given, minlength=k)[suggested] / (k - 1)
    return (flags & (affinity[given, suggested] >= AMBIGUOUS)
            & (affinity[suggested, given] >= AMBIGUOUS) & (cells[given, suggested] < PATTERN)
            & (mass[given, suggested] >= OVER_FLIPS * flips))


def issues(given: np.ndarray, probs: np.ndarray, quality: np.ndarray, count: int,
           suggested: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(issues, doubts): the `count` lowest label qualities less the doubts (`ambiguous`)
    and TRIM x as many of their least doubtful records, plus the systematic confusions.

    Each doubt says the count also holds records that fit two classes without a pair
    the rule can see (at 3% noise a fifth of the count was such records), so the
    count gives up its highest qualities in proportion; under heavy noise there are
    few doubts and it keeps nearly all.
    """
    import numpy as np

    order = np.argsort(quality, kind="stable")[:count]
    flags = np.zeros(len(given), dtype=bool)
    flags[order] = True
    doubts = ambiguous(given, probs, flags, suggested)
    kept = order[~doubts[order]]
    flags = np.zeros(len(given), dtype=bool)
    flags[kept[: max(len(kept) - round(TRIM * int(doubts.sum())), 0)]] = True
    flags |= systematic_issues(given, probs, suggested)
    return flags, doubts & ~flags


@dataclass
class Calibration:
    """softmax(sum_v w_v * view_v + bias): one weight per view, one bias per class,
    fitted by log loss on the given labels."""

    weights: np.ndarray  # (views,)
    bias: np.ndarray  # (classes,)

    L2: float = 1e-3  # on the biases only: classes with few records stay near 0

    @classmethod
    def fit(cls, views: Sequence[np.ndarray], given: np.ndarray, folder: Path) -> Calibration:
        """L-BFGS from (1, ..., 1, 0...): deterministic for the same scores in the same order.
        The (records x classes) logits and probabilities live in scratch files in `folder`,
        written in place: the same operations as on fresh arrays, so the same bits."""
        import numpy as np
        from scipy.optimize import minimize

        from curate.stages.label_rows import contiguous, scratch

        views = [contiguous(view, folder) for view in views]
        n, k = views[0].shape
        v = len(views)
        rows = np.arange(n)
        logits, probs = scratch(folder, (n, k)), scratch(folder, (n, k))

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z, p = logits, probs
            np.add(w[v:], np.multiply(w[0], views[0], out=z), out=z)
            for wi, view in zip(w[1:v], views[1:], strict=True):
                z += np.multiply(wi, view, out=p)
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=p)
            total = p.sum(axis=1)
            p /= total[:, None]
            value = (np.log(total).sum() - z[rows, given].sum()) / n + cls.L2 * w[v:] @ w[v:]
            p[rows, given] -= 1.0  # the gradient of the log loss in the logits, times n
            return value, np.concatenate([[np.vdot(p, view) / n for view in views],
                                          p.sum(axis=0) / n + 2 * cls.L2 * w[v:]])

        start = np.concatenate([np.ones(v), np.zeros(k)])
        w = minimize(loss, start, jac=True, method="L-BFGS-B").x
        return cls(w[:v], w[v:])

    def log_proba(self, views: Sequence[np.ndarray]) -> np.ndarray:
        from scipy.special import log_softmax

        return log_softmax(sum(w * view for w, view in zip(self.weights, views, strict=True)) + self.bias,
                           axis=1)


def ensemble(scores: np.ndarray, linear: np.ndarray, given: np.ndarray,
             folder: Path) -> np.ndarray:
    """Probabilities: the calibrated naive Bayes + centroid model and the calibrated linear
    model, averaged in log space (weight LINEAR_WEIGHT on the linear one) and renormalised;
    in a scratch file in `folder`, CHUNK rows at a time (each row on its own: the same bits)."""
    from scipy.special import softmax

    from curate.stages.label_rows import CHUNK, scratch

    k = scores.shape[1] // 2
    generative = [scores[:, :k], scores[:, k:]]
    both, alone = Calibration.fit(generative, given, folder), Calibration.fit([linear], given, folder)
    probs = scratch(folder, (len(given), k))
    for start in range(0, len(given), CHUNK):
        rows = slice(start, start + CHUNK)
        probs[rows] = softmax((1 - LINEAR_WEIGHT) * both.log_proba([view[rows] for view in generative])
                              + LINEAR_WEIGHT * alone.log_proba([linear[rows]]), axis=1)
    return probs
