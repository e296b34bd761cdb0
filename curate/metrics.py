"""The declared quality metrics, computed offline: higher is better, all in [0, 1]."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

Metric = Callable[[Sequence[str], Sequence[str]], float]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def accuracy(predictions: Sequence[str], references: Sequence[str]) -> float:
    """Share of predictions equal to the reference after whitespace/case normalisation."""
    pairs = list(zip(predictions, references, strict=True))
    return sum(_norm(p) == _norm(r) for p, r in pairs) / len(pairs) if pairs else 0.0


def exact_match(predictions: Sequence[str], references: Sequence[str]) -> float:
    """Share of predictions identical to the reference once surrounding whitespace is stripped."""
    pairs = list(zip(predictions, references, strict=True))
    return sum(p.strip() == r.strip() for p, r in pairs) / len(pairs) if pairs else 0.0


def macro_f1(predictions: Sequence[str], references: Sequence[str]) -> float:
    """Unweighted mean of per-class F1 over the classes in the references."""
    pairs = [(_norm(p), _norm(r)) for p, r in zip(predictions, references, strict=True)]
    classes = sorted({r for _, r in pairs})
    scores = []
    for cls in classes:
        tp = sum(p == cls and r == cls for p, r in pairs)
        fp = sum(p == cls and r != cls for p, r in pairs)
        fn = sum(p != cls and r == cls for p, r in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence, O(len(a) * len(b)) time, O(len(b)) memory."""
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, start=1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def rouge_l_pair(prediction: str, reference: str) -> float:
    """ROUGE-L F1 of one pair on lower-cased whitespace tokens."""
    p, r = prediction.casefold().split(), reference.casefold().split()
    lcs = lcs_length(p, r)
    if not lcs:
        return 0.0
    precision, recall = lcs / len(p), lcs / len(r)
    return 2 * precision * recall / (precision + recall)


def rouge_l(predictions: Sequence[str], references: Sequence[str]) -> float:
    """Mean ROUGE-L F1 over pairs."""
    pairs = list(zip(predictions, references, strict=True))
    return sum(rouge_l_pair(p, r) for p, r in pairs) / len(pairs) if pairs else 0.0


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def json_valid(predictions: Sequence[str], references: Sequence[str]) -> float:
    """Share of predictions that parse as JSON (references are not consulted)."""
    return sum(map(_is_json, predictions)) / len(predictions) if predictions else 0.0


METRICS: dict[str, Metric] = {
    "accuracy": accuracy,
    "macro_f1": macro_f1,
    "exact_match": exact_match,
    "rouge_l": rouge_l,
    "json_valid": json_valid,
}
