"""Ingest as units of work that any engine can run: one configured path of one source.

A unit is the smallest piece an ingestor can read on its own (e-mail threading,
for one, needs the whole folder). Each unit gets its own ingestor instance, so a
unit reads the same wherever it runs; a source's book is the sum of its units'.
Both engines batch each unit's pairs on their own (a batch never spans two
units), so partitions, and with them the outputs, are the same on every engine.
The spans of a path whose records depend on each other (an mbox's threads,
`Ingestor.linked_spans`) are read in three steps: `parse` each, `link` the keys of
all of them, `read` each with its parsed items and links. The Dask engine keeps each
span's parsed items where they were parsed; the local engine keeps only the keys
(`links`) and parses each span again as it reads it, so it holds one span at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from curate.accounting import Accounting
from curate.config import CurateConfig
from curate.engine.base import Event, Progress, Reject, Tally, batched, emit
from curate.forking import fork_map
from curate.ingest.base import ENCODED_PART, Ingestor
from curate.record import Record
from curate.registries import INGESTORS


def _rejected(record: Record, tally: Tally, reject: Reject) -> None:
    """An item its ingestor rejected: count its reason, hand it to `reject`."""
    tally.reasons[record.rejected.reason] += 1  # type: ignore[union-attr]
    reject(record)


def _close(tally: Tally, ingestor: Ingestor) -> None:
    """A unit read to its end: how many items it held and how many gave pairs."""
    tally.into, tally.kept = ingestor.items_read, ingestor.items_used


@dataclass(frozen=True)
class IngestUnit:
    """Path `path` of source number `source` (only its piece `span` when set, see
    `Ingestor.spans`); `index` is its place in the run's order."""

    index: int
    source: int
    path: str
    span: Any = None

    def tally(self, config: CurateConfig) -> Tally:
        """Empty counts under the name of the unit's source book."""
        return Tally(f"{self.source}:{config.sources[self.source].kind}", 0, 0, Counter())


