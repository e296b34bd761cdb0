"""An mbox split into its messages by one linear scan of its bytes, as `mailbox.mbox` splits it.

A message starts at a line beginning `From ` (that line is not part of it) and ends before
the next such line, less the empty line just before it (also at the end of the file).
Bytes before the first `From ` line belong to no message. `mbox_parts` (bytes in memory) and
`mbox_spans` (a file, read in blocks) cut an mbox at `From ` lines into parts that split the
same way, to be split (and parsed) apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

_FROM = b"From "
_NEXT_FROM = b"\nFrom "
BLOCK = 1 << 20
"""Bytes read at a time while `mbox_spans` looks for `From ` lines."""


class MboxSpan(NamedTuple):
    """Bytes `start` to `stop` of an mbox, cut just before a `From ` line; `before` messages
    come before them (so message numbers, and with them ids, match a whole-file read)."""

    start: int
    stop: int
    before: int


def from_lines(data: bytes) -> Iterator[int]:
    """Offsets of the lines that begin with `From `, in order."""
    if data.startswith(_FROM):
        yield 0
    found = data.find(_NEXT_FROM)
    while found >= 0:
        yield found + 1
        found = data.find(_NEXT_FROM, found + 1)


def message_bounds(data: bytes) -> Iterator[tuple[int, int]]:
    """(start, stop) in `data` of each message of the mbox `data`, without its `From ` line,
    in file order."""
    starts = from_lines(data)
    start = next(starts, None)
    while start is not None:
        following = next(starts, None)
        stop = len(data) if following is None else following
        line_end = data.find(b"\n", start, stop)
        body = stop if line_end < 0 else line_end + 1
        # an empty line (a lone "\n" after the From line) before the next message is dropped
        if stop - 1 >= body and data[stop - 2:stop] == b"\n\n":
            stop -= 1
        yield body, stop
        start = following


def mbox_messages(data: bytes) -> Iterator[bytes]:
    """Each message of the mbox `data`, without its `From ` line, in file order."""
    for start, stop in message_bounds(data):
        yield data[start:stop]


def mbox_parts(data: bytes, size: int) -> list[MboxSpan]:
    """Consecutive parts of `data` of about `size` bytes, each cut just before a `From `
    line: the messages of `data[start:stop]` are those of `data`, in order, numbered on from
    the messages before it."""
    return _cut(from_lines(data), len(data), size)


def mbox_spans(file: Path, size: int, block: int = BLOCK) -> list[MboxSpan]:
    """`mbox_parts` of the file's bytes, found reading `block` bytes at a time (never the
    whole file at once)."""
    with file.open("rb") as handle:
        spans = _cut(_file_from_lines(handle.read, block), file.stat().st_size, size)
    return spans


def _file_from_lines(read: Callable[[int], bytes], block: int) -> Iterator[int]:
    """`from_lines` of what `read(block)` returns until it returns nothing."""
    offset, tail = 0, b"\n"  # a file starts at a line start
    while chunk := read(block):
        data = tail + chunk
        found = data.find(_NEXT_FROM)
        while found >= 0:  # a match lies across the tail at most, never within it
            yield offset - len(tail) + found + 1
            found = data.find(_NEXT_FROM, found + 1)
        offset += len(chunk)
        tail = data[-len(_FROM):]


def _cut(from_offsets: Iterable[int], total: int, size: int) -> list[MboxSpan]:
    """Spans of `total` bytes, each cut at the first `From ` line (of `from_offsets`) at
    least `size` bytes after its start; the last one ends with the bytes."""
    spans: list[MboxSpan] = []
    start = before = 0
    for seen, at in enumerate(from_offsets):  # seen: the From lines before this one
        if at >= start + max(1, size):
            spans.append(MboxSpan(start, at, before))
            start, before = at, seen
    if total > start:
        spans.append(MboxSpan(start, total, before))
    return spans
