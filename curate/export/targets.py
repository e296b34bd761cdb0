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


@dataclass
class Targets:
    """Per reply hash, the id of the record whose line trains it; per record, its hashes."""

    owner: dict[str, str]
    hashes: dict[str, list[str]]

    @classmethod
    def of(cls, records: Iterable[Record], every: bool) -> Targets:
        hashes = {r.id: reply_hashes(r) for r in records}
        owner: dict[str, str] = {}
        for rid in sorted(hashes, key=lambda i: (-len(hashes[i]), i)):
            for digest in hashes[rid] if every else hashes[rid][-1:]:
                owner.setdefault(digest, rid)
        return cls(owner, hashes)

    def elsewhere(self, record_id: str) -> frozenset[int]:
        """Positions (among the record's assistant messages) of replies another line trains."""
        return frozenset(k for k, digest in enumerate(self.hashes[record_id])
                         if self.owner.get(digest, record_id) != record_id)
