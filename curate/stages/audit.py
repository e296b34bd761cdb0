"""Bias and representation audit: annotates and reports, never rejects.

Checks: label balance, group representation against expected shares,
label-by-group disparity (largest rate gap and four-fifths ratio, with a
two-proportion z guard so small groups are not over-read), and text signals
(gendered terms and honorifics by label, identity terms by label, refusals and
apologies in outputs, profanity). Every finding is
`{"check", "where", "numbers", "severity", "detail"}`; the gate reads severities.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from curate.record import Record
from curate.stages import audit_terms as terms
from curate.stages.base import Stage, StageConfig

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


class AuditStage(Stage):
    """Fills `self.findings["findings"]` and notes text signals on records."""

    name = "audit"
    Config = AuditConfig
    whole_set = True

    def process(self, records: list[Record]) -> list[Record]:
        labelled = [r for r in records if r.label is not None]
        found = self._balance(labelled)
        for attribute in self.config.attributes:
            groups = [_attribute(r, attribute) for r in records]
            found += self._representation(attribute, groups)
            found += self._label_disparity(attribute, labelled)
        found += self._text_signals(records, labelled)
        found.sort(key=lambda f: (-SEVERITIES.index(f["severity"]), f["check"], f["where"]))
        counts = Counter(f["severity"] for f in found)
        self.findings = {
            "records": len(records),
            "severity_counts": {s: counts[s] for s in SEVERITIES},
            "findings": found,
        }
        return records

    def _balance(self, labelled: list[Record]) -> list[dict[str, Any]]:
        counts = Counter(r.label for r in labelled)
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

    def _representation(self, attribute: str, groups: list[str]) -> list[dict[str, Any]]:
        counts = Counter(groups)
        total = len(groups)
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

    def _label_disparity(self, attribute: str, labelled: list[Record]) -> list[dict[str, Any]]:
        groups = [_attribute(r, attribute) for r in labelled]
        labels = sorted({r.label for r in labelled if r.label is not None})
        best: tuple[float, dict[str, Any]] | None = None
        for label in labels:
            gap = self._gap(groups, [r.label == label for r in labelled])
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

    def _text_signals(self, records: list[Record], labelled: list[Record]) -> list[dict[str, Any]]:
        banned = terms.profanity_list(frozenset(w.lower() for w in self.config.profanity_allow))
        longest = max((len(w.split()) for w in banned), default=1)
        outputs = [r for r in records if r.output]
        refusals = apologies = swearing_out = swearing_in = 0
        marks: dict[str, list[bool]] = {"female": [], "male": [], "honorific": [], "identity": []}
        for record in records:
            words_in, words_out = terms.tokens(record.input), terms.tokens(record.output)
            signals = []
            low_out = record.output.lower()
            if terms.REFUSAL.search(low_out):
                refusals += 1
                signals.append("refusal")
            if terms.APOLOGY.search(low_out):
                apologies += 1
            if terms.ngrams(words_out, longest) & banned:
                swearing_out += 1
                signals.append("profanity_output")
            if terms.ngrams(words_in, longest) & banned:
                swearing_in += 1
            words = set(words_in) | set(words_out)
            for key, vocab in (("female", terms.FEMALE), ("male", terms.MALE),
                               ("honorific", terms.HONORIFICS), ("identity", terms.IDENTITY)):
                if record.label is not None:
                    marks[key].append(bool(words & vocab))
            if signals:
                record.annotations["audit"] = {"signals": signals}
        n_out = max(len(outputs), 1)
        levels = self.config.levels
        found = [
            _finding("refusal_rate", "output", {"records": len(outputs), "refusals": refusals,
                                                "rate": round(refusals / n_out, 4)},
                     _grade(refusals / n_out, levels.refusal),
                     f"{refusals} of {len(outputs)} outputs refuse or decline"),
            _finding("apology_rate", "output", {"records": len(outputs), "apologies": apologies,
                                                "rate": round(apologies / n_out, 4)},
                     "info", f"{apologies} of {len(outputs)} outputs apologise"),
            _finding("profanity", "output", {"records": len(outputs), "matches": swearing_out,
                                             "rate": round(swearing_out / n_out, 4)},
                     _grade(swearing_out / n_out, levels.profanity),
                     f"{swearing_out} outputs contain terms from the profanity list"),
            _finding("profanity", "input", {"records": len(records), "matches": swearing_in},
                     "info", f"{swearing_in} inputs contain terms from the profanity list"),
        ]
        label_groups = [r.label or "" for r in labelled]
        for key in sorted(marks):
            gap = self._gap(label_groups, marks[key]) if labelled else None
            if gap:
                check = "identity_terms" if key == "identity" else "gendered_terms"
                found.append(_finding(
                    check, f"label/{key}", gap, self._disparity_severity(gap),
                    f"{key} terms in {gap['high_rate']:.1%} of {gap['high_group']!r} records "
                    f"vs {gap['low_rate']:.1%} of {gap['low_group']!r}",
                ))
        return found

    def _gap(self, groups: list[str], hits: list[bool]) -> dict[str, Any] | None:
        """Largest rate gap of a yes/no outcome between groups of at least min_group_size."""
        size, yes = Counter(groups), Counter(g for g, h in zip(groups, hits, strict=True) if h)
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
