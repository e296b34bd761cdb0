"""Find PII spans in a batch of texts: one spaCy pass per text (`nlp.pipe`), then recognizers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from curate.pii.corroborate import corroborated, greeted
from curate.pii.genre import Genre, greeted_in_genre, guessed_name_allowed, number_allowed
from curate.pii.joined_names import mail_joined
from curate.pii.mail_names import mail_names
from curate.pii.name_neighbours import completions, lower_copies, short_lines, surname_copies
from curate.pii.places import tied_places
from curate.pii.recognizers import PatternSpec, role_mailbox
from curate.pii.terms import named_pieces, organisations
from curate.pii.word_surnames import SCORE as WORD_SURNAME_SCORE
from curate.pii.word_surnames import word_surnames

if TYPE_CHECKING:
    from presidio_analyzer import RecognizerResult
    from threadpoolctl import ThreadpoolController

    from curate.pii.engine import Part

@dataclass(frozen=True, order=True)
class Span:
    """A PII finding: character offsets into its text, the entity type and the score."""

    start: int
    end: int
    entity: str
    score: float


def canonical(value: str) -> str:
    """The matching form of a value: case-folded, whitespace collapsed."""
    return " ".join(value.casefold().split())


def detect(
    texts: Sequence[str],
    entities: Sequence[str],
    threshold: float,
    extra: tuple[PatternSpec, ...] = (),
    allow: frozenset[str] = frozenset(),
    batch_size: int = 64,
    part: Part = "all",
    genre: Genre = "other",
) -> list[list[Span]]:
    """Non-overlapping spans per text; allow-listed values (canonical form) are never spans.

    `part` picks the recognizers (`curate.pii.engine.Part`); spaCy runs only what they need.
    `genre`: the kind of document the texts come from (`curate.pii.genre`), which decides the
    evidence a guessed name needs there and whose addresses and places are personal.
    A text that occurs more than once (a header or `meta` value repeated across a batch) is
    read once."""
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        once = detect(unique, entities, threshold, extra, allow, batch_size, part, genre)
        by_text = dict(zip(unique, once, strict=True))
        return [list(by_text[text]) for text in texts]
    from curate.pii.analyze import LazyArtifacts, analyze
    from curate.pii.engine import analyzer

    engine = analyzer(extra, part)
    wanted = sorted(
        (set(entities) | {spec.entity for spec in extra}) & set(engine.get_supported_entities("en"))
    )
    # as `AnalyzerEngine.analyze` does, no entity of the part's asked for means all of them
    wanted = wanted or engine.get_supported_entities("en")
    recognizers = engine.registry.get_recognizers("en", wanted)
    nlp_engine = engine.nlp_engine
    nlp = nlp_engine.get_nlp("en")
    # Without NER ("patterns") a text is tokenised only if a context word is looked for.
    if part == "patterns":
        docs: list = [None] * len(texts)
    else:
        # One BLAS thread: NER's matrices are small, and worker processes use the cores.
        with _blas().limit(limits=1, user_api="blas"):
            docs = list(nlp.pipe(texts, batch_size=batch_size))
    artifacts = [LazyArtifacts(text, doc, nlp_engine) for text, doc in zip(texts, docs, strict=True)]
    found = []
    for text, a in zip(texts, artifacts, strict=True):
        results = analyze(engine, recognizers, text, a, wanted, threshold)
        mail_people = genre == "mail" and part == "all" and "PERSON" in wanted
        if mail_people:
            results += mail_names(text, a)  # the person score's e-mail threshold
        if not results:  # no span to judge: the organisations and places rules keep none
            found.append(_word_surnames(text, []) if mail_people else [])
            continue
        ner_orgs = [(e.start_char, e.end_char) for e in a.entities if e.label_ == "ORGANIZATION"]
        # Organisation names by rule; for people also spaCy's (noisy around postcodes, so
        # places and addresses use the rule's only).
        orgs = organisations(text)
        people_orgs = sorted(orgs + ner_orgs)
        trusted = [_trusted(r, text, genre) for r in results]
        spans = [
            Span(start, end, entity, r.score)
            for r, sure in zip(results, trusted, strict=True)
            for r_start, r_end in _slash_pieces(r, text)
            if _plausible(r.entity_type, text, r_start, r_end, allow)
            and number_allowed(genre, r.entity_type, text, r.start, r.end)
            and (not _ner_person(r) or corroborated(text, r_start, r_end))
            for start, end, entity in named_pieces(
                r.entity_type,
                text,
                r_start,
                r_end,
                people_orgs if r.entity_type == "PERSON" else orgs,
                sure or (r.entity_type == "PERSON" and greeted(text, r.start, r.end, True)),
            )
            if entity != "PERSON" or sure or guessed_name_allowed(genre, text, start, end)
        ]
        spans = merge(tied_places(text, spans, orgs, genre))
        if genre == "mail":  # a found name vouches for its neighbour, partner, copies, short line
            ner = [(e.start_char, e.end_char, e.label_) for e in a.entities]
            spans = merge([*spans, *completions(text, spans, ner)])
            spans = merge([*spans, *mail_joined(text, spans, ner)])
            spans = merge([*spans, *lower_copies(text, spans), *surname_copies(text, spans),
                           *short_lines(text, spans)])
            if mail_people:  # a common-word surname where a person cue stands by it
                spans = merge([*spans, *_word_surnames(text, spans)])
        found.append(spans)
    return found


def _word_surnames(text: str, spans: list[Span]) -> list[Span]:
    """`curate.pii.word_surnames`' finds as PERSON spans."""
    return [Span(start, end, "PERSON", WORD_SURNAME_SCORE) for start, end in word_surnames(text, spans)]


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """This process's thread pools, found once (finding them costs ~15 ms a call)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


# Recognizers whose names come from the text's structure (greetings, sign-offs, a contract's
# person forms, names other words back), not guesses.
TRUSTED_RECOGNIZERS = frozenset(
    {"GreetingNameRecognizer", "ContractPersonRecognizer", "BackedNameRecognizer",
     "PersonScoreRecognizer"}
)


def _trusted(result: RecognizerResult, text: str, genre: Genre) -> bool:
    """From a structural recognizer; a greeting's name in a contract only in a letter's or
    signature block's form (`curate.pii.genre.greeted_in_genre`)."""
    name = result.recognition_metadata.get("recognizer_name")
    if name == "GreetingNameRecognizer" and genre == "contract":
        return greeted_in_genre(genre, text, result.start, result.end)
    return name in TRUSTED_RECOGNIZERS


