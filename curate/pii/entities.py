"""The entity names curate's redaction can report: what `stages.redact.entities` may name.

Presidio's recognizers as curate loads them (`curate.pii.engine`), curate's own finders,
and USER_ID (the ids of structural people). A test compares this set with the loaded
engine, so `curate check` can judge a config's entity names without loading spaCy;
recognizer plugins (`curate.recognizers` entry points) add theirs (`plugin_entities`).
"""

from __future__ import annotations

import difflib

from curate.registries import RECOGNIZERS

ENTITIES = frozenset({
    "CREDIT_CARD", "CRYPTO", "DATE_OF_BIRTH", "DATE_TIME", "EMAIL_ADDRESS", "IBAN_CODE",
    "ID_NUMBER", "IP_ADDRESS", "LOCATION", "MAC_ADDRESS", "MEDICAL_LICENSE", "NRP",
    "ORGANIZATION", "PERSON", "PHONE_NUMBER", "STREET_ADDRESS", "UK_NHS", "URL",
    "US_BANK_NUMBER", "US_ITIN", "US_PASSPORT", "US_SSN", "UUID", "USER_ID",
})


def closest_entity(name: str, known: frozenset[str] = ENTITIES) -> str | None:
    """The known entity a mistyped name most likely meant (`EMAIL` -> EMAIL_ADDRESS)."""
    wanted = name.strip().upper().replace("-", "_").replace(" ", "_")
    if wanted in known:
        return wanted
    containing = sorted(k for k in known if wanted and (k.startswith(wanted) or wanted in k))
    if containing:
        return min(containing, key=len)
    close = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.5)
    return close[0] if close else None


def plugin_entities() -> frozenset[str]:
    """The entities that installed recognizer plugins report (loads them; none installed:
    nothing is imported)."""
    found: set[str] = set()
    for name in RECOGNIZERS.plugins():
        made = RECOGNIZERS.load(name)()
        for recognizer in made if isinstance(made, list | tuple) else [made]:
            found.update(recognizer.supported_entities)
    return frozenset(found)
