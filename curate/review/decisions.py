"""Reviewers' decisions: one per record id, checked against a run, kept in decisions.jsonl.

A reviewer's answer for one item is a decision word and/or a label. It becomes one of:
`keep` (the record stays, with the label it was given), `relabel` (it stays, with another
label of its task) or `drop` (it leaves the set as `review.dropped`). A label equal to the
given one is a keep whatever the word says; a label without a word is a keep or a relabel;
an answer with neither is undecided and skipped. Every answer is checked before anything is
written: one problem per line, and nothing applied while there is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from curate.errors import ConfigError, UsageError
from curate.io import atomic_open, json_lines
from curate.record import Record

WORDS = ("keep", "relabel", "drop")
Word = Literal["keep", "relabel", "drop"]


class DecisionError(UsageError):
    """A decisions file with problems: one line each, nothing applied (exit 2)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"{source} {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in {source}, no decision applied:\n{lines}")


@dataclass(frozen=True)
class Answer:
    """What a reviewer wrote for one item, as read from their tool's file, not yet checked."""

    where: str  # "line 4", "task 3": how the problem lines name it
    id: str
    decision: str = ""
    label: str = ""
    problem: str = ""  # what the reader found wrong with the item itself


@dataclass(frozen=True)
class Decision:
    """A checked decision: the record's label after it (None when dropped or unlabelled)
    and the label it was given when the reviewer saw it."""

    id: str
    decision: Word
    label: str | None
    given: str | None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Target:
    """What the run knows of one kept record: its task and the label it was given."""

    task: str
    given: str | None


def agreed(where: str, rid: str, picks: set[tuple[str, str]], tool: str) -> Answer:
    """The one (decision, label) a record's annotators gave (none: undecided), or a problem
    when they disagree: curate never picks between reviewers."""
    if len(picks) > 1:
        shown = "; ".join(f"{d or '-'}/{label or '-'}" for d, label in sorted(picks))
        return Answer(where, rid, problem=f"{len(picks)} annotations disagree (decision/label: "
                                          f"{shown}): settle it in {tool}")
    decision, label = next(iter(picks), ("", ""))
    return Answer(where, rid, decision, label)


def given_label(record: Record) -> str | None:
    """The label the data gave the record (before `labels` with `action: relabel` changed it)."""
    return record.annotations.get("labels", {}).get("original", record.label)


def _shown(value: str) -> str:
    """A value as problem lines quote it: short, so a pasted text never lands in a log."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _decide(answer: Answer, target: Target | None, labels: dict[str, set[str]]) -> Decision | str:
    """The decision an answer makes, or the problem with it."""
    word, label = answer.decision.strip().lower(), answer.label.strip()
    if not answer.id.strip():
        return "has no record id"
    if target is None:
        return f"unknown id {_shown(answer.id)}: not a kept record of this run"
    if word not in ("", *WORDS):
        return f"bad decision {_shown(answer.decision)}: use keep, relabel or drop"
    if word == "drop":
        return Decision(answer.id, "drop", None, target.given)
    if word == "relabel" and not label:
        return "relabel without a label: write the new label in the label column"
    known = labels.get(target.task, set())
    if label and label not in known:
        choices = ", ".join(sorted(known)) or "none: the task has no labels"
        return f"label {_shown(label)} is not a label of task {target.task!r} (use one of: {choices})"
    final = label or target.given
    return Decision(answer.id, "keep" if final == target.given else "relabel", final, target.given)


def check(answers: Iterable[Answer], targets: dict[str, Target], labels: dict[str, set[str]],
          source: str) -> list[Decision]:
    """Every decided answer as a Decision; DecisionError listing every problem if any.

    Undecided answers (neither a word nor a label) are left out."""
    decisions: list[Decision] = []
    problems: list[str] = []
    first: dict[str, str] = {}
    for answer in answers:
        if answer.problem:
            problems.append(f"{answer.where}: {answer.problem}")
            continue
        if not answer.decision.strip() and not answer.label.strip():
            continue
        outcome = _decide(answer, targets.get(answer.id), labels)
        if isinstance(outcome, str):
            problems.append(f"{answer.where}: {outcome}")
        elif answer.id in first:
            problems.append(f"{answer.where}: id {answer.id!r} is decided already at "
                            f"{first[answer.id]}; keep one answer per record")
        else:
            first[answer.id] = answer.where
            decisions.append(outcome)
    if problems:
        raise DecisionError(source, problems)
    return decisions


def read_decisions(path: Path, key: str = "stages.review.decisions") -> dict[str, Decision]:
    """The decisions file by record id ({} when it does not exist yet); a damaged line is a
    ConfigError naming it, raised before any work."""
    if not path.is_file():
        return {}
    decisions = {}
    for number, data in json_lines(path):
        try:
            decision = Decision(str(data["id"]), data["decision"], data["label"], data["given"])
        except (KeyError, TypeError):
            decision = None
        if decision is None or decision.decision not in WORDS:
            raise ConfigError(key, f"line {number} of {path.name} is not a decision",
                              "fix or delete that line; `curate review apply` writes this file")
        decisions[decision.id] = decision
    return decisions


def write_decisions(path: Path, decisions: Iterable[Decision]) -> int:
    """Merge `decisions` into the file (a newer decision on an id replaces the older one);
    lines sorted by id so the file is byte-stable. Return how many the file holds."""
    merged = read_decisions(path, key=str(path))
    merged.update((d.id, d) for d in decisions)
    with atomic_open(path) as handle:
        for rid in sorted(merged):
            handle.write(merged[rid].to_json() + "\n")
    return len(merged)