@dataclass(frozen=True)
class Ingest:
    """The run's ingest: its units in source and path order, and how to read one."""

    config: CurateConfig

    def units(self, span_bytes: int | None = None, linked_only: bool = False
              ) -> list[IngestUnit]:
        """The units in order; with `span_bytes`, a path its ingestor can cut (a big JSONL, CSV
        or mbox file) becomes one unit per piece of about that many bytes (`Ingestor.spans`);
        `linked_only`: only a path read as linked spans (an mbox) is cut, the rest read whole."""
        paths = [(i, p) for i, source in enumerate(self.config.sources) for p in source.path]
        pieces = [(source, path, span) for source, path in paths
                  for span in self._spans(source, path, span_bytes, linked_only)]
        return [IngestUnit(index, *piece) for index, piece in enumerate(pieces)]

    def _spans(self, source: int, path: str, size: int | None, linked_only: bool) -> list[Any]:
        if size is None:
            return [None]
        ingestor = self._ingestor(IngestUnit(0, source, path))
        if linked_only and not ingestor.linked_spans:
            return [None]
        return ingestor.spans(self.config.resolve(path), size) or [None]

    def linked(self, unit: IngestUnit) -> bool:
        """Whether the unit is a span read in three steps (`parse`, `link`, `read`)."""
        return unit.span is not None and INGESTORS.load(
            self.config.sources[unit.source].kind).linked_spans

    def linked_groups(self, units: list[IngestUnit]) -> list[list[IngestUnit]]:
        """The linked units (see `linked`) by path: every span of one path, in order."""
        groups: dict[tuple[int, str], list[IngestUnit]] = {}
        for unit in units:
            if self.linked(unit):
                groups.setdefault((unit.source, unit.path), []).append(unit)
        return list(groups.values())

    def links(self, units: list[IngestUnit], workers: int = 1) -> dict[int, Any]:
        """Unit index -> links of each linked unit, its path's spans parsed in `workers`
        forked processes for their keys only (their parsed items are dropped)."""
        found: dict[int, Any] = {}
        for group in self.linked_groups(units):
            keys = list(fork_map(self._keys, group, workers))
            found.update(zip((unit.index for unit in group), self.link(group, keys), strict=True))
        return found

    def _keys(self, unit: IngestUnit) -> Any:
        return self.parse(unit)[1]

    def local_units(self, workers: int = 1) -> list[tuple[IngestUnit, tuple[None, Any] | None]]:
        """The units as one machine reads them, each with what `read` needs as `linked`: an
        mbox over `engine.span_bytes` is cut into linked spans, their keys found (the spans
        parsed in `workers` forked processes) and linked here, each span to be parsed again
        as it is read, so one span's messages are held at a time; other files are whole."""
        units = self.units(self.config.engine.span_bytes, linked_only=True)
        links = self.links(units, workers)
        return [(unit, (None, links[unit.index]) if unit.index in links else None)
                for unit in units]

    def parse(self, unit: IngestUnit) -> tuple[Any, Any]:
        """A linked span's (items, keys) (see `Ingestor.parse_span`)."""
        return self._ingestor(unit).parse_span(self.config.resolve(unit.path), unit.span)

    def link(self, units: list[IngestUnit], keys: list[Any]) -> list[Any]:
        """The links of the spans `units` (every span of one path, in order) from their keys."""
        return self._ingestor(units[0]).link_spans(self.config.resolve(units[0].path),
                                                   [unit.span for unit in units], keys)

    def read(self, unit: IngestUnit, tally: Tally, reject: Reject,
             linked: tuple[Any, Any] | None = None) -> Iterator[Record]:
        """Yield the unit's pairs; its rejected items go to `reject`, its counts to `tally`.
        A linked span needs `linked`: (its parsed items, or None to parse them again; its
        links)."""
        ingestor, path = self._ingestor(unit), self.config.resolve(unit.path)
        if linked is not None:
            records = ingestor.read_linked(path, unit.span, *linked)
        elif unit.span is None:
            records = ingestor.read(path)
        else:
            records = ingestor.read_span(path, unit.span)
        for record in records:
            if record.rejected is None:
                yield record
            else:
                _rejected(record, tally, reject)
        _close(tally, ingestor)

    def encoded(self, books: Accounting, reject: Reject, workers: int) -> Iterator[str]:
        """Every unit's pairs as JSON lines (`Record.to_json`), in parts, entered in `books`
        as `batches` enters them; an ingestor may spread a unit over `workers` forked
        processes (see `Ingestor.encoded`); linked spans are read as `local_units` says."""
        for unit, linked in self.local_units(workers):
            tally = unit.tally(self.config)
            if linked is not None:
                for batch in batched(self.read(unit, tally, reject, linked), ENCODED_PART):
                    books.pairs += len(batch)
                    yield "".join(record.to_json() + "\n" for record in batch)
                tally.enter(books.sources)
                continue
            ingestor = self._ingestor(unit)
            for part in ingestor.encoded(self.config.resolve(unit.path), workers):
                for record in part.rejected:
                    _rejected(record, tally, reject)
                books.pairs += part.pairs
                yield part.lines
            _close(tally, ingestor)
            tally.enter(books.sources)

    def _ingestor(self, unit: IngestUnit) -> Ingestor:
        source = self.config.sources[unit.source]
        return INGESTORS.load(source.kind).for_source(source, self.config)

    def batches(self, books: Accounting, reject: Reject, size: int,
                progress: Progress | None = None, workers: int = 1) -> Iterator[list[Record]]:
        """Every unit's pairs in batches of `size`, unit after unit (see `local_units`: the
        linked spans' keys are found here, before any stage's pool starts), entered in
        `books`; `progress` hears that ingest started, then of each batch and unit read."""
        units = self.local_units(workers)
        emit(progress, Event("ingest", "start", total=len(units)))
        return self._batches(units, books, reject, size, progress)

    def _batches(self, units: list[tuple[IngestUnit, tuple[None, Any] | None]],
                 books: Accounting, reject: Reject, size: int, progress: Progress | None
                 ) -> Iterator[list[Record]]:
        for unit, linked in units:
            tally = unit.tally(self.config)
            for batch in batched(self.read(unit, tally, reject, linked), size):
                books.pairs += len(batch)
                emit(progress, Event("ingest", "advance", count=len(batch)))
                yield batch
            tally.enter(books.sources)
            emit(progress, Event("ingest", "advance", units=1))
        emit(progress, Event("ingest", "done", count=books.pairs))