def _ner_person(result: RecognizerResult) -> bool:
    """A PERSON that only the NER model gave (`curate.pii.corroborate` decides on it)."""
    return (
        result.entity_type == "PERSON"
        and result.recognition_metadata.get("recognizer_name") == "SpacyRecognizer"
    )


# A name holds no slash: an NER name across one is several (`Jane Roe/Omar Vance`,
# `Jane Roe /Project`, `Mtg w/Bob Roe`), each piece judged on its own.
_SLASH = regex.compile(r"[ \t]*/[ \t]*")


def _slash_pieces(result: RecognizerResult, text: str) -> list[tuple[int, int]]:
    """An NER PERSON's pieces between slashes (each trimmed), else the result as it is."""
    start, end = result.start, result.end
    if not _ner_person(result) or "/" not in text[start:end]:
        return [(start, end)]
    pieces, at = [], start
    for m in [*_SLASH.finditer(text, start, end), None]:
        stop = m.start() if m else end
        if stop > at:
            pieces.append((at, stop))
        at = m.end() if m else end
    return pieces


_CONTRACTION = regex.compile(r"['’](?:t|ll|re|ve|d|m)\b")


def _plausible(entity: str, text: str, start: int, end: int, allow: frozenset[str]) -> bool:
    """Not allow-listed, not blank, not a role mailbox (`legal@acme.com`); a name has no
    digits (spaCy calls "Reference 482913" PERSON) nor `@` (a Notes route's `Enron@ENRON`)
    and is not the start of a contraction (`Don't`)."""
    value = text[start:end]
    if not value.strip() or canonical(value) in allow:
        return False
    if entity == "EMAIL_ADDRESS" and role_mailbox(value):
        return False
    return entity != "PERSON" or not (
        any(ch.isdigit() for ch in value) or "@" in value or _CONTRACTION.match(text, end)
    )


def merge(spans: list[Span]) -> list[Span]:
    """Union overlapping spans (nothing partly covered survives); the longest names the entity."""
    merged: list[Span] = []
    for group in _overlap_groups(sorted(spans)):
        lead = max(group, key=lambda s: (s.end - s.start, s.score, s.entity))
        merged.append(Span(group[0].start, max(s.end for s in group), lead.entity, lead.score))
    return merged


def _overlap_groups(spans: list[Span]) -> list[list[Span]]:
    groups: list[list[Span]] = []
    end = -1
    for span in spans:
        if groups and span.start < end:
            groups[-1].append(span)
            end = max(end, span.end)
        else:
            groups.append([span])
            end = span.end
    return groups
