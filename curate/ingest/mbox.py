"""An mbox split into its messages by one linear scan of its bytes, as `mailbox.mbox` splits it.

A message starts at a line beginning `From ` (that line is not part of it) and ends before
the next such line, less the empty line just before it (also at the end of the file).
Bytes before the first `From ` line belong to no message. `mbox_parts` cuts an mbox at
`From ` lines into parts that split the same way, to be split (and parsed) apart.
"""

from __future__ import annotations

from collections.abc import Iterator

_FROM = b"From "
_NEXT_FROM = b"\nFrom "


def from_lines(data: bytes) -> Iterator[int]:
    """Offsets of the lines that begin with `From `, in order."""
    if data.startswith(_FROM):
        yield 0
    found = data.find(_NEXT_FROM)
    while found >= 0:
        yield found + 1
        found = data.find(_NEXT_FROM, found + 1)


def mbox_messages(data: bytes) -> Iterator[bytes]:
    """Each message of the mbox `data`, without its `From ` line, in file order."""
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
        yield data[body:stop]
        start = following


def mbox_parts(data: bytes, size: int) -> list[tuple[int, int, int]]:
    """(start, stop, messages before it) of consecutive parts of `data` of about `size`
    bytes, each cut just before a `From ` line: the messages of `data[start:stop]` are
    those of `data`, in order, numbered on from the messages before it."""
    parts = []
    start = before = 0
    while start < len(data):
        stop = data.find(_NEXT_FROM, start + max(1, size) - 1) + 1 or len(data)
        parts.append((start, stop, before))
        before += data.startswith(_FROM, start) + data.count(_NEXT_FROM, start, stop)
        start = stop
    return parts
