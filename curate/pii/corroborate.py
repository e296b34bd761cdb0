"""A PERSON that only the small NER model found is replaced only when something else says so.

spaCy's small model calls company, product and place names people (`Accuray`, `Bazel`,
`Dabhol`, `Long Term`); the name rules and the record's structure are not fooled by them. A
PERSON result of the NER recognizer is kept when it is corroborated by
- the name lists: a listed first name, or a listed surname that is no common English word,
  among its words (`Pirkko`, `Kaminski`, `Murphy`; not `Long`, `White`);
- its context: an honorific before it (`Ms. Nantz`), a person cue right before it on its line
  (`Attention:`, `Attn`, `Name:`, `By:`, `c/o`, `Contact`, `signed by`), a verb whose object
  is a person or a naming phrase before it (`please copy Maelys`, `says Bergqvist`, `my name
  is Piusz`), a verb of speaking after it (`Bill Hardy asked`), a dialogue's speaker label
  (`Jane: "..."`), or a greeting or signature naming it (`Hi Manlio,`);
- its shape: two or more capitalised words, at least two of them neither English words nor
  dictionary proper nouns (`Jingming Yan`; not `Bitcoin Core`, `Stanford Research`).
Otherwise it is dropped; being dropped, it is never propagated either.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from curate.pii.names import english_word, name_lists, proper_noun
from curate.pii.salutations import find_salutation_names

_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_HONORIFIC = regex.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Hon)\.?[ \t]+$")
# Verbs whose object is a person (`please copy Maelys`), and verbs of speaking or acting that
# follow one (`Bill Hardy asked`).
_PERSON_OBJECT = regex.compile(
    r"(?i:\b(?:ask|asked|tell|told|thank|thanked|copy|cc|call|called|email|e-mail|emailed|ping"
    r"|pinged|meet|met|introduce|introduced|remind|reminded|invite|invited|let|says|said"
    r"|asks|wrote|starring|featuring|call me|named|name is|name's|name\?|surname is))[ \t]+$"
)
_PERSON_VERB = regex.compile(
    r"[ \t]+(?:said|says|asked|asks|wrote|writes|told|tells|replied|replies|thinks|thought"
    r"|agreed|mentioned|suggested|explained|noted|emailed|called|signed|wants|wanted|feels"
    r"|felt|believes|believed)\b"
)
_POSSESSIVE = regex.compile(r"['’]s$")
# A speaker's label in a dialogue: `Jane: "Who are you?"`.
_SPEAKER = regex.compile(r"[ \t]*:[ \t]*[\"“]")
_CUE = regex.compile(
    r"(?i:\b(?:attention|attn|name|by|c/o|care of|contact|contact person|signed(?: by)?"
    r"|signature|witness|print name|printed name))\b\.?[ \t]*:?[ \t]*"
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?[ \t]+)?$"
)


@lru_cache(maxsize=64)
def _salutation_names(text: str) -> list[tuple[int, int, float]]:
    return find_salutation_names(text)


def corroborated(text: str, start: int, end: int) -> bool:
    """Whether the NER PERSON text[start:end] is backed by the lists, its context or its shape."""
    first, last, common = name_lists()
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(text[start:end])]
    if any(w.lower() in first or (w.lower() in last and w.lower() not in common) for w in words):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if any(p.search(before) for p in (_HONORIFIC, _CUE, _PERSON_OBJECT)):
        return True
    if _PERSON_VERB.match(text, end) or _SPEAKER.match(text, end):
        return True
    if any(a < end and start < b for a, b, _ in _salutation_names(text)):
        return True  # presidio keeps the NER result of a greeting's name, not the greeting's
    unknown = [w for w in words if w[:1].isupper() and not english_word(w) and not proper_noun(w)]
    return len(words) >= 2 and len(unknown) >= 2
