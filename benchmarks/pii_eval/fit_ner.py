"""Update spaCy's `ner` (the one component curate runs) on the dev labels, judged out-of-fold.

Training examples are the prose slots (`curate.pii.fields`, kind `text`) of dev records: the
gold entities are the labelled PERSON items; the original model's other entities (ORG, GPE,
DATE ...) stay where they touch no PERSON item, and its PERSON findings stay only where they
touch some labelled item (a handle, a user name): a PERSON on no label is a lesson in
precision (roles, terms, products), so those tokens are `O`. A gold span that does not fall
on token edges (`jroe` glued in `assigneejroe`) is left unknown (`-`), not taught. Mixed in:
pseudo-rehearsal texts, the synthetic `sample_data/` records annotated by the original model,
so it does not forget what it knew. Only the token embeddings are frozen (the hash tables:
two thirds of the weights); the encoder and the transition layers learn. Seeded, one BLAS
thread, numpy ops: the same weights each run.

Judged out-of-fold only: dev is cut into `--folds` groups by thread / contract / issue (as
`sample.py` groups, a CUAD contract's TXT and PDF together); for each fold the model is trained
on the others and the *whole redact chain* scores the held-out fold with it, and with the
original model, once per `--trust` mode (`curate.pii.corroborate.NER_TRUST`: how far the
model's PERSON counts without other backing). The table pools the folds per corpus, model and
mode (prose leak, structured leak, wrong placeholders, withheld records), then the model's own
PERSON figures (items wholly covered, spans on no labelled item). `--hold-draw NAME[,NAME]`
instead trains on all dev but fresh draws and scores those. `--weights DIR` keeps each
training's weights (keyed by its records and settings) for reruns. Only dev is read, never
test or holdout. Sessions 11 and 12 found no setting worth shipping (benchmarks/README.md,
PII, "NER update"), so nothing is written.

    CURATE_CORPORA=../shared/corpora PYTHONPATH=. python -m benchmarks.pii_eval.fit_ner
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from benchmarks.pii_eval.evalset import Resolved, Span, fkey, load, resolve
from benchmarks.pii_eval.realtext import Report, redact, score_record
from benchmarks.pii_eval.sample import contract, group
from benchmarks.pii_eval.score import rate
from benchmarks.pii_eval.sources import SOURCES
from curate.pii import corroborate
from curate.pii.engine import analyzer, slim_model
from curate.pii.fields import record_slots
from curate.pii.genre import spaced
from curate.record import Record

ROOT = Path(__file__).resolve().parents[2]
SEED = 11
FIELDS = ["instruction", "input", "output", "turns", "meta"]
Labelled = tuple[str, list[tuple[int, int, str]]]  # a text and its labelled items (start, end, category)


def prose(record: Record) -> Iterable[tuple[str, str]]:
    """(field key, text as NER reads it) of every prose slot of a record."""
    for slot in record_slots(record, FIELDS):
        if slot.kind == "text":
            yield fkey(slot.path), spaced(slot.text)


def labelled(item: Resolved) -> list[Labelled]:
    """The record's prose slots with their labelled items."""
    by_field: dict[str, list[tuple[int, int, str]]] = {}
    for s in item.spans:
        by_field.setdefault(fkey(s.field), []).append((s.start, s.end, s.category))
    return [(text, by_field.get(key, [])) for key, text in prose(item.record)
            if key in item.entry.fields]


def fold_of(item: Resolved, folds: int) -> int:
    """A stable fold per group: an Enron thread, a CUAD contract (both formats), an issue."""
    source = item.entry.source
    key = (contract(item.record) if SOURCES[source][0] == "cuad"
           else group(source, item.record))
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def rehearsal(count: int) -> list[str]:
    """A seeded sample of `count` prose texts of the synthetic sample data's records."""
    from curate.accounting import Accounting
    from curate.config import load_config
    from curate.pipeline import ingest

    config = load_config(ROOT / "sample_data" / "curate.yaml")
    texts = sorted({text for part in ingest(config, Accounting(), lambda record: None)
                    for line in part.split("\n") if line
                    for _, text in prose(Record.from_json(line))})
    return random.Random(SEED).sample(texts, min(count, len(texts)))


