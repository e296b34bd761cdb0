"""`curate preview`: a few records per source through every per-record stage, before and after.

Ingest, then each enabled per-record stage (redact, quality, ...; never the whole-set
ones) on the first N pairs of each source, so a user sees in seconds what the
config does to their data: which text is replaced (highlighted on a terminal),
which records a stage rejects and why. It shows the user's own data on their own
terminal, which is its point; it writes nothing, to no file and no log.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from curate.config import CurateConfig
from curate.engine.ingest import Ingest
from curate.errors import ConfigError
from curate.pipeline import build_stages
from curate.record import Record

MAX_FIELD_CHARS = 1200
WORDS = re.compile(r"(\s+)")
RED, GREEN, DIM, BOLD, RESET = "\x1b[31;9m", "\x1b[32;1m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


@dataclass
class Preview:
    """Per source: the records before and after the stages, and the items ingest rejected."""

    sources: list[int]
    before: list[Record] = field(default_factory=list)
    after: list[Record] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)
    ingest_rejected: dict[int, Counter[str]] = field(default_factory=dict)
    stages: list[str] = field(default_factory=list)


def chosen_sources(config: CurateConfig, source: str | None) -> list[int]:
    """Indexes of the sources `--source` names: a number, a kind, or a part of a path."""
    every = list(range(len(config.sources)))
    if source is None:
        return every
    if source.isdigit() and int(source) in every:
        return [int(source)]
    found = [i for i in every if config.sources[i].kind == source
             or any(source in path for path in config.sources[i].path)]
    if not found:
        raise ConfigError("--source", f"no source matches {source!r}",
                          f"give a number 0-{len(every) - 1}, a kind or a part of a path")
    return found


def preview(config: CurateConfig, limit: int, source: str | None = None) -> Preview:
    """The first `limit` pairs of each chosen source through every per-record stage."""
    shown = Preview(chosen_sources(config, source))
    ingest = Ingest(config)
    every = ingest.local_units()
    for index in shown.sources:
        rejected = shown.ingest_rejected.setdefault(index, Counter())
        units = [(unit, linked) for unit, linked in every if unit.source == index]
        pairs = (r for u, linked in units
                 for r in ingest.read(u, u.tally(config), _counter(rejected), linked))
        for record in islice(pairs, limit):
            shown.before.append(Record.from_json(record.to_json()))
            shown.after.append(record)
            shown.origin.append(index)
    live = list(shown.after)
    for stage in build_stages(config):
        if stage.whole_set or not live:
            continue
        stage.prepare()
        shown.stages.append(stage.name)
        live = [r for r in stage.process(live) if r.rejected is None]
    return shown


def _counter(reasons: Counter[str]) -> Callable[[Record], None]:
    """A reject callback that counts reasons and keeps nothing of the item."""
    return lambda record: reasons.update([record.rejected.reason if record.rejected else "?"])


def render(shown: Preview, config: CurateConfig, color: bool) -> list[str]:
    """The preview as text lines: per record its source, fate, and fields before -> after
    (replaced text struck out in red, its replacement in green, when `color`)."""
    lines = [f"stages: ingest, {', '.join(shown.stages) or '(none enabled)'}"]
    for index in shown.sources:
        source = config.sources[index]
        rows = [k for k, o in enumerate(shown.origin) if o == index]
        skipped = shown.ingest_rejected.get(index) or {}
        note = (f"; ingest rejected {sum(skipped.values())} items on the way "
                f"({', '.join(f'{r} {n}' for r, n in sorted(skipped.items()))})" if skipped else "")
        lines.append(_style(f"== sources[{index}] {source.kind} -> task {source.task}: "
                            f"{len(rows)} records{note}", BOLD, color))
        for k in rows:
            lines += _record_lines(shown.before[k], shown.after[k], color)
    return lines


def _record_lines(before: Record, after: Record, color: bool) -> list[str]:
    fate = "kept" if after.rejected is None else (
        f"rejected at {after.rejected.stage}: {after.rejected.reason} ({after.rejected.detail})")
    pii = ", ".join(f"{e} {n}" for e, n in sorted(after.pii.items())) or "none"
    lines = [_style(f"-- {after.source.path} {after.source.locator}: {fate}; redacted: {pii}",
                    DIM, color)]
    if after.rejected is not None and after.rejected.stage == "redact":
        lines.append("   (text withheld: PII was still found after redaction)")
        return lines
    fields = [("label", before.label or "", after.label or "")] if before.label else []
    if len(before.turns) > 2:
        fields += [(f"turn {i + 1} {t.get('role', '')}", t.get("content", ""),
                    (after.turns[i] if i < len(after.turns) else {}).get("content", ""))
                   for i, t in enumerate(before.turns)]
    else:
        fields += [("input", before.input, after.input), ("output", before.output, after.output)]
    for name, old, new in fields:
        lines.append(f"   {name}: {_diff(old, new, color)}")
    return lines


def _diff(old: str, new: str, color: bool) -> str:
    """`new`, word by word, with what changed from `old` marked: struck red / green on a
    terminal, [-old-]{+new+} in plain text."""
    more = max(len(old), len(new)) - MAX_FIELD_CHARS
    old, new = old[:MAX_FIELD_CHARS].replace("\n", " / "), new[:MAX_FIELD_CHARS].replace("\n", " / ")
    words_old, words_new = WORDS.split(old), WORDS.split(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, words_old, words_new, autojunk=False)
    for op, a, b, c, d in matcher.get_opcodes():
        if op == "equal":
            parts.append("".join(words_old[a:b]))
            continue
        gone, came = "".join(words_old[a:b]), "".join(words_new[c:d])
        if gone:
            parts.append(_style(gone, RED, color) if color else f"[-{gone}-]")
        if came:
            parts.append(_style(came, GREEN, color) if color else f"{{+{came}+}}")
    return "".join(parts) + (f"... ({more} more characters)" if more > 0 else "")


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color and text else text
