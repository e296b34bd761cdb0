"""E-mail threading on compact keys: which message replies to which, and which pairs to make.

A `Key` is what threading reads of one message, as 64-bit digests and small numbers (no text),
so the keys of a whole mbox fit in a few dozen bytes per message: its spans can be parsed
apart, their keys (`pack_keys`) linked in one place (`link`), and each span's records built
from its `Links`. A reply's parent is the first of its In-Reply-To / References ids found in
the set; failing that, for a subject with a reply prefix, the latest earlier message with the
same normalized subject, from someone else, that the replier received or whose sender the
reply is addressed to. Equal strings have equal digests; unequal ones collide with odds of
about n^2 / 2^65 for n distinct values, so digests thread as the strings would.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

SUBJECT_WINDOW = 64

_FIXED = np.dtype([("id", "<u8"), ("subject", "<u8"), ("sender", "<u8"), ("date", "<i8"),
                   ("start", "<u8"), ("chars", "<u4"), ("length", "<u4"), ("parents", "<u4"),
                   ("recipients", "<u4"), ("flags", "u1")])
_USABLE, _REPLY, _ORG, _DATED = 1, 2, 4, 8


def digest64(value: str) -> int:
    """A 64-bit digest of `value`; 0 for the empty string (no id, no sender, no subject)."""
    if not value:
        return 0
    raw = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "little") or 1


class Key(NamedTuple):
    """What threading reads of one message: digests of its Message-ID, the ids it replies to
    (In-Reply-To, then References latest first), its normalized subject (0 when empty), its
    sender and recipients; whether its subject has a reply prefix; its date in microseconds
    since the epoch (None without one); its cleaned body's length; whether its sender is in
    `org_domains` (False when none are set)."""

    message_id: int
    parent_ids: tuple[int, ...]
    subject: int
    reply: bool
    sender: int
    recipients: frozenset[int]
    date: int | None
    chars: int
    org: bool


@dataclass(frozen=True, slots=True)
class Links:
    """What a run of messages (a span of an mbox, or a whole path) needs of threading, by
    message index in the path: each pair's reply -> (thread root, chain of up to `max_turns`
    messages oldest first, the reply last and its parent before it); the run's messages in a
    pair; those only in pairs `org_domains` filtered out; and where the messages outside the
    run that its pairs need lie (index -> (start, length) of their bytes in the file)."""

    turns: dict[int, tuple[int, ...]]
    used: frozenset[int]
    filtered: frozenset[int]
    far: dict[int, tuple[int, int]]


class PackedKeys(NamedTuple):
    """The keys of a span's messages as two arrays: a fixed-size row per message (an unusable
    one flagged, its key empty) with where its bytes lie, and their ids and recipients."""

    rows: np.ndarray
    ids: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.rows.nbytes + self.ids.nbytes)


def pack_keys(keys: Sequence[Key | None], bounds: Sequence[tuple[int, int]]) -> PackedKeys:
    """`keys` (None for a message that cannot be threaded) with each message's (start, stop)."""
    rows, ids = [], []
    for key, (start, stop) in zip(keys, bounds, strict=True):
        if key is None:
            rows.append((0, 0, 0, 0, start, 0, stop - start, 0, 0, 0))
            continue
        flags = (_USABLE | _REPLY * key.reply | _ORG * key.org
                 | _DATED * (key.date is not None))
        recipients = sorted(key.recipients)
        rows.append((key.message_id, key.subject, key.sender, key.date or 0, start, key.chars,
                     stop - start, len(key.parent_ids), len(recipients), flags))
        ids += key.parent_ids
        ids += recipients
    return PackedKeys(np.array(rows, dtype=_FIXED), np.array(ids, dtype="<u8"))


class ByteRanges(Mapping[int, tuple[int, int]]):
    """Message index -> (start, length) of its bytes in the file, read from the packed keys
    of every span of a path, in order (two arrays, no object per message)."""

    def __init__(self, packed: Sequence[PackedKeys]) -> None:
        self._start = np.concatenate([p.rows["start"] for p in packed] or [np.zeros(0, "<u8")])
        self._length = np.concatenate([p.rows["length"] for p in packed]
                                      or [np.zeros(0, "<u4")])

    def __getitem__(self, index: int) -> tuple[int, int]:
        return int(self._start[index]), int(self._length[index])

    def __len__(self) -> int:
        return len(self._start)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._start)))


def unpack_keys(packed: PackedKeys, first: int) -> dict[int, Key]:
    """The keys of `packed`'s usable messages, numbered from `first`; equal digests and
    recipient sets are one object each (a sender's thousands of messages share them)."""
    keys: dict[int, Key] = {}
    ids = packed.ids.tolist()
    shared: dict[Any, Any] = {}
    at = 0
    columns = (packed.rows[name].tolist() for name in _FIXED.names or ())
    for index, row in enumerate(zip(*columns, strict=True), start=first):
        message_id, subject, sender, date, _, chars, _, parents, recipients, flags = row
        if not flags & _USABLE:
            continue
        parent_ids = tuple(ids[at:at + parents])
        at += parents
        to = tuple(ids[at:at + recipients])
        if to not in shared:
            shared[to] = frozenset(to)
        keys[index] = Key(message_id, parent_ids, shared.setdefault(subject, subject),
                          bool(flags & _REPLY), shared.setdefault(sender, sender), shared[to],
                          date if flags & _DATED else None, chars, bool(flags & _ORG))
        at += recipients
    return keys


