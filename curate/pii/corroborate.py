"""A PERSON that only the small NER model found is replaced only when something else says so.

spaCy's small model calls company, product and place names people (`Accuray`, `Bazel`,
`Dabhol`, `Long Term`); the name rules and the record's structure are not fooled by them. A
PERSON result of the NER recognizer is kept when it is corroborated by
- the name lists: a listed first name, or a listed surname that is no common English word,
  among its words (`Tuuli`, `Kubiak`, `Murphy`; not `Long`, `White`), or a rarer census
  surname beside another word that the text never writes in lower case (`Velio Fornaro`; not
  a lone `Bazel`; `names.backing_lists`);
- a name rule (`curate.pii.names.find_names`) finding it too: presidio keeps one result of a
  span, the model's, so the rule's own evidence (`Dravko's staff meeting`) must count here;
- a first name that is also a word (`Mark`, `Bill`, `Ed`) before a capitalised word that is
  none (`Mark Kinsella`) or a surname's initial (`Bill K.`), or alone before an auxiliary
  (`Pat was told`) or when the text also writes it before a surname-like word
  (`Drew Okonkwa-Lind ... Drew`);
- its context: an honorific or title before it (`Ms. Nardell`, `Chairman Vorlitzke`, `Sen.
  Quillbarrow`), a person cue right before it on its line (`Attention:`, `Attn`, `Name:`, `By:`,
  `c/o`, `Contact`, `signed by`), an e-mail header line (`From:`, `To:`, `Cc:`), a listed first
  name right before it (`Dolores\nQuarrington`) or after it as `Surname, First` (`Hueterbach, Barbara`),
  the first name of a `Surname, First;` list entry (`Carver, Kaynor;`),
  a verb whose object is a person or a naming phrase before it (`please copy Maelys`, `says
  Bergqvist`, `my name is Piusz`), a verb of speaking after it (`Bill Hardy asked`), a
  dialogue's speaker label (`Jane: "..."`), or a greeting or signature naming it (`Hi
  Manlio,`);
- its shape: two or more capitalised words, at least two of them neither English words,
  dictionary proper nouns nor short acronyms (`Xinhao Quzhang`; not `Bitcoin Core`, `Stanford
  Research`, `ECT@ECT Subject`).
Otherwise it is dropped; being dropped, it is never propagated either.

`NER_TRUST` says how far the model's PERSON counts on its own: `none` (only the backing
above), `own` (always), `unknown` (with one capitalised word that is no English word,
proper noun or short acronym, not two). `benchmarks/pii_eval/fit_ner.py` judges each mode
with the original and the updated NER model, out of fold.
"""

from __future__ import annotations

from typing import Literal, get_args

import regex

from curate.pii.cues import person_context
from curate.pii.names import backing_lists, english_word, kept_names, name_lists, proper_noun
from curate.pii.salutations import kept_salutation_names

_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
# An e-mail header line that lists people: `To: Mignolden, Janine; Stenson, Kerry`.
_HEADER_LINE = regex.compile(r"^[ \t>]*(?i:from|to|cc|bcc|sent by|reply-to)[ \t]*:")
# The first name after a surname in `Surname, First` order, and a word before a name.
_COMMA_FIRST = regex.compile(r",[ \t]*(?P<first>\p{Lu}[\p{Ll}\p{M}]+)\b")
# A `Surname, First;` entry of an address list: the surname before, the `;` after.
_LIST_ENTRY = regex.compile(r"\p{Lu}[\p{L}\p{M}'’\-]+,[ \t]*$")
_ENTRY_END = regex.compile(r"[ \t]*;")
_WORD_BEFORE = regex.compile(r"(?P<word>\p{Lu}[\p{Ll}\p{M}]+)[ \t]*\n?[ \t]*$")
# An auxiliary after a first name that is also a word: `Pat was told`, `Drew would give`.
_AUXILIARY = regex.compile(r"[ \t]+(?:has|had|would|will|was|is|can|could)\b")
_POSSESSIVE = regex.compile(r"['’]s$")
# A surname's initial ending a name: `Bill K.` (the period inside the result or right after).
_INITIAL_END = regex.compile(r"[ \t]\p{Lu}\.$")

