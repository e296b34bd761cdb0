"""One calibrated score for "this capitalised word names a person", from weak evidence combined.

The rule modules (`names`, `backed`, `salutations`, `cues`, ...) each fire on one strong sign;
a name that shows none of them alone (an unlisted surname in running prose, a surname before a
report's name, a nickname in brackets) is left. Here every candidate word (a capitalised word,
or a lower-case one that a name list holds or that the text also writes capitalised) gets
cheap features: which name lists and dictionaries hold it, where it stands (sentence start, a
line of its own, a run of capitalised words), the cue words around it (titles, greetings, verbs
whose object or subject is a person, a determiner, an organisation word after it, brackets),
whether the text repeats it, and the entity spaCy's NER (already run) put it in. A logistic
regression over them, fitted on the dev labels of the real-text set only
(`benchmarks/pii_eval/fit_person_score.py`, which also chooses the threshold), gives the
probability; words at or above the threshold are reported as PERSON, neighbours joined into
one name. The weights are plain numbers in `curate/data/person_score.json`.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import regex

from curate.pii.address import _STREET_TYPE
from curate.pii.cues import CUE, HONORIFIC, PERSON_OBJECT, PERSON_VERB
from curate.pii.names import CALENDAR, backing_lists, english_word, name_lists, nicknames, proper_noun
from curate.pii.terms import ORG_WORDS, organisations

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Above the NER model's 0.85, as the other trusted name recognizers: the score decides.
SCORE = 0.9
_CAPITALISED = regex.compile(
    r"(?<![\w@/\\.\-])\p{Lu}[\p{Ll}\p{M}]+(?:(?:-|['’](?!s\b))\p{Lu}?[\p{Ll}\p{M}]+)*"
    r"(?![\w@/]|['’](?:t|ll|re|ve|d|m)\b|-\d)"
)
_LOWER = regex.compile(r"(?<![\w@/\\.\-])\p{Ll}{3,}(?![\w@/])")
# The word before a candidate on its line, searched backwards as `_SENTENCE_START` (below):
# the same word, its greedy run of letters taken from the end.
_WORD_BEFORE = regex.compile(r"(?r)([\p{L}\p{M}'’.]+)[ \t]*$")
# Searched backwards (`(?r)`) from a word's start: forwards, every position of the text before
# it was tried (found or not, the same answer).
_SENTENCE_START = regex.compile(r"(?r)(?:^|[.!?:;]\s+|\n\s*[-*>\d.)]*\s*|[\"“(]\s*)$")
_DETERMINER = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her",
    "my", "your", "each", "every", "any", "no", "some", "of", "new",
})
_ORG_AFTER = regex.compile(rf"[ \t]+(?:{ORG_WORDS}|Act|Committee|Commission"
                           r"|Council|Association|Board|Department|Center|Centre)\b")
_SIGN_LINE = regex.compile(r"^[ \t]*(?:[-–—]+[ \t]*)?(?:\p{Lu}[\p{L}\p{M}'’.\-]*[ \t]*){1,3}$")
HEADER_LINE = regex.compile(r"^[ \t>]*(?i:subject|re|fw|fwd|to|from|cc|date)[ \t]*:")
_GAP = regex.compile(r"[ \t\u00a0]+(?:\p{Lu}\.?[ \t\u00a0]+)?")
# A measure, report, plan or study named after a person follows the name, maybe after one word
# (`the Calloway Energy Report`, `the Preston draft`, `Brandt energy plan`, `the Roe Study`).
MEASURE = regex.compile(
    r"(?:[-/]\p{Lu}[\p{L}\p{M}'’]+)*(?:[ \t]+[\p{L}]+)?[ \t]+(?i:bill|amendment|legislation"
    r"|subcommittee|draft|proposal|report|plan|study|administration|campaign)\b"
)
_NUMBER_AFTER = regex.compile(r"[ \t\u00a0]*\(?v?\d")
_STREET_AFTER = regex.compile(rf"[ \t\u00a0]+{_STREET_TYPE}")
_FIRM_AFTER = regex.compile(r"[ \t\u00a0]*(?:&|,?[ \t\u00a0]+and[ \t\u00a0]+Co\b)")
_PLACE_BEFORE = regex.compile(  # backwards, as `_SENTENCE_START`
    r"(?r)(?<![\w])(?:San|Santa|St|Saint|Fort|Ft|Port|New|Los|Las|El|La|Le|Des|Mount|Mt|Lake|Cape"
    r"|West|East|North|South|Upper|Lower)\.?[ \t\u00a0]+$"
)
# A line of code, a table row, a log line or a key-value dump: names there are rarely people's.
_CODE_LINE = regex.compile(r"[|`{}=<>]|://|::|\w\(|\)\.|\w_\w|\.\w+\(|^\s*[#$>]|\d+\.\d+\.\d+")
# A field label just before the word on its line (`OS: Darwin`, `Product: Jackson`), not one
# of the person labels that `curate.pii.cues.CUE` knows (`Attention:`, `By:`).
_LABEL_BEFORE = regex.compile(r"(?r)[\p{L}][\p{L} ]{0,20}:[ \t\u00a0]*$")  # backwards too
_ACRONYM_BEFORE = regex.compile(r"(?<![\w])\p{Lu}{2,}[ \t\u00a0]+$")

FEATURES = (
    "first", "first_ambiguous", "nickname", "surname", "surname_rare", "common", "dictionary",
    "proper_noun", "unknown", "calendar", "lower_case", "short", "sentence_start", "own_line", "header_line",
    "run_before", "run_after", "long_run", "determiner", "title", "cue_before", "object_verb",
    "verb_after", "possessive", "org_after", "measure_after", "comma_after", "bracketed",
    "repeated", "capitalised_elsewhere", "lower_elsewhere", "in_org", "number_after",
    "acronym_before", "street_after", "firm_after", "place_before", "code_line", "label_before",
    "ner_person", "ner_org", "ner_place", "ner_other",
    "unknown_possessive", "unknown_in_header", "unknown_acting", "surname_acting",
)
# Actions that a person's name (or a party's) does as the subject (`Nardell will assist`).
_ACTING = regex.compile(r"[ \t]+(?:will|shall|agrees|agreed|left|joined|is|was|has|had|would|can"
                        r"|could|may|might|did|does)\b")


@lru_cache(maxsize=1)
def _data() -> dict:
    data = json.loads((resources.files("curate") / "data" / "person_score.json").read_text())
    if tuple(data["features"]) != FEATURES:
        raise ValueError("curate/data/person_score.json: its features are not FEATURES; refit "
                         "with benchmarks/pii_eval/fit_person_score.py")
    return data


@lru_cache(maxsize=1)
def model() -> tuple[tuple[float, ...], float, float]:
    """(weights in FEATURES order, bias, threshold) from `curate/data/person_score.json`."""
    data = _data()
    return tuple(data["weights"]), data["bias"], data["threshold"]


@lru_cache(maxsize=1)
def mail_model() -> tuple[tuple[float, ...], float, float]:
    """(weights, bias, threshold) of the score for e-mail (`curate.pii.mail_names`): the same
    features fitted on dev's Enron records only, its threshold chosen there against a ceiling
    of wrong placeholders; threshold 1.0 (nothing added) when the file has none."""
    mail = _data().get("mail")
    if mail is None:
        return (*model()[:2], 1.0)
    return tuple(mail["weights"]), mail["bias"], mail["threshold"]


def candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words the score reads: capitalised words, and lower-case words that
    a first-name list holds or that the text also writes capitalised."""
    first = name_lists()[0]
    capitalised = [m.span() for m in _CAPITALISED.finditer(text)]
    seen = {text[s:e].lower() for s, e in capitalised}
    lower = [m.span() for m in _LOWER.finditer(text)
             if (w := m.group()) in first or w in seen]
    return sorted(capitalised + lower)


