"""Replacement strings: one placeholder per distinct value within a record, or a keyed hash.

Values are matched in canonical form, and a lone first or last name that is part
of a full name found in the same record takes that person's placeholder, as does every
variant of a person known from the record's structure (`aliases`). Ids (PSEUDONYMISED
entities) always become a hash, keyed when a key is set, else a content hash: the same id
gets the same pseudonym in every record.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Literal

from curate.pii.detect import canonical

Operator = Literal["placeholder", "mask", "hash"]
Mode = Literal["numbered", "keyed_hash"]
PSEUDONYMISED = frozenset({"USER_ID"})


def _digest(key: bytes, entity: str, value: str, size: int) -> str:
    return hmac.new(key, f"{entity}:{value}".encode(), hashlib.sha256).hexdigest()[:size]


class Replacer:
    """Decides the replacement of every (entity, value) found in one record."""

    def __init__(self, mode: Mode, operators: Mapping[str, Operator], key: bytes | None) -> None:
        self.mode = mode
        self.operators = operators
        self.key = key

    def plan(
        self, found: list[tuple[str, str]], aliases: Mapping[str, str] | None = None
    ) -> dict[tuple[str, str], str]:
        """`found`: (entity, value) in order of occurrence; `aliases`: canonical PERSON value
        -> the person it stands for. Returns (entity, canonical) -> text."""
        order: dict[tuple[str, str], str] = {}
        for entity, value in found:
            order.setdefault((entity, canonical(value)), value)
        owner = {**_person_aliases([c for e, c in order if e == "PERSON"]), **(aliases or {})}
        numbers: dict[tuple[str, str], int] = {}
        counters: dict[str, int] = {}
        plan = {}
        for (entity, canon), value in order.items():
            target = owner.get(canon, canon) if entity == "PERSON" else canon
            operator = self.operators.get(entity, "placeholder")
            if entity in PSEUDONYMISED:
                plan[(entity, canon)] = f"<{entity}_{self._pseudonym(entity, value)}>"
            elif operator == "mask":
                plan[(entity, canon)] = "*" * len(value)
            elif operator == "hash":
                plan[(entity, canon)] = _digest(self._key(), entity, target, 16)
            elif self.mode == "keyed_hash":
                plan[(entity, canon)] = f"<{entity}_{_digest(self._key(), entity, target, 8)}>"
            else:
                if (entity, target) not in numbers:
                    counters[entity] = counters.get(entity, 0) + 1
                    numbers[(entity, target)] = counters[entity]
                plan[(entity, canon)] = f"<{entity}_{numbers[(entity, target)]}>"
        return plan

    def _pseudonym(self, entity: str, value: str) -> str:
        if self.key is not None:
            return _digest(self.key, entity, value, 8)
        return hashlib.sha256(f"{entity}:{value}".encode()).hexdigest()[:8]

    def _key(self) -> bytes:
        if self.key is None:
            raise ValueError(
                "a hash key is required for keyed_hash placeholders or the hash operator"
            )
        return self.key


def _person_aliases(names: list[str]) -> dict[str, str]:
    """Map a name to the first full name (in occurrence order) that contains all of its words."""
    aliases = {}
    for name in names:
        words = set(name.split())
        for full in names:
            if full != name and words < set(full.split()):
                aliases[name] = full
                break
    return aliases