def link(keys: Mapping[int, Key], runs: Sequence[tuple[int, int]],
         bounds: Mapping[int, tuple[int, int]], *, max_turns: int, min_chars: int,
         org: bool) -> list[Links]:
    """The `Links` of each run (first, stop) of message indexes, from every message's key;
    `bounds` (index -> byte range) for the messages a run's pairs need from other runs;
    `org`: whether `org_domains` is set (only pairs from outside it to inside are kept)."""
    parents = thread_parents(keys)
    roots = thread_roots(parents)
    pairs, used, filtered = choose_pairs(keys, parents, min_chars, org)
    starts = [first for first, _ in runs]
    turns: list[dict[int, tuple[int, ...]]] = [{} for _ in runs]
    for child in sorted(pairs):
        turns[bisect.bisect_right(starts, child) - 1][child] = (
            roots.get(child, child), *chain(parents, child, max_turns))
    found = []
    for (first, stop), run, run_used, run_filtered in zip(
            runs, turns, _by_run(used, starts), _by_run(filtered, starts), strict=True):
        outside = {i for members in run.values() for i in members if not first <= i < stop}
        found.append(Links(run, frozenset(run_used), frozenset(run_filtered),
                           {i: bounds[i] for i in sorted(outside)}))
    return found


def _by_run(indexes: set[int], starts: list[int]) -> list[list[int]]:
    """`indexes` split by the run (of those starting at `starts`) each falls in."""
    split: list[list[int]] = [[] for _ in starts]
    for i in indexes:
        split[bisect.bisect_right(starts, i) - 1].append(i)
    return split


def thread_parents(keys: Mapping[int, Key]) -> dict[int, int]:
    """Message index -> index of the message it directly replies to, where one is found."""
    by_id: dict[int, int] = {}
    by_subject: dict[int, list[int]] = defaultdict(list)
    for i, key in sorted(keys.items()):
        if key.message_id:
            by_id.setdefault(key.message_id, i)
        by_subject[key.subject].append(i)
    parents: dict[int, int] = {}
    for i, key in sorted(keys.items()):
        found = next((by_id[m] for m in key.parent_ids if by_id.get(m, i) != i), None)
        if found is None and key.reply and key.subject:
            found = _subject_parent(keys, i, _nearby(by_subject[key.subject], i))
        if found is not None:
            parents[i] = found
    return parents


def _nearby(candidates: list[int], child: int) -> list[int]:
    """The SUBJECT_WINDOW candidates on each side of `child` (sorted indexes): threading by
    subject stays linear when thousands of messages share one subject."""
    position = bisect.bisect_left(candidates, child)
    return candidates[max(0, position - SUBJECT_WINDOW):position + SUBJECT_WINDOW]


def _subject_parent(keys: Mapping[int, Key], child: int, candidates: list[int]) -> int | None:
    """The latest earlier message of the same subject from another person the replier talks to
    (dates compared where both have one; the first dateless candidate found ends the search)."""
    reply = keys[child]
    if reply.date is None:  # then only the messages before it in the file are earlier
        candidates = candidates[:bisect.bisect_left(candidates, child)]
    best: int | None = None
    for i in candidates:
        key = keys[i]
        if i == child or not key.sender or key.sender == reply.sender:
            continue
        if key.sender not in reply.recipients and reply.sender not in key.recipients:
            continue
        earlier = (key.date < reply.date) if key.date is not None and reply.date is not None \
            else i < child
        if earlier and (best is None or _later(key, keys[best])):
            best = i
            if key.date is None:
                break  # no message is later than one without a date: the choice is final
    return best


def _later(a: Key, b: Key) -> bool:
    return a.date is not None and b.date is not None and a.date > b.date


def choose_pairs(keys: Mapping[int, Key], parents: Mapping[int, int], min_chars: int,
                 org: bool) -> tuple[dict[int, int], set[int], set[int]]:
    """Reply index -> parent index for usable pairs (both bodies at least `min_chars`; with
    `org`, from outside the organisation to inside); messages used; messages filtered out."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    filtered: set[int] = set()
    for child, parent in sorted(parents.items()):
        earlier, reply = keys[parent], keys[child]
        if earlier.chars < min_chars or reply.chars < min_chars:
            continue
        if org and (earlier.org or not reply.org):
            filtered.update((child, parent))
            continue
        pairs[child] = parent
        used.update((child, parent))
    return pairs, used, filtered


def chain(parents: Mapping[int, int], child: int, limit: int) -> list[int]:
    """The last `limit` messages of the thread down to `child`, oldest first (a cycle
    stops the walk)."""
    found = [child]
    seen = {child}
    node = parents.get(child)
    while len(found) < limit and node is not None and node not in seen:
        found.append(node)
        seen.add(node)
        node = parents.get(node)
    return found[::-1]


def thread_roots(parents: Mapping[int, int]) -> dict[int, int]:
    """Reply index -> the first message of its thread, in time linear in the messages.

    The first message is where walking up the parents ends: a message without a parent, or,
    in a cycle of replies, the last new message before the walk would come back.
    """
    roots: dict[int, int] = {}
    for start in parents:
        path: list[int] = []
        on_path: dict[int, int] = {}
        node = start
        while node in parents and node not in roots and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parents[node]
        if node in on_path:  # a cycle: each member's walk ends at its child in the cycle
            cycle = path[on_path[node]:]
            for position, member in enumerate(cycle):
                roots[member] = cycle[position - 1] if position else cycle[-1]
            path = path[:on_path[node]]
            node = cycle[0]
        root = roots.get(node, node)
        for member in reversed(path):
            roots[member] = root
    return roots
