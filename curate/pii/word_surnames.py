"""In mail, a surname that is a common English word, alone, where a person cue stands by it.

No list takes `Brown`, `Wood` or `Stone` alone: the census surnames that are common words are
left out of `curate/data/surnames.txt`, and a capitalised common word is as often a heading's,
a place's or a firm's. `curate/data/surnames_common.txt` holds them (no other rule
reads it); one counts only where the words beside it say a person stands there, on its line:

- a verb of speaking or acting right after it (`Wood said`, `Stone agreed`;
  `curate.pii.cues.PERSON_VERB`), or a verb whose object is a person right before it (`asked
  Jolly`, `said Stone.`, `call Brown`; `curate.pii.cues.PERSON_OBJECT`);
- `and I` after it (`White and I will go`);
- opening a sentence or a line, only before a verb of speaking or `and I` (`Carpenter said`;
  not `Just wanted to`, `Hope you're well`);
- with no capitalised word beside it (`White House`, `Chairman Carl Wood`: the other rules
  take a title's or a full name's), no number after it (`it says Block 50`), not a month
  or a weekday (`said Monday`) and no title or role (`Judge asked`, `Speaker said`); never on
  a header or subject line.

Only e-mail (`curate.pii.genre`): forwarded news in mail quotes public figures by surname,
which the labels count as people; a ticket's or a contract's capitalised words are products,
parties and headings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from curate.pii.cues import PERSON_OBJECT, PERSON_VERB
from curate.pii.names import CALENDAR, common_surnames
from curate.pii.person_score import HEADER_LINE, opening

if TYPE_CHECKING:
    from curate.pii.detect import Span

SCORE = 0.6
# Surnames that are also titles or roles, which stand for their bearer alone (`Judge asked`,
# `Speaker said`, `Doctor says`): no one's name there.
_ROLES = frozenset({"judge", "major", "doctor", "nurse", "officer", "king", "queen", "prince",
                    "speaker", "mayor", "leader", "dean", "bishop", "sheriff", "marshal",
                    "chancellor", "justice", "chief", "general", "captain", "colonel", "pope"})
_WORD = regex.compile(r"(?<![\w@./\\\-])\p{Lu}\p{Ll}{2,}(?![\w@]|['’]\p{L}{2}|-\w)")
_SPOKE = regex.compile(
    r"[ \t]+(?:said|says|told|tells|asked|asks|replied|replies|added|adds|noted|notes|explained"
    r"|wrote|writes|commented|reported|agreed|confirmed|argued|insisted|acknowledged)\b")
# `Brown and I will go`: the one the writer pairs with himself.
_AND_I = regex.compile(r"[ \t]+and[ \t]+I\b")
_CAPITALISED_BEFORE = regex.compile(r"\p{Lu}[\p{L}'’&\-]*[ \t]+$")
_AFTER = regex.compile(r"(?:['’]s)?[ \t]+(?:\p{Lu}|\d)")


def word_surnames(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """(start, end) of each common-word surname alone where a person cue stands by it (see
    the module docstring), outside `spans`; a PERSON for the caller (scored `SCORE`)."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group().lower()
        if word not in common_surnames() or word in CALENDAR or word in _ROLES:
            continue
        start, end = m.span()
        if any(s.start < end and start < s.end for s in spans) or not _cued(text, start, end):
            continue
        out.append((start, end))
    return out


def _cued(text: str, start: int, end: int) -> bool:
    """Whether a person cue stands by text[start:end] on its line (see the module docstring)."""
    line = text.rfind("\n", 0, start) + 1
    if HEADER_LINE.match(text, line) or _CAPITALISED_BEFORE.search(text, line, start):
        return False
    if _AFTER.match(text, end):
        return False
    if _AND_I.match(text, end):
        return True
    if opening(text, start):
        return bool(_SPOKE.match(text, end))
    return bool(PERSON_VERB.match(text, end) or PERSON_OBJECT.search(text, line, start))
