"""An mbox split into its messages by one linear scan of its bytes, as `mailbox.mbox` splits it.

A message starts at a line beginning `From ` (that line is not part of it) and ends before
the next such line, less the empty line just before it (also at the end of the file).
Bytes before the first `From ` line belong to no message. `mbox_spans` cuts an mbox file at
`From ` lines into spans that split the same way, to be read (and parsed) apart;
`span_messages` reads the messages of one span, one message at a time and none over a size
limit, so no file, span, preamble or `From ` line is ever held whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO, NamedTuple

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


def mbox_spans(file: Path, size: int, block: int = BLOCK) -> list[MboxSpan]:
    """Consecutive spans of the file of about `size` bytes, each cut just before a `From `
    line (found reading `block` bytes at a time): the messages of a span are those of the
    whole file, in order, numbered on from the messages before it."""
    with file.open("rb") as handle:
        spans = _cut(_file_from_lines(handle.read, block), file.stat().st_size, size)
    return spans


def span_messages(file: Path, span: MboxSpan, limit: int, block: int = BLOCK
                  ) -> Iterator[tuple[int, int, bytes | None]]:
    """(start, stop) in the file of each message of `span` (as `message_bounds` finds it in
    the whole file) and its bytes, or None for a message over `limit` bytes (never read);
    at most `limit` bytes (or a `block`) are read at a time."""
    with file.open("rb") as handle:
        handle.seek(span.start)
        left = span.stop - span.start

        def read(size: int) -> bytes:
            nonlocal left
            chunk = handle.read(min(size, left))
            left -= len(chunk)
            return chunk

        starts = [span.start + at for at in _file_from_lines(read, block)]
        for start, following in pairwise([*starts, span.stop]):
            if following - start <= limit:  # the common case: read with its `From ` line
                handle.seek(start)
                data = handle.read(following - start)
                ((body, stop),) = message_bounds(data)
                yield start + body, start + stop, data[body:stop]
                continue
            body, stop = _long_message(handle, start, following, block)
            handle.seek(body)
            yield body, stop, handle.read(stop - body) if stop - body <= limit else None


def _long_message(handle: BinaryIO, start: int, following: int, block: int) -> tuple[int, int]:
    """`message_bounds` of the message whose `From ` line starts at `start`, the next one at
    `following`, found reading a `block` at a time."""
    body = following
    handle.seek(start)
    at = start
    while at < following:
        chunk = handle.read(min(block, following - at))
        line_end = chunk.find(b"\n")
        if line_end >= 0:
            body = at + line_end + 1
            break
        at += len(chunk)
    stop = following
    handle.seek(following - 2)  # a `From ` line is 5 bytes at least
    if following - 1 >= body and handle.read(2) == b"\n\n":
        stop -= 1
    return body, stop


def _file_from_lines(read: Callable[[int], bytes], block: int) -> Iterator[int]:
    """`from_lines` of what `read(block)` returns until it returns nothing; one block is
    held at a time (no block is copied)."""
    offset, tail = 0, b"\n"  # a file starts at a line start
    while chunk := read(block):
        edge = tail + chunk[:len(_FROM)]
        found = edge.find(_NEXT_FROM)
        if 0 <= found < len(tail):  # one match at most starts in the tail (5 bytes)
            yield offset - len(tail) + found + 1
        found = chunk.find(_NEXT_FROM)
        while found >= 0:
            yield offset + found + 1
            found = chunk.find(_NEXT_FROM, found + 1)
        offset += len(chunk)
        tail = (tail + chunk)[-len(_FROM):] if len(chunk) < len(_FROM) else chunk[-len(_FROM):]


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