NerTrust = Literal["none", "own", "unknown"]
NER_TRUSTS: tuple[NerTrust, ...] = get_args(NerTrust)
NER_TRUST: NerTrust = "none"


def without_possessive(word: str) -> str:
    """A word without its possessive (`Roe's` -> `Roe`)."""
    return _POSSESSIVE.sub("", word)


def corroborated(text: str, start: int, end: int) -> bool:
    """Whether the NER PERSON text[start:end] is backed by the lists, its context or its shape."""
    if NER_TRUST == "own":
        return True
    words = [without_possessive(w) for w in _WORD.findall(text[start:end])]
    if _listed(text, words) or _word_first_name(text, words, end):
        return True
    if any(s <= start and end <= e for s, e, _ in kept_names(text)):
        return True  # a name rule agrees (presidio kept the model's result of the span)
    if person_context(text, start, end):
        return True
    if _HEADER_LINE.search(text[text.rfind("\n", 0, start) + 1 : start]):
        return True
    if _next_to_first_name(text, start, end):
        return True
    if greeted(text, start, end):
        return True  # presidio keeps the NER result of a greeting's name, not the greeting's
    unknown = [w for w in words if w[:1].isupper() and not english_word(w) and not proper_noun(w)
               and not (w.isupper() and len(w) <= 4)]  # not an acronym: `ECT@ECT Subject`
    return len(unknown) >= 1 if NER_TRUST == "unknown" else len(words) >= 2 and len(unknown) >= 2


def greeted(text: str, start: int, end: int, within: bool = False) -> bool:
    """Whether a greeting, signature or notice cue names text[start:end] (`Attention: X`):
    overlaps such a name, or (`within`) lies inside one."""
    return any(a <= start and end <= b if within else a < end and start < b
               for a, b, _ in kept_salutation_names(text))


def _listed(text: str, words: list[str]) -> bool:
    """A listed first name, or a surname that is no common English word, among `words`; or,
    beside another word, a rarer surname that the text never writes in lower case (`Velio
    Fornaro`; alone it is too often a tool's name: `built it with Bazel`, `bazel build`)."""
    first, last, common = name_lists()
    if any(w.lower() in first or (w.lower() in last and w.lower() not in common) for w in words):
        return True
    rare = [w for w in words if w[1:].islower() and w.lower() in backing_lists()[1]
            and not english_word(w) and not regex.search(rf"(?<!\w){regex.escape(w.lower())}(?!\w)", text)]
    return bool(rare) and len(words) >= 2


def _word_first_name(text: str, words: list[str], end: int) -> bool:
    """A first name that is also a word (`Mark`) before a surname-like word (`Mark Kinsella`)
    or a surname's initial (`Mark K.`), or alone before an auxiliary (`Pat was told`) or when
    the text writes it before a surname elsewhere (`Drew Okonkwa-Lind ... Drew`)."""
    if not words or words[0].lower() not in backing_lists()[0] or not words[0][:1].isupper():
        return False
    if len(words) >= 2:
        return _surname_like(words[-1]) or any(
            _INITIAL_END.search(text, max(0, end - 3), stop) for stop in (end, end + 1))
    if _AUXILIARY.match(text, end):
        return True
    after = regex.finditer(rf"(?<!\w){regex.escape(words[0])}[ \t]+(\p{{Lu}}[\p{{L}}\p{{M}}'’\-]+)",
                           text)
    return any(_surname_like(m[1]) for m in after)


def _surname_like(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and not english_word(word)


def _next_to_first_name(text: str, start: int, end: int) -> bool:
    """`Hueterbach, Barbara` (the first name after a comma), `Dolores Quarrington` across a line
    break (a listed first name next to a one-word NER name), or the first name of a
    `Surname, First;` list entry."""
    first = name_lists()[0]
    if _LIST_ENTRY.search(text, max(0, start - 40), start) and _ENTRY_END.match(text, end):
        return True  # `Carver, Kaynor;` in a continued header list
    after = _COMMA_FIRST.match(text, end)
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return bool(
        (after and after["first"].lower() in first)
        or (before and before["word"].lower() in first and " " not in text[start:end].strip())
    )