def gold_entities(doc, items: list[tuple[int, int, str]]) -> list[str]:
    """BILUO tags: labelled PERSON items, the original's entities as the module doc says."""
    from spacy.training import offsets_to_biluo_tags

    people = [(a, b) for a, b, category in items if category == "PERSON"]
    kept = [(e.start_char, e.end_char, e.label_) for e in doc.ents
            if not any(a < e.end_char and e.start_char < b for a, b in people)
            and (e.label_ != "PERSON"
                 or any(a < e.end_char and e.start_char < b for a, b, _ in items))]
    chosen: list[tuple[int, int, str]] = []
    for a, b, label in sorted([(a, b, "PERSON") for a, b in people] + kept,
                              key=lambda e: (e[0], -(e[1] - e[0]))):
        if not chosen or a >= chosen[-1][1]:
            chosen.append((a, b, label))
    # tokens outside every entity are `O`; those a span only partly covers stay `-`
    return offsets_to_biluo_tags(doc, chosen)


def examples(nlp, texts: list[Labelled]) -> list:
    """spaCy Examples: each text, its reference entities from `gold_entities`."""
    from spacy.training import Example

    out = []
    for (text, items), doc in zip(texts, nlp.pipe([t for t, _ in texts], batch_size=32),
                                  strict=True):
        tags = gold_entities(doc, items)
        out.append(Example.from_dict(nlp.make_doc(text), {"entities": tags}))
    return out


def train(examples_: list, epochs: int, learn_rate: float, drop: float) -> bytes:
    """The `ner` weights after `epochs` passes over `examples_` (seeded), as bytes."""
    import numpy
    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam

    fix_random_seed(SEED)
    nlp = slim_model()
    ner = nlp.get_pipe("ner")
    optimizer = Adam(learn_rate)
    rng = random.Random(SEED)
    order = list(examples_)
    for epoch in range(epochs):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        start = time.process_time()
        for batch in minibatch(order, size=8):
            nlp.update(batch, drop=drop, sgd=False, losses=losses)
            for node in ner.model.walk():
                for name in node.param_names:
                    if not node.has_grad(name):
                        continue
                    if node.name != "hashembed":
                        param, _ = optimizer((node.id, name), node.get_param(name),
                                                node.get_grad(name))
                        node.set_param(name, param)
                    node.set_grad(name, numpy.zeros_like(node.get_grad(name)))
            optimizer.step_schedules()
        print(f"  epoch {epoch + 1}: loss {losses.get('ner', 0.0):.1f}, "
              f"{time.process_time() - start:.0f} CPU-s", flush=True)
    return ner.to_bytes(exclude=["vocab"])


def trained(args: argparse.Namespace, rids: list[str], train_set: Callable[[], list]) -> bytes:
    """`train`'s weights on `train_set()` (built only if they are not kept), kept in (and read
    back from) `args.weights` if given."""
    settings = f"{sorted(rids)} {args.epochs} {args.learn_rate} {args.drop} {args.rehearse}"
    path = (args.weights / f"ner-{hashlib.sha256(settings.encode()).hexdigest()[:16]}.bin"
            if args.weights else None)
    if path and path.exists():
        print(f"  weights from {path}", flush=True)
        return path.read_bytes()
    weights = train(train_set(), args.epochs, args.learn_rate, args.drop)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(weights)
    return weights


def ner_alone(nlp, texts: list[Labelled], corpora: list[str], tally: dict) -> None:
    """Add to `tally[corpus]` the model's own PERSON figures on `texts`: labelled PERSON items,
    those it covers wholly, its PERSON spans, and those touching no labelled item."""
    docs = nlp.pipe([t for t, _ in texts], batch_size=32)
    for (_, items), corpus, doc in zip(texts, corpora, docs, strict=True):
        found = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        people = [(a, b) for a, b, category in items if category == "PERSON"]
        row = tally.setdefault(corpus, [0, 0, 0, 0])
        row[0] += len(people)
        row[1] += sum(any(s <= a and b <= e for s, e in found) for a, b in people)
        row[2] += len(found)
        row[3] += sum(not any(a < e and s < b for a, b, _ in items) for s, e in found)


