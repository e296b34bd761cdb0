"""Names in e-mail prose that no rule backs, from the person score at the e-mail threshold.

On mail the chain is precise far past the target (Enron wrong placeholders 1.7-3.3% against a
10% ceiling) and short on recall: what leaks is unlisted first names and surnames in running
prose with no cue (`Varadesh?`, `I have Dravnik down for it`), which the small NER model misses or
calls an organisation. The person score (`curate.pii.person_score`) already weighs the weak
evidence for such a word (name lists, English-word tiers, position, cues, letter case,
repetition, NER's label); for a record from the `emails` ingestor the same features are
weighed as fitted on dev's Enron records alone, with a threshold chosen there so that their
wrong placeholders stay at or under 5% (`person_score.mail_model`), not as the all-corpora
fit and threshold; and surnames written with a particle glued to a capitalised stem
(`DeVrenko`), which the score never reads, where NER or a person cue says they name a person.
Tickets and contracts, whose wrong placeholders are already near or over
10%, keep the all-corpora score (which adds nothing today).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from curate.pii import person_score
from curate.pii.cues import person_context
from curate.pii.names import backing_lists, english_word, name_lists, nicknames
from curate.pii.terms import organisations, postal_town

if TYPE_CHECKING:
    from presidio_analyzer import RecognizerResult

    from curate.pii.analyze import LazyArtifacts

# The recognizer name the results carry: the person score's, so the chain trusts them alike.
RECOGNIZER = "PersonScoreRecognizer"
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
# A short word right after a number is its unit (`450 Mwe`, `2.5 mb`), no one's name.
_UNIT = regex.compile(
    r"(?<=\d[ \t]*)(?i:[kmgt]b|[kmg]wh?|mwe|[km]v|mmbtu|bcf|mcf|btu|hz|kg|km|lbs?|ft|mph)")
# A surname's particle glued to its capitalised stem (`DeVrenko`, `McTavish`, `O'Vrenly`).
_PARTICLE_NAME = regex.compile(
    r"(?<![\w@/\\.\-])(?:Mc|Mac|O['’]|De|Di|Da|Du|La|Le|Van|Von)\p{Lu}\p{Ll}{2,}"
    r"(?![\w@/]|['’](?:t|ll|re|ve|d|m)\b|-\d)")
# An English word with a prefix or suffix the word list's affix rules do not make (`Noncompete`,
# `Unhedged`): the list's unknown words are the score's evidence, these are none.
_PREFIX = regex.compile(r"(?:un|de|re|non|dis|mis|pre|over|under|in|im|co|sub|inter)(?=\p{L}{6})")
_SUFFIX = regex.compile(r"(?<=\p{L}{5})(?:ly|ally|ness|ment|ments|ation|ations|ion|ions|er|ers|al)$")


def mail_names(text: str, artifacts: LazyArtifacts) -> list[RecognizerResult]:
    """PERSON results for the words of `text` (a mail's) at or above the e-mail threshold;
    `artifacts`: the NER pass that already ran on it."""
    if person_score.mail_model()[2] >= 1.0:
        return []
    from presidio_analyzer import RecognizerResult

    entities = [(e.start_char, e.end_char, e.label_) for e in artifacts.entities]
    # not inside a place or a date NER names (`Return to Houston`, `Thu evening`) or an
    # organisation's name (`Quarry Hill Associates`, `the Two Marlow Center`), nor a postal
    # line's town, nor a unit
    owners = [(s, e) for s, e, label in entities if label in ("LOCATION", "DATE_TIME")
              ] + organisations(text)
    # nor holding a word NER calls a place where the text writes it elsewhere (`California
    # Bill` in a subject, `aid to California` in the body): one reading of the word is a place
    places = {w.casefold() for s, e, label in entities if label == "LOCATION"
              for w in _WORD.findall(text[s:e])}
    # NER's PERSON vouches for English words only within a line: one across a line break runs
    # from a signature's name into the department under it (`Hal Roe\nDepartment of Economics`)
    people = [(s, e) for s, e, label in entities if label == "PERSON" and "\n" not in text[s:e]]
    scored = [(start, end) for start, end, _ in person_score.scored_names(text, entities, mail=True)]
    return [
        RecognizerResult("PERSON", start, end, person_score.SCORE,
                         recognition_metadata={"recognizer_name": RECOGNIZER})
        for start, end in scored + _particle_names(text, people)
        if text[:start].strip() or text[end:].strip(" \t\n.!?:")  # a whole text is a label (`Reply.`)
        if not any(s <= start and end <= e for s, e in owners) and not postal_town(text, end)
        and not any(w.casefold() in places for w in _WORD.findall(text[start:end]))
        and not _UNIT.fullmatch(text, start, end)
        and not _common_words(_WORD.findall(text[start:end]),
                              any(s <= start and end <= e for s, e in people),
                              _cued(text, start, end) or not person_score.opening(text, start))
    ]


def _particle_names(text: str, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of surnames written with a particle glued to a capitalised stem
    (`DeVrenko`, `McTavish`, `O'Vrenly`), which the score never reads (its candidates are
    capitalised words with no capital inside), where NER calls the word a person or a person
    cue stands by it (`met McTavish`, `McTavish said`): alone the shape is as often a firm's
    or a place's (`DuPont`, `LaGuardia`)."""
    return [m.span() for m in _PARTICLE_NAME.finditer(text)
            if any(s <= m.start() and m.end() <= e for s, e in people)
            or person_context(text, *m.span())]


def _cued(text: str, start: int, end: int) -> bool:
    """A person cue around text[start:end] (`ask Roe`, `Sen. Roe`, `Roe said`) or a measure
    or plan it names as its sponsor (`the Roe energy plan`)."""
    return person_context(text, start, end) or bool(person_score.MEASURE.match(text, end))


def _common_words(words: list[str], ner_person: bool, vouched: bool) -> bool:
    """Words that are English before they are a name: a lower-case English word (`will`,
    `don`), one the list misses an affix of (`Unhedged`), only English words that no name
    list holds and NER does not call a person (`Reply.`; not `Roe said`), or one such word
    that NER calls a person unless `vouched` (a person cue stands by it, `ask Roe`, or it
    stands mid-sentence, where its capital is evidence): `Congrats` opening a line, `Lunch
    with ...`, a subject's `Regulatory Meeting`. On dev's Enron mail NER's PERSON on a lone
    unlisted English word was right 2 times in 38, never where it opened a sentence."""
    first, last, common = name_lists()
    english = [english_word(w) or w.lower() in common for w in words]
    if any(_affixed(w) or (w.islower() and e) for w, e in zip(words, english, strict=True)):
        return True
    unlisted = all(e and w.lower() not in first and w.lower() not in last
                   for w, e in zip(words, english, strict=True))
    if not ner_person:
        return unlisted
    return unlisted and len(words) == 1 and not vouched and not _backed(words[0])


def _backed(word: str) -> bool:
    """Whether a weaker list holds the word: an ambiguous first name, a rare surname or a
    nickname (`Pat`, `Rob`)."""
    ambiguous, rare = backing_lists()
    return word.lower() in ambiguous or word.lower() in rare or word.lower() in nicknames()


def _affixed(word: str) -> bool:
    """An English word the list misses, with a prefix or a suffix off (`Noncompete`,
    `Unhedged`)."""
    lower = word.lower()
    return any(english_word(stem) for stem in (
        _PREFIX.sub("", lower, count=1), _SUFFIX.sub("", lower), _SUFFIX.sub("e", lower),
    ) if stem != lower)
