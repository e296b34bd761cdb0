"""Which exported line trains each assistant reply, so that no reply is a loss target twice.

E-mail pairs from one thread repeat each other: the pair for the third reply
carries the first two replies as earlier turns. Formats whose consumer trains
on every assistant message (`trains = "every"`) give each reply to the longest
line that holds it (then the smallest record id): a line whose own last reply
is held by a longer one is dropped as contained (`export.contained`; the
longer line trains that reply on the same preceding turns, so nothing is
lost), and an earlier reply that a branch of the thread shares is marked no
loss where the format can say so (OpenAI `weight: 0`, axolotl
`message_field_training`), else the line is dropped (`export.shared_reply`).
Formats that train only the last reply (`trains = "final"`) keep every line
whose conversation is not repeated whole by another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from curate.record import Record
from curate.replies import reply_hashes


def sharing(records: Iterable[Record]) -> dict[str, list[str]]:
    """The reply hashes of each record with a reply another record may share, in two passes
    over `records`: every hash's first 64 bits counted (a numpy array, 8 bytes a reply),
    then the records holding a repeated one kept. Any record left out shares no reply, so
    it trains each of its own (and a 64-bit collision only keeps a record more)."""
    import numpy as np

    prefixes = np.fromiter((_prefix(h) for r in records for h in reply_hashes(r)),
                           dtype=np.uint64)
    values, counts = np.unique(prefixes, return_counts=True)
    repeated = set(values[counts > 1].tolist())
    shared = {}
    for record in records:
        hashes = reply_hashes(record)
        if any(_prefix(h) in repeated for h in hashes):
            shared[record.id] = hashes
    return shared


def _prefix(digest: str) -> int:
    return int(digest[:16], 16)


@dataclass
class Targets:
    """Per reply hash, the id of the record whose line trains it; the hashes of each record
    that shares a reply (see `sharing`; any other record trains its own replies)."""

    owner: dict[str, str]
    hashes: dict[str, list[str]]

    @classmethod
    def of(cls, hashes: dict[str, list[str]], every: bool) -> Targets:
        """From `sharing`'s records: each reply to the longest line that holds it (`every`)
        or to the line it ends (not `every`), then the smallest id."""
        owner: dict[str, str] = {}
        for rid in sorted(hashes, key=lambda i: (-len(hashes[i]), i)):
            for digest in hashes[rid] if every else hashes[rid][-1:]:
                owner.setdefault(digest, rid)
        return cls(owner, hashes)

    def elsewhere(self, record_id: str) -> frozenset[int]:
        """Positions (among the record's assistant messages) of replies another line trains."""
        return frozenset(k for k, digest in enumerate(self.hashes.get(record_id, ()))
                         if self.owner.get(digest, record_id) != record_id)