def print_alone(name: str, tally: dict) -> None:
    print(f"\n[{name}] NER alone, PERSON: items covered wholly; spans on no labelled item")
    for corpus, (items, covered, spans, wrong) in sorted(tally.items()):
        print(f"  {corpus:8} {covered:4d}/{items:<4d} {100 * covered / max(items, 1):5.1f}% | "
              f"{wrong:4d}/{spans:<4d} {100 * wrong / max(spans, 1):5.1f}% wrong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--learn-rate", type=float, default=0.0005)
    parser.add_argument("--drop", type=float, default=0.1)
    parser.add_argument("--rehearse", type=int, default=300,
                        help="synthetic texts the original model annotates, mixed in")
    parser.add_argument("--only-folds", default="", help="comma-separated folds to score")
    parser.add_argument("--trust", type=trust_modes, default=["none"],
                        help="comma-separated `corroborate.NER_TRUST` modes to run the chain "
                             f"with, each with both models (of {', '.join(corroborate.NER_TRUSTS)}"
                             "); the first is the one whose leaks are followed")
    parser.add_argument("--train-only", action="store_true",
                        help="only train (and keep, with --weights) the wanted folds' weights")
    parser.add_argument("--full", action="store_true", help="also print every report's tables")
    parser.add_argument("--weights", type=Path, default=None,
                        help="folder keeping each fold's trained weights (keyed by the training "
                             "records and settings): a rerun loads them instead of training")
    parser.add_argument("--hold-draw", default="",
                        help="instead of folds: hold out the dev records of draws NAME[,NAME] "
                             "(`SOURCE-NAME-NNN`, labelled after the rules were tuned), train "
                             "on the rest")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    # spaCy's notice of each label off token edges quotes the text: corpus text stays unprinted
    warnings.filterwarnings("ignore", message=r"\[W030\]")
    nlp = slim_model()
    items = resolve(load("dev"), Path(os.environ["CURATE_CORPORA"])).records
    if args.hold_draw:
        folds = [int(any(f"-{draw}-" in item.entry.rid for draw in args.hold_draw.split(",")))
                 for item in items]
        args.folds, args.only_folds = 2, "1"
    else:
        folds = [fold_of(item, args.folds) for item in items]
    texts = [labelled(item) for item in items]
    print(f"{len(items)} dev records, {sum(map(len, texts))} prose texts "
          f"({sum(len(t) for ts in texts for t, _ in ts)} chars); "
          f"fold sizes {[folds.count(k) for k in range(args.folds)]}", flush=True)
    gold: list[list] = []  # the training examples, built when a training needs them

    def train_set(chosen: list[int]) -> Callable[[], list]:
        def build() -> list:
            if not gold:
                gold.append(examples(nlp, [(t, []) for t in rehearsal(args.rehearse)]))
                gold.extend(examples(nlp, ts) for ts in texts)
            print(f"  training on {sum(len(gold[i + 1]) for i in chosen)} texts and "
                  f"{len(gold[0])} rehearsal texts", flush=True)
            return [e for i in chosen for e in gold[i + 1]] + gold[0]
        return build

    engine_ner_nlp = analyzer().nlp_engine.get_nlp("en")
    engine_ner = engine_ner_nlp.get_pipe("ner")
    base = nlp.get_pipe("ner").to_bytes(exclude=["vocab"])
    models = ("original", "updated")
    reports = {(name, trust): Report(f"dev, {name} NER, trust {trust}")
               for name in models for trust in args.trust}
    alone: dict[str, dict] = {name: {} for name in models}
    leaked: list[tuple[str, str, Span]] = []  # (corpus, text, item) the original chain left
    covered: dict[str, list[bool]] = {name: [] for name in models}
    done = 0
    wanted = ([int(k) for k in args.only_folds.split(",")] if args.only_folds
              else range(args.folds))
    for k in wanted:
        held = [i for i, f in enumerate(folds) if f == k]
        rest = [i for i, f in enumerate(folds) if f != k]
        print(f"fold {k}: {len(held)} held-out records", flush=True)
        weights = trained(args, [items[i].entry.rid for i in rest], train_set(rest))
        if args.train_only:
            continue
        records = [items[i].record for i in held]
        for name, state in zip(models, (base, weights), strict=True):
            engine_ner.from_bytes(state, exclude=["vocab"])
            for i in held:
                ner_alone(engine_ner_nlp, texts[i], [items[i].entry.corpus] * len(texts[i]),
                          alone[name])
            for trust in args.trust:
                corroborate.NER_TRUST = trust
                start = time.process_time()
                for i, out in zip(held, redact(records, None), strict=True):
                    reports[(name, trust)].add(items[i], out)
                    if (name, trust) == ("original", "none") and out.rejected is None:
                        leaked += [(items[i].entry.corpus, spaced(text), s)
                                   for _, text, fs in score_record(items[i], out)
                                   for s, leak in fs.leaks
                                   if leak and not s.structured and s.category == "PERSON"]
                print(f"  redacted fold {k}, {name} NER, trust {trust} in "
                      f"{time.process_time() - start:.0f} CPU-s", flush=True)
            covered[name] += [any(e.label_ == "PERSON" and e.start_char <= s.start
                                  and s.end <= e.end_char for e in doc.ents)
                              for doc, (_, _, s) in zip(
                                  engine_ner_nlp.pipe([t for _, t, _ in leaked[done:]]),
                                  leaked[done:], strict=True)]
        done = len(leaked)
    corroborate.NER_TRUST = "none"
    print("\nprose PERSON items the original chain leaked, and how many each model finds wholly:")
    for corpus in sorted({c for c, _, _ in leaked}):
        mine = [i for i, (c, _, _) in enumerate(leaked) if c == corpus]
        print(f"  {corpus:8} {len(mine):4d} leaked; original NER finds "
              f"{sum(covered['original'][i] for i in mine)}, updated "
              f"{sum(covered['updated'][i] for i in mine)}")
    if args.full:
        for report in reports.values():
            report.print()
    compare(reports)
    for name, tally in alone.items():
        print_alone(name, tally)


