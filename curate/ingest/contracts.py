"""Contracts (txt, PDF, DOCX) segmented into clauses for clause classification.

One file = one source item. Its text is cut at headings (`1.`, `1.1`,
`Section 2`, `ARTICLE IV`, all-caps lines, DOCX heading styles); each clause
becomes a pair: input = heading + body, output = label = the clause type its
heading maps to through the taxonomy. Clauses that are too short, or unmapped
while `unmapped: reject`, are not emitted: they are counted in `skipped`, and a
file that emits no clause at all is rejected as `ingest.no_clauses`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from curate.ingest.base import IngestOptions, Ingestor, file_problem
from curate.ingest.contract_files import FORMATS, BadFile, read_lines
from curate.record import Record, Source, new_record

DEFAULT_TAXONOMY: dict[str, list[str]] = {
    "definitions": ["definition", "interpretation", "defined term"],
    "term": ["term", "term of agreement", "duration", "renewal"],
    "termination": ["termination", "terminate", "expiration", "cancellation"],
    "payment": ["payment", "fee", "compensation", "price", "pricing", "invoice", "invoicing",
                "royalty", "royalties", "expense", "tax", "commission"],
    "confidentiality": ["confidentiality", "confidential", "non-disclosure", "nondisclosure",
                        "secrecy"],
    "indemnification": ["indemnification", "indemnity", "indemnities", "indemnify"],
    "limitation_of_liability": ["limitation of liability", "limitations of liability",
                                "liability", "damages"],
    "warranties": ["warranty", "warranties", "representation", "disclaimer"],
    "intellectual_property": ["intellectual property", "proprietary right", "ownership",
                              "license", "licence", "trademark", "patent", "copyright"],
    "governing_law": ["governing law", "applicable law", "choice of law", "jurisdiction",
                      "venue", "law"],
    "dispute_resolution": ["dispute", "arbitration", "mediation"],
    "notices": ["notice"],
    "assignment": ["assignment", "assign", "successors", "subcontracting", "subcontractor"],
    "force_majeure": ["force majeure", "act of god"],
    "insurance": ["insurance"],
    "non_compete": ["non-compete", "non-competition", "noncompetition", "non-solicitation",
                    "nonsolicitation", "non-solicit", "exclusivity", "restrictive covenant",
                    "competition"],
    "audit": ["audit", "inspection", "books and records"],
    "general": ["miscellaneous", "general", "entire agreement", "severability", "counterpart",
                "amendment", "waiver", "survival", "heading", "further assurance",
                "third party beneficiaries", "independent contractor", "relationship"],
}

NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s+(\S.*)$")
LABELLED = re.compile(r"^(?:article|section)\s+(?:[ivxlc]+|\d{1,3}(?:\.\d{1,3})*)\b[.:\s-]*(.*)$",
                      re.IGNORECASE)
CONNECTORS = frozenset({"of", "and", "or", "the", "to", "for", "in", "on", "a", "an", "by",
                        "with", "&", "-", "/"})
MAX_TITLE_WORDS = 10


class ContractOptions(IngestOptions):
    """Clause taxonomy and the limits that guard against hostile files."""

    taxonomy: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_TAXONOMY))
    unmapped: Literal["other", "reject"] = "other"
    min_clause_words: int = Field(5, ge=0)
    max_docx_bytes: int = Field(50_000_000, ge=1)
    max_docx_elements: int = Field(500_000, ge=1)
    max_text_bytes: int = Field(10_000_000, ge=1)
    max_pdf_pages: int = Field(500, ge=1)


@dataclass(slots=True)
class Clause:
    """A heading (its title may be empty) and the text from it to the next heading."""

    index: int
    title: str
    text: str

    def body_words(self) -> int:
        return len(self.text.split()) - len(self.title.split())


def is_titled(phrase: str) -> bool:
    """A heading-like phrase: short, every word capitalised or a connector."""
    words = phrase.split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    return all(w.lower() in CONNECTORS or not w[0].isalpha() or w[0].isupper() for w in words)


def leading_title(text: str) -> str | None:
    """The title that opens a line (`Term. This Agreement ...` -> `Term`), if any."""
    match = re.match(r"^([^.:;]{1,120})(?:[.:;]\s|[.:;]?$)", text.strip())
    if not match or not is_titled(match.group(1)):
        return None
    return match.group(1).strip()


def heading_title(line: str, styled: bool) -> str | None:
    """The title when `line` opens a clause ('' for an untitled heading), else None."""
    stripped = line.strip()
    if not stripped:
        return None
    if match := LABELLED.match(stripped):
        rest = match.group(1).strip()
        return leading_title(rest) if rest else ""
    if match := NUMBERED.match(stripped):
        return leading_title(match.group(2))
    if (stripped.isupper() and "   " not in stripped
            and len(stripped.split(None, MAX_TITLE_WORDS)) <= MAX_TITLE_WORDS
            and sum(c.isalpha() for c in stripped) >= 4):
        return stripped.strip(" .:")
    return leading_title(stripped) if styled else None


def segment(lines: list[tuple[str, bool]]) -> list[Clause]:
    """Cut (line, styled-as-heading) pairs into clauses; text before any heading is dropped.

    Linear in the number of lines: each clause's lines are joined once, at the end.
    """
    heads: list[tuple[str, str]] = []
    bodies: list[list[str]] = []
    for line, styled in lines:
        title = heading_title(line, styled)
        if title is not None:
            heads.append((title, line.strip()))
            bodies.append([])
        elif bodies and line.strip():
            bodies[-1].append(line.strip())
    return [Clause(index, title, "\n".join([first, *body]))
            for index, ((title, first), body) in enumerate(zip(heads, bodies, strict=True), 1)]


class Taxonomy:
    """Maps a heading title to a clause type: the keyword found earliest (longest on ties)."""

    def __init__(self, taxonomy: dict[str, list[str]]) -> None:
        self.patterns = [
            (re.compile(rf"\b{re.escape(keyword.lower())}(?:s|es)?\b"), kind, len(keyword))
            for kind, keywords in taxonomy.items() for keyword in keywords
        ]

    def kind(self, title: str) -> str | None:
        text = " ".join(title.lower().split())
        best: tuple[int, int] | None = None
        found = None
        for pattern, kind, length in self.patterns:
            if (match := pattern.search(text)) and (best is None or
                                                    (match.start(), -length) < best):
                best, found = (match.start(), -length), kind
        return found


class ContractIngestor(Ingestor):
    """Files in, clause-classification pairs out."""

    name = "contracts"
    Options = ContractOptions
    options: ContractOptions
    file_kinds = f"contract files ({', '.join(FORMATS)})"

    @classmethod
    def reads(cls, file: Path, options: IngestOptions) -> bool:
        return file.suffix.lower() in FORMATS

    @classmethod
    def outputs_labels(cls, options: IngestOptions) -> bool | None:
        """Its output is the clause type."""
        return True

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.taxonomy = Taxonomy(self.options.taxonomy)
        self.skipped: Counter[str] = Counter()

    def read(self, path: Path) -> Iterator[Record]:
        files = sorted(p for p in path.rglob("*") if self.reads(p, self.options)) \
            if path.is_dir() else [path]
        for file in files:
            self.items_read += 1
            problem = file_problem(file)
            lines = BadFile(*problem) if problem else read_lines(file, self.options)
            if isinstance(lines, BadFile):
                yield self.rejected_item(file, "file", lines.reason, lines.detail)
                continue
            clauses = segment(lines)
            records, skipped = self._records(file, clauses)
            self.skipped.update(skipped)
            if not records:
                detail = (f"{len(clauses)} headings found: {skipped['short']} too short, "
                          f"{skipped['unmapped']} unmapped")
                yield self.rejected_item(file, "file", "ingest.no_clauses", detail)
                continue
            self.items_used += 1
            yield from records

    def _records(self, path: Path, clauses: list[Clause]) -> tuple[list[Record], Counter[str]]:
        """The clauses that become pairs, and how many were skipped for which cause."""
        records: list[Record] = []
        skipped: Counter[str] = Counter(short=0, unmapped=0)
        for clause in clauses:
            if clause.body_words() < self.options.min_clause_words:
                skipped["short"] += 1
                continue
            kind = self.taxonomy.kind(clause.title)
            if kind is None and self.options.unmapped == "reject":
                skipped["unmapped"] += 1
                continue
            records.append(self._record(path, clause, kind or "other"))
        return records, skipped

    def _record(self, path: Path, clause: Clause, kind: str) -> Record:
        return new_record(
            Source(self.name, self.relpath(path), f"clause {clause.index}"),
            task=self.source.task,
            instruction=self.task.instruction,
            input=clause.text,
            output=kind,
            label=kind,
            meta={"heading": clause.title, "format": FORMATS[path.suffix.lower()]},
        )
