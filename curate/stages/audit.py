"""Bias and representation audit: annotates and reports, never rejects.

Each task is judged on its own: its labels, and only the attributes whose value varies
within it (tasks of a mixed config differ in labels and sources by design).
Checks: label balance, group representation against expected shares,
label-by-group disparity (largest rate gap and four-fifths ratio, with a
two-proportion z guard so small groups are not over-read), and text signals
(gendered terms and honorifics by label, identity terms by label, refusals and
apologies in outputs, profanity). Every finding is
`{"task", "check", "where", "numbers", "severity", "detail"}`; the gate reads severities.
"""

from __future__ import annotations

import math
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from curate.record import Record
from curate.stages import audit_terms as terms
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.key_tables import in_any, key_set, tables_folder

Severity = Literal["info", "low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("info", "low", "medium", "high")
Levels = tuple[float, float, float]
BUSINESS_WORDS = ("crap", "damn", "hell", "kill", "screw", "stupid", "sucks", "xxx")


class SeverityLevels(BaseModel):
    """Values at or above which a finding is low / medium / high."""

    model_config = ConfigDict(extra="forbid")

    representation: Levels = (0.05, 0.10, 0.20)
    disparity: Levels = (0.05, 0.10, 0.20)
    refusal: Levels = (0.02, 0.10, 0.25)
    profanity: Levels = (0.002, 0.01, 0.05)

    @field_validator("*")
    @classmethod
    def _ascending(cls, value: Levels) -> Levels:
        if not value[0] <= value[1] <= value[2]:
            raise ValueError("levels must be ascending: [low, medium, high]")
        return value


class AuditConfig(StageConfig):
    """What to audit and where the severity lines are."""

    attributes: list[str] = Field(default_factory=lambda: ["source.kind"])
    expected: dict[str, dict[str, float]] = Field(default_factory=dict)
    min_class_count: int = Field(20, ge=1)
    max_imbalance_ratio: float = Field(10.0, ge=1)
    four_fifths: float = Field(0.8, gt=0, le=1)
    min_group_size: int = Field(30, ge=1)
    min_z: float = Field(3.0, ge=0)
    profanity_allow: list[str] = Field(default_factory=lambda: list(BUSINESS_WORDS))
    levels: SeverityLevels = Field(default_factory=SeverityLevels)


@dataclass
class Counts:
    """What the audit needs of a partition: counts only, summed over partitions."""

    records: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    groups: dict[str, Counter[str]] = field(default_factory=dict)
    group_labels: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    signals: Counter[str] = field(default_factory=Counter)
    marks: dict[str, Counter[str]] = field(default_factory=dict)  # term kind -> label -> hits

    def add(self, other: Counts) -> Counts:
        self.records += other.records
        self.labels.update(other.labels)
        self.signals.update(other.signals)
        for mine, theirs in ((self.groups, other.groups), (self.group_labels, other.group_labels),
                             (self.marks, other.marks)):
            for key, counter in theirs.items():
                mine.setdefault(key, Counter()).update(counter)
        return self


MARKS = (("female", terms.FEMALE), ("male", terms.MALE), ("honorific", terms.HONORIFICS),
         ("identity", terms.IDENTITY))


def text_signals(record: Record, profanity: terms.Profanity) -> set[str]:
    """The record's text signals: refusal/apology/profanity flags and term marks."""
    words_in, words_out = terms.tokens(record.input), terms.tokens(record.output)
    output = record.output.lower()
    found = set()
    if record.output:
        found.add("output")
    if terms.REFUSAL.search(output):
        found.add("refusal")
    if terms.APOLOGY.search(output):
        found.add("apology")
    if profanity.found_in(words_out):
        found.add("profanity_output")
    if profanity.found_in(words_in):
        found.add("profanity_input")
    words = set(words_in).union(words_out)
    found.update(key for key, vocab in MARKS if not vocab.isdisjoint(words))
    return found


ByTask = dict[str, Counts]


def count(config: AuditConfig, records: list[Record],
          signals: list[set[str]] | None = None) -> ByTask:
    """Map: one partition's counts per task (from `signals`, the records' text signals,
    when given)."""
    if signals is None:
        profanity = _profanity(config)
        signals = [text_signals(record, profanity) for record in records]
    by_task: ByTask = {}
    for record, found in zip(records, signals, strict=True):
        counts = by_task.setdefault(record.task, Counts())
        counts.records += 1
        counts.signals.update(found)
        for attribute in config.attributes:
            group = _attribute(record, attribute)
            counts.groups.setdefault(attribute, Counter())[group] += 1
            if record.label is not None:
                counts.group_labels.setdefault(attribute, Counter())[(group, record.label)] += 1
        if record.label is not None:
            counts.labels[record.label] += 1
            for key, _ in MARKS:
                counts.marks.setdefault(key, Counter())[record.label] += key in found
    return by_task


def merge(into: ByTask, part: ByTask) -> ByTask:
    """Reduce: add one partition's per-task counts to `into`."""
    for task, counts in part.items():
        into.setdefault(task, Counts()).add(counts)
    return into


NOTED = ("refusal", "profanity_output")


@dataclass
class Notes:
    """Each signal noted on records (`NOTED`) -> the `key_set` tables of their ids: files on
    the shared disk, so the client holds no id. `temporary` keeps a temporary folder of them
    alive as long as the decision (None: in the run's work folder)."""

    tables: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in NOTED})
    temporary: tempfile.TemporaryDirectory[str] | None = None