def trust_modes(value: str) -> list[str]:
    """`--trust`'s comma-separated modes, each one of `corroborate.NER_TRUSTS` (an unknown
    one would run the chain as `none` under another name)."""
    modes = value.split(",")
    unknown = [mode for mode in modes if mode not in corroborate.NER_TRUSTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown mode {', '.join(unknown)}: use "
                                         f"{', '.join(corroborate.NER_TRUSTS)}")
    return modes


def compare(reports: dict[tuple[str, str], Report]) -> None:
    """One row per corpus and (model, trust): prose leak, structured leak, wrong placeholders,
    withheld records (benchmarks/README.md › PII, "NER update")."""
    print("\nthe whole chain per model and trust (`curate.pii.corroborate.NER_TRUST`): prose "
          "leak | structured leak | wrong placeholders | withheld records")
    corpora = sorted({c for r in reports.values() for c in r.records})
    for corpus in corpora:
        for (name, trust), report in reports.items():
            prose, struct = (report.corpus[(corpus, p)] for p in ("prose", "structured"))
            wrong = prose.wrong + struct.wrong
            placeholders = prose.placeholders + struct.placeholders
            print(f"  {corpus:8} {name:8} {trust:7} {prose.leaked:4d}/{prose.items:<4d} "
                  f"{rate(prose.leaked, prose.items):>6} | {struct.leaked:3d}/{struct.items:<4d} | "
                  f"{wrong:4d}/{placeholders:<5d} {rate(wrong, placeholders):>6} | "
                  f"{report.withheld[corpus]}")


if __name__ == "__main__":
    main()
