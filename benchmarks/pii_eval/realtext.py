"""Part (e) of bench_pii: the redact stage on the real-text set, scored black-box.

Records are re-ingested from the corpora (`evalset.resolve`), redacted by the real `redact`
stage (default config, or the `stages.redact` section of a config file), and every string
field is scored with `score.score_field`. A stage that surveys (`roster: auto`) first reads
every record of the whole source the records come from, as a run over that folder would.
Tables: per corpus (prose and structured positions apart), per corpus and category, and the
entities that wrong placeholders claimed.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from benchmarks.pii_eval.evalset import (
    SPLITS,
    Resolved,
    field_text,
    fkey,
    load,
    resolve,
    string_fields,
)
from benchmarks.pii_eval.score import FieldScore, Tally, rate, score_field
from benchmarks.pii_eval.sources import ingest_source
from curate.config import CurateConfig, load_config
from curate.engine.base import apply_stage
from curate.record import Record
from curate.registries import STAGES
from curate.stages.base import StageContext

PROSE = ("instruction", "input", "output", "turns")


def redact(records: list[Record], config: Path | None, batch: int = 32,
           survey: Iterable[Record] = ()) -> list[Record]:
    """Copies of `records` after the real redact stage (kept and rejected alike); a stage
    that surveys (`Stage.survey`) reads `survey` first (read only then)."""
    cfg = load_config(config, need_sources=False) if config else CurateConfig()
    stage = STAGES.load("redact")(cfg.stage_config("redact"), StageContext.of(cfg))
    if stage.surveys():
        stage.survey(survey)
    out: list[Record] = []
    for i in range(0, len(records), batch):
        result = apply_stage(stage, [copy.deepcopy(r) for r in records[i : i + batch]])
        out += result.kept + result.rejected
    by_id = {r.id: r for r in out}
    return [by_id[r.id] for r in records]


def score_record(item: Resolved, redacted: Record) -> list[tuple[str, str, FieldScore]]:
    """(position, original text, score) of every string field; position is 'prose' or
    'structured' by where the field lives."""
    spans: dict[str, list] = defaultdict(list)
    for s in item.spans:
        spans[fkey(s.field)].append(s)
    out = []
    for path, text in string_fields(item.record):
        if fkey(path) not in item.entry.fields:
            continue  # no labels for it: neither leaks nor wrong placeholders can be told
        after = field_text(redacted, path)
        position = "prose" if str(path[0]) in PROSE else "structured"
        out.append((position, text, score_field(text, text if after is None else after,
                                                spans[fkey(path)])))
    return out


class Report:
    """Tallies of one split, printed as tables."""

    def __init__(self, split: str, show: bool = False) -> None:
        self.split = split
        self.show = show
        self.shown: dict[str, Counter[str]] = defaultdict(Counter)
        self.corpus: dict[tuple[str, str], Tally] = defaultdict(Tally)
        self.category: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
        self.claimed: dict[str, Counter[str]] = defaultdict(Counter)
        self.records: Counter[str] = Counter()
        self.withheld: Counter[str] = Counter()  # records rejected: their text is not released
        self.withheld_items: Counter[str] = Counter()
        self.leaky: Counter[tuple[str, str]] = Counter()  # records with a leak, per position
        self.drifted: Counter[str] = Counter()
        self.fallback = 0
        self.drift = Counter[str]()

    def add(self, item: Resolved, redacted: Record) -> None:
        corpus = item.entry.corpus
        self.records[corpus] += 1
        self.drift.update(moved=item.moved, changed=item.changed, unknown=item.unknown)
        if redacted.rejected is not None:
            # withheld (`rejected.jsonl` keeps counts, never text): a cost, not a leak
            self.withheld[corpus] += 1
            self.withheld_items[corpus] += len(item.spans)
            return
        leaky: set[str] = set()
        for position, text, fs in score_record(item, redacted):
            self.fallback += not fs.anchored
            if self.show:
                self.shown["leaked"].update(f"{corpus} {s.category}: {text[s.start:s.end]!r}"
                                            for s, leak in fs.leaks if leak)
                self.shown["wrong"].update(f"{corpus} {r.entity}: {text[r.start:r.end]!r}"
                                           for r, wrong in fs.regions if wrong)
            for span, leak in fs.leaks:
                where = "structured" if span.structured else "prose"
                if leak:
                    leaky.add(where)
                for table, key in ((self.corpus, (corpus, where)),
                                   (self.category, (corpus, span.category, where))):
                    table[key].items += 1
                    table[key].leaked += leak
            for region, wrong in fs.regions:
                tally = self.corpus[(corpus, position)]
                tally.placeholders += 1
                tally.wrong += wrong
                self.claimed[corpus][region.entity] += wrong
        self.leaky.update((corpus, where) for where in leaky)

    def print(self) -> None:
        corpora = sorted(set(self.records) | set(self.drifted))
        print(f"\n[{self.split}] per corpus: leak = personal items with a letter/digit left; "
              f"wrong = placeholders touching no personal item; withheld = records rejected "
              f"(their items, not released, are outside the leak and wrong columns)")
        print(f"{'corpus':8} {'recs':>5} {'drift':>5} {'withheld':>14} | {'prose items':>11} "
              f"{'leak':>6} | {'struct items':>12} {'leak':>6} | {'placeholders':>12} "
              f"{'wrong':>6} {'share':>6}")
        total = {"prose": Tally(), "structured": Tally()}
        for corpus in [*corpora, "ALL"]:
            if corpus == "ALL":
                rows = total
                recs, drift, rej, rej_items = (sum(c.values()) for c in
                                               (self.records, self.drifted, self.withheld,
                                                self.withheld_items))
            else:
                rows = {p: self.corpus[(corpus, p)] for p in total}
                recs, drift, rej, rej_items = (self.records[corpus], self.drifted[corpus],
                                               self.withheld[corpus], self.withheld_items[corpus])
                for p in total:
                    total[p].add(rows[p])
            prose, struct = rows["prose"], rows["structured"]
            placeholders = prose.placeholders + struct.placeholders
            wrong = prose.wrong + struct.wrong
            withheld = f"{rej} ({rej_items} items)"
            print(f"{corpus:8} {recs:5d} {drift:5d} {withheld:>14} | {prose.items:11d} "
                  f"{rate(prose.leaked, prose.items):>6} | {struct.items:12d} "
                  f"{rate(struct.leaked, struct.items):>6} | {placeholders:12d} {wrong:6d} "
                  f"{rate(wrong, placeholders):>6}")
        print(f"\n[{self.split}] records released with a leak (leaks cluster: one record's list of "
              f"names is many items)")
        for corpus in corpora:
            released = self.records[corpus] - self.withheld[corpus]
            print(f"  {corpus:8} prose {self.leaky[(corpus, 'prose')]} of {released}, "
                  f"structured {self.leaky[(corpus, 'structured')]} of {released}")
        print(f"\n[{self.split}] per corpus, category and position: items, leaked, leak rate")
        for (corpus, category, where), t in sorted(self.category.items()):
            print(f"  {corpus:8} {category:12} {where:10} {t.items:5d} {t.leaked:5d} "
                  f"{rate(t.leaked, t.items):>6}")
        print(f"\n[{self.split}] wrong placeholders by the entity they claimed")
        for corpus, counts in sorted(self.claimed.items()):
            shown = ", ".join(f"{e} {n}" for e, n in counts.most_common() if n)
            print(f"  {corpus:8} {shown or '-'}")
        if self.fallback:
            print(f"  ({self.fallback} fields aligned by SequenceMatcher, not anchored)")
        if any(self.drift.values()):
            print(f"  ingest output moved since labelling: {self.drift['moved']} spans "
                  f"re-anchored, {self.drift['changed']} labelled fields changed, "
                  f"{self.drift['unknown']} new fields not scored (no labels)")
        for what, counts in sorted(self.shown.items()):
            print(f"\n[{self.split}] most frequent {what} (corpus text, for tuning on dev only)")
            for value, n in counts.most_common(40):
                print(f"  {n:4d}  {value}")


def real_text(corpora: Path, config: Path | None, splits: tuple[str, ...] = SPLITS,
              show_dev: bool = False) -> None:
    """Ingest once, redact once, then one report per split; `show_dev` also prints the dev
    split's leaked items and wrongly replaced text (the test split's never)."""
    reports = {split: Report(split, show_dev and split == "dev") for split in splits}
    resolution = resolve([e for split in splits for e in load(split)], corpora)
    for entry, why in resolution.drifted:
        reports[entry.split].drifted[entry.corpus] += 1
        print(f"  drifted: {entry.rid} ({why})")
    by_source: dict[str, list[Resolved]] = defaultdict(list)
    for item in resolution.records:
        by_source[item.entry.source].append(item)
    for source, items in sorted(by_source.items()):
        redacted = redact([item.record for item in items], config,
                          survey=ingest_source(corpora, source))
        for item, record in zip(items, redacted, strict=True):
            reports[item.entry.split].add(item, record)
    for report in reports.values():
        report.print()