def features(
    text: str, spans: list[tuple[int, int]], entities: list[tuple[int, int, str]]
) -> list[list[float]]:
    """One row of FEATURES (0/1) per candidate span of `text`; `entities`: spaCy's entities of
    `text` as presidio labels them, (start, end, label), possibly none."""
    first, last, common = name_lists()
    ambiguous, rare = backing_lists()
    nick = nicknames()
    words = [text[s:e] for s, e in spans]
    counts: dict[str, int] = {}
    for w in words:
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    orgs = organisations(text)
    forms: dict[str, set[bool]] = {}
    for w in words:
        forms.setdefault(w.lower(), set()).add(w[0].isupper())
    rows = []
    code_lines: dict[int, bool] = {}  # by a line's start: whether it is code, asked once a line
    for i, ((start, end), word) in enumerate(zip(spans, words, strict=True)):
        lower = word.lower()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if line_start not in code_lines:
            code_lines[line_start] = bool(_CODE_LINE.search(line))
        before = text[line_start:start]
        prev = _WORD_BEFORE.search(before)
        prev_word = prev.group(1).lower().rstrip(".") if prev else ""
        run_before = i > 0 and _joined(text, spans[i - 1], start) and words[i - 1][0].isupper()
        run_after = (i + 1 < len(spans) and _joined(text, (start, end), spans[i + 1][0])
                     and words[i + 1][0].isupper())
        long_run = (run_before and i > 1 and _joined(text, spans[i - 2], spans[i - 1][0])) or (
            run_after and i + 2 < len(spans) and _joined(text, spans[i + 1], spans[i + 2][0]))
        label = _entity(entities, start, end)
        rows.append([float(x) for x in (
            lower in first and lower not in ambiguous,
            lower in ambiguous,
            lower in nick,
            lower in last,
            lower in rare,
            lower in common,
            lower not in common and english_word(word),
            proper_noun(word),
            not (lower in first or lower in ambiguous or lower in last or lower in rare
                 or lower in common or english_word(word) or proper_noun(word)),
            lower in CALENDAR,
            word[0].islower(),
            len(word) <= 3,
            bool(_SENTENCE_START.search(text, 0, start)) and not run_before,
            bool(_SIGN_LINE.match(line)),
            bool(HEADER_LINE.match(line)),
            run_before,
            run_after,
            long_run,
            prev_word in _DETERMINER,
            bool(HONORIFIC.search(before)),
            bool(CUE.search(before)),
            bool(PERSON_OBJECT.search(before)),
            bool(PERSON_VERB.match(text, end)),
            text.startswith(("'s", "’s"), end),
            bool(_ORG_AFTER.match(text, end)),
            bool(MEASURE.match(text, end)),
            text.startswith(",", end),
            text[start - 1 : start] == "(" and text.startswith(")", end),
            counts[lower] > 1,
            word[0].islower() and True in forms[lower],
            word[0].isupper() and False in forms[lower],
            any(a <= start and end <= b for a, b in orgs),
            bool(_NUMBER_AFTER.match(text, end)),
            bool(_ACRONYM_BEFORE.search(text, max(0, start - 12), start)),
            bool(_STREET_AFTER.match(text, end)),
            bool(_FIRM_AFTER.match(text, end)),
            bool(_PLACE_BEFORE.search(before)),
            code_lines[line_start],
            bool(_LABEL_BEFORE.search(before)) and not CUE.search(before),
            label == "PERSON",
            label == "ORGANIZATION",
            label == "LOCATION",
            label not in ("", "PERSON", "ORGANIZATION", "LOCATION"),
        )])
        row = rows[-1]
        acting = bool(_ACTING.match(text, end) or PERSON_VERB.match(text, end))
        unknown = row[FEATURES.index("unknown")] == 1.0
        row += [float(unknown and row[FEATURES.index("possessive")] == 1.0),
                float(unknown and row[FEATURES.index("header_line")] == 1.0),
                float(unknown and acting),
                float(lower in last and word[0].isupper() and acting)]
    return rows


