"""Out-of-sample class probabilities by K-fold cross-validation (TF-IDF + logistic regression).

The feature extractor is chosen by name from `FEATURES`; the classifier is a
logistic regression trained by seeded SGD (log loss), which fits 77 classes on
10k short texts several times faster than lbfgs with the same detection quality.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def _tfidf_words() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)


def _tfidf_chars() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)


FEATURES: dict[str, Callable[[], Any]] = {"tfidf": _tfidf_words, "tfidf_char": _tfidf_chars}


def out_of_sample_probs(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    features: str,
    folds: int,
    seed: int,
    alpha: float,
    epochs: int,
    n_jobs: int,
) -> Any:
    """An (n, classes) array: each row predicted by a model that never saw that record.

    Every class must have at least `folds` examples (stratified folds).
    """
    import numpy as np
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import StratifiedKFold

    x_all = np.asarray(texts, dtype=object)
    y_all = np.asarray(labels)
    probs = np.zeros((len(y_all), int(y_all.max()) + 1))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x_all, y_all):
        vectorizer = FEATURES[features]()
        model = SGDClassifier(
            loss="log_loss", alpha=alpha, max_iter=epochs, tol=None,
            random_state=seed, n_jobs=n_jobs,
        )
        model.fit(vectorizer.fit_transform(x_all[train]), y_all[train])
        probs[np.ix_(test, model.classes_)] = model.predict_proba(vectorizer.transform(x_all[test]))
    return probs