def survey(config: AuditConfig, records: list[Record]) -> list[tuple[int, Any]]:
    """Emit: one partition's counts per task (one row, key 0) and a row per record with a
    signal to note, keyed by its id; each record's text signals computed once."""
    profanity = _profanity(config)
    signals = [text_signals(record, profanity) for record in records]
    rows: list[tuple[int, Any]] = [(0, count(config, records, signals))]
    rows += [(zlib.crc32(record.id.encode()), (record.id, noted))
             for record, found in zip(records, signals, strict=True)
             if (noted := [s for s in NOTED if s in found])]
    return rows


def gather(folder: str, rows: list[tuple[int, Any]]) -> list[tuple[ByTask, dict[str, list[str]]]]:
    """Reduce: the counts of its rows summed, and the ids noted with each signal written as
    one table per signal under `folder`."""
    by_task: ByTask = {}
    ids: dict[str, list[str]] = {signal: [] for signal in NOTED}
    for _, row in rows:
        if isinstance(row, dict):
            merge(by_task, row)
        else:
            for signal in row[1]:
                ids[signal].append(row[0])
    return [(by_task, {signal: key_set(folder, found) for signal, found in ids.items()})]


def _profanity(config: AuditConfig) -> terms.Profanity:
    return terms.profanity(frozenset(w.lower() for w in config.profanity_allow))