def opening(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence or a line, or stands in a header line (a
    subject's title case): where a capital says nothing about a name."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_SENTENCE_START.search(text, 0, start) or HEADER_LINE.match(text, line_start))


def _joined(text: str, left: tuple[int, int], right_start: int) -> bool:
    """Whether only spaces or tabs (or a middle initial) lie between two words."""
    return bool(_GAP.fullmatch(text, left[1], right_start))


def _entity(entities: list[tuple[int, int, str]], start: int, end: int) -> str:
    return next((label for s, e, label in entities if s <= start and end <= e), "")


def probability(row: list[float], mail: bool = False) -> float:
    weights, bias, _ = mail_model() if mail else model()
    z = bias + sum(w * x for w, x in zip(weights, row, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def scored_names(
    text: str, entities: list[tuple[int, int, str]], mail: bool = False
) -> list[tuple[int, int, float]]:
    """(start, end, probability) of the names the score finds in `text`: candidates at or above
    the threshold, neighbours (a space apart) joined into one name; `mail`: with the e-mail
    weights and threshold (`mail_model`)."""
    threshold = (mail_model() if mail else model())[2]
    spans = candidates(text) if threshold < 1.0 else []  # 1.0: dev found no cut worth adding
    if not spans:
        return []
    found: list[tuple[int, int, float]] = []
    for (start, end), row in zip(spans, features(text, spans, entities), strict=True):
        p = probability(row, mail)
        if p < threshold:
            continue
        if found and _joined(text, found[-1][:2], start):
            found[-1] = (found[-1][0], end, max(found[-1][2], p))
        else:
            found.append((start, end, p))
    return found


def person_score_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `scored_names` as PERSON (spaCy's entities from the NER
    pass that already ran)."""
    from curate.pii.finder import finder_recognizer

    def find(text: str, artifacts: NlpArtifacts | None) -> list[tuple[int, int, float]]:
        entities = [(e.start_char, e.end_char, e.label_) for e in artifacts.entities] if (
            artifacts is not None) else []
        return [(start, end, SCORE) for start, end, _ in scored_names(text, entities)]

    return finder_recognizer("PERSON", "PersonScoreRecognizer", find)
