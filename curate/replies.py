"""Conversation identity: one hash per assistant reply, over the conversation up to it.

Two records share a reply hash exactly when their conversations agree from the
first turn through that reply: a shorter email pair is contained in a longer
one from the same thread, two branches of a thread share their common start.
The split keeps records that share one on one side; the exporters make each
reply a loss target in one line only.
"""

from __future__ import annotations

import hashlib

from curate.export.base import conversation
from curate.record import Record


def reply_hashes(record: Record) -> list[str]:
    """Per assistant message of the record's conversation (as exported, without a system
    prompt), the hash of the conversation from its start through that message."""
    digest = hashlib.sha256()
    hashes = []
    for message in conversation(record, None):
        digest.update(f"{message['role']}\x00{message['content']}\x01".encode())
        if message["role"] == "assistant":
            hashes.append(digest.copy().hexdigest()[:20])
    return hashes