class AuditStage(PhasedStage):
    """Fills `self.findings["findings"]` and notes text signals on records.

    Runs as distributed passes: a shuffle whose reduce tasks sum the partitions' counts and
    write the ids of the records with signals to note as tables (each record's text read
    once), the client grades the counts, each partition notes its records from the tables."""

    name = "audit"
    Config = AuditConfig
    config: AuditConfig
    provides = ("audit.signals",)

    def decide(self, scan: Scan) -> Notes:
        folder, temporary = tables_folder(scan, "audit")
        by_task: ByTask = {}
        notes = Notes(temporary=temporary)
        for counts, tables in grouped(scan, partial(survey, self.config), partial(gather, folder)):
            merge(by_task, counts)
            for signal, stems in tables.items():
                notes.tables[signal] += stems
        self.findings = self._grade(by_task)
        return notes

    def apply(self, records: list[Record], decision: Notes) -> list[Record]:
        """Note each record's refusal and output-profanity signals in `annotations["audit"]`."""
        ids = [record.id for record in records]
        found = {signal: in_any(decision.tables[signal], ids) for signal in NOTED}
        for at, record in enumerate(records):
            if noted := [signal for signal in NOTED if found[signal][at]]:
                record.annotations["audit"] = {"signals": noted}
        return records

    def _grade(self, by_task: ByTask) -> dict[str, Any]:
        """The report section: every finding (each names its task), worst first, the count
        per severity, and per task the attributes judged (those that vary within it)."""
        found: list[dict[str, Any]] = []
        tasks: dict[str, Any] = {}
        for task in sorted(by_task):
            counts = by_task[task]
            varying = [a for a in self.config.attributes
                       if len(counts.groups.get(a, Counter())) >= 2]
            tasks[task] = {"records": counts.records, "attributes": varying}
            found += [{"task": task, **f} for f in self._task_findings(counts, varying)]
        found.sort(key=lambda f: (-SEVERITIES.index(f["severity"]), f["check"], f["task"],
                                  f["where"]))
        severities = Counter(f["severity"] for f in found)
        return {
            "records": sum(c.records for c in by_task.values()),
            "tasks": tasks,
            "severity_counts": {s: severities[s] for s in SEVERITIES},
            "findings": found,
        }

    def _task_findings(self, counts: Counts, attributes: list[str]) -> list[dict[str, Any]]:
        """One task judged on its own labels, and on the attributes that vary within it (a
        mixed config's tasks differ in labels and sources; comparing them says nothing)."""
        found = self._balance(counts.labels)
        for attribute in attributes:
            found += self._representation(attribute, counts.groups[attribute])
            found += self._label_disparity(attribute,
                                           counts.group_labels.get(attribute, Counter()))
        return found + self._text_signals(counts)

    def _balance(self, counts: Counter[str]) -> list[dict[str, Any]]:
        if len(counts) < 2:
            return []
        total = sum(counts.values())
        top, bottom = max(counts.values()), min(counts.values())
        ratio = top / bottom
        cap = self.config.max_imbalance_ratio
        shares = {k: round(v / total, 4) for k, v in sorted(counts.items())}
        found = [_finding(
            "label_balance", "label",
            {"classes": len(counts), "imbalance_ratio": round(ratio, 2), "shares": shares},
            _grade(ratio, (cap / 3, cap, cap * 5)),
            f"largest class has {top} examples, smallest {bottom} (limit ratio {cap:g})",
        )]
        few = {k: v for k, v in sorted(counts.items()) if v < self.config.min_class_count}
        if few:
            least = self.config.min_class_count
            found.append(_finding(
                "rare_classes", "label", {"classes": few, "min_class_count": least},
                "medium", f"{len(few)} class(es) under {least} examples",
            ))
        return found

    def _representation(self, attribute: str, counts: Counter[str]) -> list[dict[str, Any]]:
        total = sum(counts.values())
        shares = {g: round(n / total, 4) for g, n in sorted(counts.items())} if total else {}
        expected = self.config.expected.get(attribute)
        if not expected:
            small = sorted(g for g, n in counts.items() if n < self.config.min_group_size)
            numbers = {"shares": shares, "counts": dict(sorted(counts.items())),
                       "small_groups": small}
            return [_finding(
                "representation", attribute, numbers, "info",
                f"{len(counts)} group(s); no expected shares configured",
            )]
        gaps = {g: round(shares.get(g, 0.0) - want, 4) for g, want in sorted(expected.items())}
        worst = max(gaps, key=lambda g: (abs(gaps[g]), g))
        return [_finding(
            "representation", attribute,
            {"shares": shares, "expected": dict(sorted(expected.items())), "gaps": gaps},
            _grade(abs(gaps[worst]), self.config.levels.representation),
            f"group {worst!r} is {shares.get(worst, 0.0):.1%} of records, "
            f"expected {expected[worst]:.1%}",
        )]

    def _label_disparity(
        self, attribute: str, pairs: Counter[tuple[str, str]]
    ) -> list[dict[str, Any]]:
        size: Counter[str] = Counter()
        for (group, _), n in pairs.items():
            size[group] += n
        best: tuple[float, dict[str, Any]] | None = None
        for label in sorted({label for _, label in pairs}):
            yes = Counter({g: n for (g, lab), n in pairs.items() if lab == label})
            gap = self._gap(size, yes)
            if gap and (best is None or gap["difference"] > best[0]):
                best = (gap["difference"], {"label": label, **gap})
        if best is None:
            return []
        n = best[1]
        return [_finding(
            "label_disparity", attribute, n, self._disparity_severity(n),
            f"label {n['label']!r}: rate {n['high_rate']:.1%} in {n['high_group']!r} "
            f"vs {n['low_rate']:.1%} in {n['low_group']!r} (four-fifths ratio {n['ratio']:.2f})",
        )]

    def _text_signals(self, counts: Counts) -> list[dict[str, Any]]:
        signals, levels = counts.signals, self.config.levels
        outputs, refusals, apologies = signals["output"], signals["refusal"], signals["apology"]
        swearing_out, swearing_in = signals["profanity_output"], signals["profanity_input"]
        n_out = max(outputs, 1)
        found = [
            _finding("refusal_rate", "output", {"records": outputs, "refusals": refusals,
                                                "rate": round(refusals / n_out, 4)},
                     _grade(refusals / n_out, levels.refusal),
                     f"{refusals} of {outputs} outputs refuse or decline"),
            _finding("apology_rate", "output", {"records": outputs, "apologies": apologies,
                                                "rate": round(apologies / n_out, 4)},
                     "info", f"{apologies} of {outputs} outputs apologise"),
            _finding("profanity", "output", {"records": outputs, "matches": swearing_out,
                                             "rate": round(swearing_out / n_out, 4)},
                     _grade(swearing_out / n_out, levels.profanity),
                     f"{swearing_out} outputs contain terms from the profanity list"),
            _finding("profanity", "input", {"records": counts.records, "matches": swearing_in},
                     "info", f"{swearing_in} inputs contain terms from the profanity list"),
        ]
        for key in sorted(counts.marks):
            gap = self._gap(counts.labels, counts.marks[key])
            if gap:
                check = "identity_terms" if key == "identity" else "gendered_terms"
                found.append(_finding(
                    check, f"label/{key}", gap, self._disparity_severity(gap),
                    f"{key} terms in {gap['high_rate']:.1%} of {gap['high_group']!r} records "
                    f"vs {gap['low_rate']:.1%} of {gap['low_group']!r}",
                ))
        return found

    def _gap(self, size: Counter[str], yes: Counter[str]) -> dict[str, Any] | None:
        """Largest rate gap of a yes/no outcome between groups of at least min_group_size."""
        rates = {g: yes[g] / n for g, n in sorted(size.items()) if n >= self.config.min_group_size}
        if len(rates) < 2 or not any(rates.values()):
            return None
        high = max(rates, key=lambda g: (rates[g], g))
        low = min(rates, key=lambda g: (rates[g], g))
        ratio = rates[low] / rates[high]
        return {
            "high_group": high, "high_rate": round(rates[high], 4), "high_n": size[high],
            "low_group": low, "low_rate": round(rates[low], 4), "low_n": size[low],
            "difference": round(rates[high] - rates[low], 4), "ratio": round(ratio, 4),
            "z": round(_z(yes[high], size[high], yes[low], size[low]), 2),
        }

    def _disparity_severity(self, gap: dict[str, Any]) -> Severity:
        """Graded by rate gap, but only when four-fifths fails and the gap is significant."""
        if gap["ratio"] >= self.config.four_fifths or gap["z"] < self.config.min_z:
            return "info"
        return _grade(gap["difference"], self.config.levels.disparity)


def _attribute(record: Record, attribute: str) -> str:
    """The group of a record for an attribute: meta key, `source.kind` or `task`."""
    if attribute == "source.kind":
        return record.source.kind
    if attribute == "task":
        return record.task
    value = record.meta.get(attribute)
    return "(missing)" if value is None else str(value)


def _z(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float:
    """Two-proportion z statistic (pooled); 0 when it is undefined."""
    pooled = (hits_a + hits_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return abs(hits_a / n_a - hits_b / n_b) / spread if spread else 0.0


def _grade(value: float, levels: Levels) -> Severity:
    if value >= levels[2]:
        return "high"
    if value >= levels[1]:
        return "medium"
    return "low" if value >= levels[0] else "info"


def _finding(check: str, where: str, numbers: dict[str, Any], severity: Severity,
             detail: str) -> dict[str, Any]:
    return {"check": check, "where": where, "numbers": numbers, "severity": severity,
            "detail": detail}
