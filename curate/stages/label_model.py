"""Out-of-sample class probabilities from hashed TF-IDF: naive Bayes + centroids, calibrated.

Built for distributed passes with partition-independent results: features are
hashed (fixed `n_features`, no fitted vocabulary), IDF comes from document
frequencies summed over partitions, and the model is nothing but per-class
feature sums, which partitions compute on their own records as fixed-point
integers, so the client's sum is exact whatever the partitioning. For fold k
the model is the total minus fold k's sums: no record ever scores itself.
Each record's scores depend only on its own features and the model.

Two views of the same class sums: multinomial naive Bayes log-likelihoods and
cosine similarity to each class centroid. Alone, naive Bayes is overconfident
and ranks confusable classes badly; `Calibration` fits one weight per view and
one bias per class (multinomial log loss on the out-of-sample scores, on the
client, which holds them anyway) and turns both into probabilities. How many
records to flag is cleanlab's estimate on naive Bayes' own probabilities, whose
confident joint counted best (calibrated probabilities rank better but count too
few at 20% noise and too many at 3%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

SCALE = float(2**24)  # fixed point of the summed feature weights (each weight <= 1)
FEATURES: dict[str, dict[str, Any]] = {  # vectorizer settings, min_df, default smoothing
    "tfidf": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 1, "alpha": 0.05},
    "tfidf_char": {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2, "alpha": 1.0},
}


def counts(texts: Sequence[str], features: str, n_features: int) -> sparse.csr_matrix:
    """Hashed term counts (n, n_features); the same text always gives the same row."""
    from sklearn.feature_extraction.text import HashingVectorizer

    spec = {k: v for k, v in FEATURES[features].items() if k not in ("min_df", "alpha")}
    vectorizer = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None,
                                   **spec)
    matrix = vectorizer.transform(texts).tocsr()
    matrix.sort_indices()
    return matrix


def document_frequency(matrix: sparse.csr_matrix) -> np.ndarray:
    """How many rows hold each feature (int64): partitions' counts add up exactly."""
    import numpy as np

    return np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.int64)


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


def views(nb: NaiveBayes, centres: sparse.csr_matrix, x: sparse.csr_matrix) -> np.ndarray:
    """(n, 2 * classes): naive Bayes log-likelihoods beside centroid cosine similarities."""
    import numpy as np

    return np.hstack([nb.log_likelihood(x), (x @ centres.T).toarray()])


def naive_bayes_count(scores: np.ndarray, given: np.ndarray) -> int:
    """cleanlab's number of label issues from the naive Bayes half of the scores."""
    from cleanlab.count import num_label_issues
    from scipy.special import softmax

    return int(num_label_issues(given, softmax(scores[:, : scores.shape[1] // 2], axis=1)))


@dataclass
class Calibration:
    """softmax(w_nb * nb + w_cos * cos + bias): fitted by log loss on the given labels."""

    weights: np.ndarray  # (2,)
    bias: np.ndarray  # (classes,)

    L2: float = 1e-3  # on the biases only: classes with few records stay near 0

    @classmethod
    def fit(cls, scores: np.ndarray, given: np.ndarray) -> Calibration:
        """L-BFGS from (1, 1, 0...): deterministic for the same scores in the same order."""
        import numpy as np
        from scipy.optimize import minimize
        from scipy.special import log_softmax

        n, width = scores.shape
        k = width // 2
        parts = (scores[:, :k], scores[:, k:])
        onehot = np.zeros((n, k))
        onehot[np.arange(n), given] = 1.0

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            logp = log_softmax(w[0] * parts[0] + w[1] * parts[1] + w[2:], axis=1)
            grad = (np.exp(logp) - onehot) / n
            value = -(logp * onehot).sum() / n + cls.L2 * (w[2:] ** 2).sum()
            return value, np.concatenate([[(grad * parts[0]).sum(), (grad * parts[1]).sum()],
                                          grad.sum(axis=0) + 2 * cls.L2 * w[2:]])

        start = np.concatenate([[1.0, 1.0], np.zeros(k)])
        w = minimize(loss, start, jac=True, method="L-BFGS-B").x
        return cls(w[:2], w[2:])

    def predict_proba(self, scores: np.ndarray) -> np.ndarray:
        from scipy.special import softmax

        k = scores.shape[1] // 2
        return softmax(self.weights[0] * scores[:, :k] + self.weights[1] * scores[:, k:]
                       + self.bias, axis=1)
