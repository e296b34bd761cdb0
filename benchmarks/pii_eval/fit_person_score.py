"""Fit the person score (`curate.pii.person_score`) on the dev labels, choose its threshold, and
report dev figures cross-validated over two halves of dev (fit on one, score the other).

The training rows are the candidate words that the redact stage *without the score* leaves
in the texts it reads with NER (`curate.pii.person_score` records them); a row is positive when
the word overlaps a labelled PERSON item. Logistic regression with an L2 penalty, fitted by
Newton's method (numpy, deterministic); the threshold is the lowest whose positives are at
least `--precision` correct on the half it was fitted on. The e-mail score
(`curate.pii.mail_names`) is the same fit on the Enron rows alone, its threshold the lowest
at which Enron's wrong placeholders stay at or under `--mail-ceiling` (no precision floor:
mail is where the chain is precise past the target and short on recall). Only the dev split is
read (never test or holdout). Writes `curate/data/person_score.json` with `--write`.

    CURATE_CORPORA=../shared/corpora PYTHONPATH=. python -m benchmarks.pii_eval.fit_person_score --write
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.pii_eval.evalset import field_text, fkey, load, resolve, string_fields
from benchmarks.pii_eval.realtext import redact
from benchmarks.pii_eval.score import score_field
from curate.pii import person_score

OUT = Path(__file__).resolve().parents[2] / "curate" / "data" / "person_score.json"
PENALTY = 1.0
MAIL = "enron"  # the corpus of dev whose records the `emails` ingestor makes


@dataclass
class Row:
    """One candidate word left by the chain: its features, label, record and item."""

    rid: str
    corpus: str
    x: list[float]
    person: bool
    left: bool  # the chain left it (no replacement touches it)
    span: tuple[str, int, int]  # (field key, start, end)


@dataclass
class Leak:
    """A labelled prose PERSON item the chain left (some letter outside every replacement)."""

    rid: str
    corpus: str
    key: tuple[str, int]
    letters: set[int]  # positions of its letters and digits left uncovered


@dataclass
class Text:
    """One labelled text field of a dev record the redact stage read with NER, after the chain."""

    rid: str
    corpus: str
    key: str
    text: str
    entities: list[tuple[int, int, str]]  # spaCy's, as the chain saw them
    covered: list[tuple[int, int]]  # what the chain's placeholders replaced
    people: list[tuple[int, int]]  # labelled PERSON items


def chain_pass() -> tuple[list[Text], list[Leak], dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """The redact stage without the score on dev: the texts it read with NER, the prose PERSON
    items it leaked, and prose PERSON items and placeholders per (corpus, half)."""
    seen: dict[str, list[tuple[int, int, str]]] = {}

    def record_only(text: str, entities: list[tuple[int, int, str]], mail: bool = False) -> list:
        seen[text] = list(entities)
        return []

    person_score.scored_names = record_only  # the chain without the score (mail's included)
    resolution = resolve(load("dev"), Path(os.environ["CURATE_CORPORA"]))
    redacted = redact([item.record for item in resolution.records], None)
    texts: list[Text] = []
    leaks: list[Leak] = []
    items: dict[tuple[str, int], int] = defaultdict(int)
    placeholders: dict[tuple[str, int], int] = defaultdict(int)
    wrong: dict[tuple[str, int], int] = defaultdict(int)
    for item, out in zip(resolution.records, redacted, strict=True):
        if out.rejected is not None:
            continue
        rid, corpus = item.entry.rid, item.entry.corpus
        by_field = defaultdict(list)
        for s in item.spans:
            by_field[fkey(s.field)].append(s)
        for path, text in string_fields(item.record):
            key = fkey(path)
            if key not in item.entry.fields:
                continue
            after = field_text(out, path)
            fs = score_field(text, text if after is None else after, by_field[key])
            placeholders[(corpus, half(rid))] += len(fs.regions)
            wrong[(corpus, half(rid))] += sum(w for _, w in fs.regions)
            covered = [(r.start, r.end) for r, _ in fs.regions]
            for s, leak in fs.leaks:
                if s.category == "PERSON" and not s.structured:
                    items[(corpus, half(rid))] += 1
                    if leak:
                        letters = {i for i in range(s.start, s.end) if text[i].isalnum()
                                   and not any(a <= i < b for a, b in covered)}
                        leaks.append(Leak(rid, corpus, (key, s.start), letters))
            if text in seen:
                people = [(s.start, s.end) for s in by_field[key] if s.category == "PERSON"]
                texts.append(Text(rid, corpus, key, text, seen[text], covered, people))
    return texts, leaks, dict(items), {k: (n, wrong[k]) for k, n in placeholders.items()}


def rows_of(texts: list[Text]) -> list[Row]:
    """A row per candidate word of every text."""
    rows = []
    for t in texts:
        spans = person_score.candidates(t.text)
        for (a, b), x in zip(spans, person_score.features(t.text, spans, t.entities), strict=True):
            rows.append(Row(t.rid, t.corpus, x, any(a < e and s < b for s, e in t.people),
                            not any(a < e and s < b for s, e in t.covered), (t.key, a, b)))
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression, L2 penalty on the weights (not the bias), Newton's method."""
    a = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    reg = np.full(a.shape[1], PENALTY)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        grad = a.T @ (p - y) + reg * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def probabilities(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


def threshold(p: np.ndarray, rows: list[Row], placeholders: dict[str, tuple[int, int]],
              ceiling: float, precision: float) -> float:
    """The lowest cut at which the words the score adds (candidates the chain left) are at
    least `precision` people, and no corpus's share of wrong placeholders (the chain's plus one
    per added word on no person) goes over `ceiling`, or over the chain's own share where that
    is higher already; 1.0 (nothing added) when no cut qualifies. `p`, `rows`: the fitting
    half's candidates."""
    order = [i for i in np.argsort(-p, kind="stable") if rows[i].left]
    added: dict[str, list[int]] = {c: [0, 0] for c in placeholders}
    people, cut = 0, 1.0
    for n_added, i in enumerate(order, start=1):
        row = rows[i]
        n, wrong = placeholders[row.corpus]
        count = added[row.corpus]
        count[0] += 1
        count[1] += not row.person
        people += row.person
        if (wrong + count[1]) / (n + count[0]) > max(ceiling, wrong / max(n, 1)):
            break
        if row.person and people >= precision * n_added:
            cut = float(p[i])
    return cut


def half(rid: str) -> int:
    """Two halves of dev by record (a stable hash of the id)."""
    return int.from_bytes(rid.encode(), "little") % 7 % 2


def evaluate(rows: list[Row], leaks: list[Leak], fired: np.ndarray, items: dict[str, int],
             placeholders: dict[str, tuple[int, int]], recs: set[str]) -> None:
    """Per corpus on the records `recs`: prose PERSON leak before -> after, and wrong
    placeholders before -> after (one placeholder per word the score adds)."""
    cover: dict[tuple[str, str], set[int]] = defaultdict(set)
    added: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, on in zip(rows, fired, strict=True):
        if on and row.left and row.rid in recs:
            cover[(row.rid, row.span[0])].update(range(row.span[1], row.span[2]))
            added[row.corpus][0] += 1
            added[row.corpus][1] += not row.person
    for corpus in sorted(placeholders):
        mine = [lk for lk in leaks if lk.corpus == corpus and lk.rid in recs]
        after = len(mine) - sum(lk.letters <= cover[(lk.rid, lk.key[0])] for lk in mine)
        n, wrong = placeholders[corpus]
        plus, bad = added[corpus]
        print(f"  {corpus:6} prose PERSON leak {_share(len(mine), items.get(corpus, 0))} -> "
              f"{_share(after, items.get(corpus, 0))} | wrong placeholders "
              f"{_share(wrong, n)} -> {_share(wrong + bad, n + plus)} (+{plus} words, {bad} wrong)")


def _share(part: int, whole: int) -> str:
    return f"{part:3d}/{whole:<4d} {100 * part / max(whole, 1):5.1f}%"


def cross_validate(rows: list[Row], leaks: list[Leak], items: dict, placeholders: dict,
                   ceiling: float, precision: float) -> None:
    """Fit on one half of `rows`, choose the threshold there, score the other half; both
    ways."""
    x = np.array([r.x for r in rows])
    y = np.array([float(r.person) for r in rows])
    for k in (0, 1):
        train = np.array([half(r.rid) != k for r in rows])
        w, b = fit(x[train], y[train])
        cut = threshold(probabilities(x[train], w, b), [r for r, t in zip(rows, train, strict=True) if t],
                        {c: v for (c, h), v in placeholders.items() if h != k}, ceiling, precision)
        recs = {r.rid for r in rows if half(r.rid) == k} | {lk.rid for lk in leaks if half(lk.rid) == k}
        print(f"\nfit on half {1 - k}, threshold {cut:.3f}; scored on half {k} ({len(recs)} records):")
        evaluate(rows, leaks, probabilities(x, w, b) >= cut,
                 {c: n for (c, h), n in items.items() if h == k},
                 {c: v for (c, h), v in placeholders.items() if h == k}, recs)


def merged(placeholders: dict[tuple[str, int], tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Both halves' (placeholders, wrong) per corpus."""
    out: dict[str, tuple[int, int]] = {}
    for (corpus, _), (n, wrong) in placeholders.items():
        before = out.get(corpus, (0, 0))
        out[corpus] = (before[0] + n, before[1] + wrong)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ceiling", type=float, default=0.10,
                        help="most share of wrong placeholders per corpus the threshold allows")
    parser.add_argument("--precision", type=float, default=0.5,
                        help="least share of the words the score adds that must be people")
    parser.add_argument("--mail-ceiling", type=float, default=0.05,
                        help="most share of wrong placeholders on Enron the e-mail threshold allows")
    parser.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    args = parser.parse_args()
    texts, leaks, items, placeholders = chain_pass()
    rows = rows_of(texts)
    fitted = report(rows, leaks, items, placeholders, args.ceiling, args.precision)
    print("\ne-mail (Enron rows only):")
    mail = report([r for r in rows if r.corpus == MAIL], [lk for lk in leaks if lk.corpus == MAIL],
                  {k: v for k, v in items.items() if k[0] == MAIL},
                  {k: v for k, v in placeholders.items() if k[0] == MAIL}, args.mail_ceiling, 0.0)
    if args.write:
        OUT.write_text(json.dumps({
            "fitted_by": "benchmarks/pii_eval/fit_person_score.py",
            "features": list(person_score.FEATURES), **fitted, "mail": mail,
        }, indent=1) + "\n")
        print(f"wrote {OUT}")


def report(rows: list[Row], leaks: list[Leak], items: dict, placeholders: dict, ceiling: float,
           precision: float) -> dict:
    """Cross-validated figures, then the fit on all `rows`: its weights, bias and threshold."""
    x = np.array([r.x for r in rows])
    y = np.array([float(r.person) for r in rows])
    left = np.array([r.left for r in rows])
    print(f"{len(rows)} candidate words ({int(y.sum())} on a PERSON item); the chain left "
          f"{int(left.sum())} ({int(y[left].sum())} on a PERSON item); {len(leaks)} prose PERSON "
          f"items leaked")
    cross_validate(rows, leaks, items, placeholders, ceiling, precision)
    w, b = fit(x, y)
    cut = threshold(probabilities(x, w, b), rows, merged(placeholders), ceiling, precision)
    print(f"\nall rows: threshold {cut:.3f}")
    for name, weight in sorted(zip(person_score.FEATURES, w, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:16} {weight:+.2f}")
    print(f"  {'bias':16} {b:+.2f}")
    return {"weights": [round(float(v), 4) for v in w], "bias": round(b, 4),
            "threshold": round(cut, 4)}


if __name__ == "__main__":
    main()
