"""The text slots of a record that redaction reads and writes, addressed by a path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from curate.record import Record

Field = Literal["instruction", "input", "output", "turns", "meta"]
Path = tuple[str | int, ...]
TURN_KEYS_KEPT = frozenset({"role", "from"})


def text_slots(record: Record, fields: list[Field]) -> list[tuple[Path, str]]:
    """Non-blank strings of the chosen fields, in a fixed order (meta keys sorted)."""
    slots: list[tuple[Path, str]] = []
    for field in ("instruction", "input", "output", "turns", "meta"):
        if field not in fields:
            continue
        value = getattr(record, field)
        if field == "turns":
            for i, turn in enumerate(value):
                slots.extend(
                    ((field, i, k), v)
                    for k, v in sorted(turn.items())
                    if k not in TURN_KEYS_KEPT and _text(v)
                )
        else:
            slots.extend(_walk((field,), value))
    return slots


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _walk(path: Path, value: Any) -> Iterator[tuple[Path, str]]:
    if _text(value):
        yield path, value
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _walk((*path, key), value[key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk((*path, i), item)


def write_slot(record: Record, path: Path, text: str) -> None:
    """Put `text` at `path` (as returned by `text_slots`)."""
    if len(path) == 1:
        setattr(record, str(path[0]), text)
        return
    container: Any = getattr(record, str(path[0]))
    for step in path[1:-1]:
        container = container[step]
    container[path[-1]] = text
