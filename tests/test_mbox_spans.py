"""A big mbox cut into byte ranges (spans) reads as the whole mbox: each span parsed apart,
the threading keys of all of them linked in one place, each span's records built from its
links (a parent in another span read by its offset). Same ids, order, bytes, rejected items
and counts as a whole read, at any span size."""

from __future__ import annotations

import hashlib
import pickle
import random
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_ingest_workers import generated_threads

from curate.accounting import Accounting
from curate.config import validate_config
from curate.engine.base import Event, Tally
from curate.engine.ingest import Ingest, IngestUnit
from curate.ingest.mbox import from_lines, mbox_messages, mbox_spans, span_messages
from curate.pipeline import run_pipeline
from curate.preview import preview
from curate.record import Record

PEOPLE = ("ann@customer.com", "bob@shop.com", "cy@shop.com", "dee@other.org")
OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl")


def hostile_mbox(path: Path, seed: int, count: int = 240) -> bytes:
    """An mbox a naive cut gets wrong: a preamble before the first `From ` line, `>From `
    (mboxrd-quoted) body lines, `From` inside lines and an unquoted body line starting
    `From ` (which starts a message, as in mboxo), CRLF messages, replies whose parent is
    far away in the file (another span), duplicate message ids, id cycles (a <-> b, and a
    three-message loop), subject-only replies with and without dates, empty and long bodies,
    a header bomb and a message without headers; no newline at the end."""
    rng = random.Random(seed)
    messages = []
    for i in range(count):
        sender, to = rng.sample(PEOPLE, 2)
        mid = f"<{i % 50 if i % 17 == 0 else i}@t>"  # every 17th reuses an earlier id
        headers = [f"From: {sender}", f"To: {to}", f"Message-ID: {mid}",
                   f"Subject: {rng.choice(['', 'Re: ', 'AW: ', 'Fwd: '])}case {rng.randrange(5)}"]
        if i % 40 in (1, 2):  # a two-message cycle
            headers.append(f"In-Reply-To: <{i + 1 if i % 40 == 1 else i - 1}@t>")
        elif i % 40 in (5, 6, 7):  # a three-message loop
            headers.append(f"In-Reply-To: <{i + 1 if i % 40 < 7 else i - 2}@t>")
        elif rng.random() < 0.5:  # any earlier or later message, near or far
            headers.append(f"In-Reply-To: <{rng.randrange(0, count)}@t>")
            if rng.random() < 0.3:
                headers.append(f"References: <{rng.randrange(count)}@t> <missing{i}@t>")
        if rng.random() < 0.7:
            headers.append(f"Date: Tue, {1 + rng.randrange(28)} Feb 2024 {i % 24:02d}:00:00 +0100")
        body = rng.choice(["", "ok", "Thanks,\n>From the desk of Ann\nbest", "Help! " * 300,
                           "line one\nsee From here on\n>>From quoted twice\n", "caf\u00e9 \u20ac",
                           "an unquoted line\nFrom here on, a new message (mboxo)\n"])
        if i % 61 == 3:
            headers = ["Subject: " + "=?utf-8?q?x?= " * 600]
        elif i % 71 == 4:
            headers = ["no header at all"]
        text = "\n".join(headers) + f"\n\n{body}\n"
        if i % 9 == 0:
            text = text.replace("\n", "\r\n")
        messages.append(f"From {sender} Tue Feb  6 10:00:00 2024\n{text}")
    data = ("preamble that belongs to no message\n\n" + "\n".join(messages)).encode("utf-8")
    path.write_bytes(data.rstrip(b"\n"))
    return path.read_bytes()


def hostile_config(file: str, engine: dict) -> dict:
    """Config data of a run over the mbox `file` (see `hostile_mbox`) on `engine`."""
    return {"seed": 1, "tasks": {"reply": {"instruction": "Reply to the customer."}},
            "sources": [{"kind": "emails", "path": file, "task": "reply",
                         "options": {"max_turns": 4}}],
            "stages": {"redact": {"enabled": False}, "quality": {"min_words": 1}},
            "gate": {"min_train_examples": 1}, "engine": engine}


def ingest_of(path: Path, engine: dict | None = None, **options: Any) -> Ingest:
    return Ingest(validate_config(
        {"tasks": {"t": {"instruction": "Reply."}}, "engine": engine or {},
         "sources": [{"kind": "emails", "path": path.name, "task": "t", "options": options}]},
        path.parent))


def read_units(ingest: Ingest, units: list[IngestUnit]
               ) -> tuple[list[str], list[str], tuple[int, int]]:
    """The units' pairs and rejected items as JSON lines and their summed counts; linked spans
    parsed, linked and read in three steps, their keys and items through pickle as a cluster
    sends them."""
    linked = [unit for unit in units if ingest.linked(unit)]
    parsed = {unit.index: pickle.loads(pickle.dumps(ingest.parse(unit))) for unit in linked}
    links = ingest.link(linked, [parsed[unit.index][1] for unit in linked]) if linked else []
    context = {unit.index: (parsed[unit.index][0], found) for unit, found in
               zip(linked, links, strict=True)}
    records, rejected, tally = [], [], Tally("", 0, 0, Counter())
    for unit in units:
        part = unit.tally(ingest.config)
        records += [r.to_json() for r in ingest.read(unit, part, rejected.append,
                                                      context.get(unit.index))]
        tally.into, tally.kept = tally.into + part.into, tally.kept + part.kept
    return records, [r.to_json() for r in rejected], (tally.into, tally.kept)


@pytest.mark.parametrize("options", [{}, {"org_domains": ["shop.com"], "min_body_chars": 3},
                                     {"max_turns": 3, "max_turn_chars": 400}])
def test_a_hostile_mbox_in_spans_reads_as_the_whole_mbox(tmp_path: Path, options: dict) -> None:
    data = hostile_mbox(tmp_path / "mail.mbox", seed=len(options))
    ingest = ingest_of(tmp_path / "mail.mbox", **options)
    whole = read_units(ingest, ingest.units())
    pairs, rejected, (read, used) = whole
    assert len(pairs) > 20 and read > 240 and used > 40  # a real mix; mboxo splits add some
    assert all(reason in "".join(rejected) for reason in (
        "ingest.header_too_large", "ingest.not_email", "ingest.no_reply_pair"))
    far = 0
    for size in (1, 700, 5000, len(data) // 3):
        units = ingest.units(span_bytes=size)
        assert len(units) > 2 and all(ingest.linked(unit) for unit in units)
        assert read_units(ingest, units) == whole, size
        parsed = [ingest.parse(unit) for unit in units]
        far += sum(len(links.far) for links in ingest.link(units, [p[1] for p in parsed]))
    assert far > 20  # parents and roots read from other spans


def test_generated_threads_in_spans_read_as_the_whole_mbox(tmp_path: Path) -> None:
    generated_threads(tmp_path / "t.mbox", seed=5, count=500)
    ingest = ingest_of(tmp_path / "t.mbox", org_domains=["shop.com"])
    whole = read_units(ingest, ingest.units())
    for size in (2048, 20_000):
        assert read_units(ingest, ingest.units(span_bytes=size)) == whole


def test_keys_are_a_few_dozen_bytes_per_message(tmp_path: Path) -> None:
    generated_threads(tmp_path / "t.mbox", seed=2, count=400)
    ingest = ingest_of(tmp_path / "t.mbox")
    units = ingest.units(span_bytes=4096)
    per_message = sum(ingest.parse(u)[1].nbytes for u in units) / 400
    assert 40 < per_message < 120, per_message


def test_what_a_whole_read_rejects_or_cannot_cut_stays_whole(tmp_path: Path) -> None:
    one = tmp_path / "one.mbox"
    one.write_bytes(b"From a@x Mon\nFrom: a@x\n\n" + b"x\n" * 5000)  # one From line: no cut
    eml = tmp_path / "note.eml"
    eml.write_bytes(b"From: a@x\nSubject: hi\n\n" + b"body\n" * 5000)
    for path in (one, eml, tmp_path):
        assert len(ingest_of(path).units(span_bytes=1024)) == 1


def test_mbox_spans_read_one_message_at_a_time_split_as_the_whole_mbox(tmp_path: Path) -> None:
    """Spans found in blocks of any size are cut at the first `From ` line at least `size`
    bytes on; their messages, read one at a time, are the whole mbox's (those over the limit
    not read), numbered on from the messages before them."""
    rng = random.Random(4)
    pieces = [b"From a@x Mon\n", b"From: a\n\nbody\n", b"\n", b"\r\n", b"From  \n", b">From x\n",
              b"text From here\n", b"From b@y\r\n", b"\n\n", b"xFrom \n", b"From " + b"x" * 30]
    file = tmp_path / "m.mbox"
    for _ in range(300):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        file.write_bytes(data)
        whole = list(mbox_messages(data))
        starts = list(from_lines(data))
        for size in (1, 7, 30, 10_000):
            found = {block: mbox_spans(file, size, block) for block in (1, 5, 6, 13, 1 << 20)}
            spans = found[1]
            assert all(cut == spans for cut in found.values())
            assert [span.start for span in spans[1:]] == [span.stop for span in spans[:-1]]
            assert not spans or (spans[0].start, spans[-1].stop) == (0, len(data))
            for span in spans[:-1]:
                assert span.stop in starts and span.stop - span.start >= max(1, size)
                assert not [at for at in starts if span.start + max(1, size) <= at < span.stop]
            for limit in (4, 12, 1 << 20):
                split = []
                for span in spans:
                    assert span.before == len(split)
                    for start, stop, message in span_messages(file, span, limit, block=3):
                        assert message == (data[start:stop] if stop - start <= limit else None)
                        split.append(data[start:stop])
                assert split == whole


def test_the_local_engine_reads_an_mbox_in_spans_with_the_whole_reads_bytes(
        tmp_path: Path) -> None:
    """A run of the local engine over a hostile mbox cut into spans of 1 KiB (in 2 worker
    processes) and 4 KiB (in this one) writes the bytes of the whole read."""
    hostile_mbox(tmp_path / "mail.mbox", seed=1, count=400)
    written = []
    for engine in ({}, {"span_bytes": 1024, "workers": 2}, {"span_bytes": 4096}):
        out = tmp_path / f"run-{len(written)}"
        data = hostile_config("mail.mbox", {"batch_size": 16, **engine})
        events: list[Event] = []
        result = run_pipeline(validate_config(data, tmp_path), out, events.append)
        units = next(e.total for e in events if (e.step, e.kind) == ("ingest", "start"))
        assert (units > 10) == bool(engine)
        assert result.report["accounting"]["items_read"] == 462  # 400 + mboxo splits
        written.append([(out / name).read_bytes() for name in OUTPUTS])
    assert written[0] == written[1] == written[2] and all(written[0][:2])


def test_a_span_read_holds_one_span_of_messages_not_the_files(tmp_path: Path) -> None:
    """Read in spans of 64 KiB (keys found and linked first, each span parsed again as it is
    read), the peak memory of ingest is a fraction of the whole read's, which holds every
    parsed message of the file (here 1,000 of 5 KB) for threading."""
    rng = random.Random(6)
    words = [f"w{i}" for i in range(500)]
    with (tmp_path / "t.mbox").open("w", encoding="utf-8") as out:
        for i in range(1000):
            reply = f"In-Reply-To: <{i - 1}@t>\nSubject: Re: case\n" if i % 4 else "Subject: case\n"
            body = " ".join(rng.choices(words, k=1000))
            out.write(f"From x Mon\nFrom: {PEOPLE[i % 2]}\nTo: {PEOPLE[1 - i % 2]}\n"
                      f"Message-ID: <{i}@t>\n{reply}\n{body}\n\n")
    peaks, outputs = [], []
    for span_bytes in (64 << 20, 64 << 10):
        ingest = ingest_of(tmp_path / "t.mbox", {"span_bytes": span_bytes})
        digest, pairs = hashlib.sha256(), 0
        tracemalloc.start()
        rejected: list[Record] = []
        for batch in ingest.batches(Accounting(), rejected.append, 8):
            digest.update("".join(record.to_json() for record in batch).encode())
            pairs += len(batch)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        outputs.append((digest.hexdigest(), pairs, len(rejected)))
    assert outputs[0] == outputs[1] and outputs[0][1:] == (750, 0), outputs  # a pair a reply
    assert peaks[1] < peaks[0] / 2, peaks  # of the spans': a 1 MiB scan block, the keys


def test_curate_ingest_and_preview_read_a_big_mbox_in_spans_as_whole(tmp_path: Path) -> None:
    """`curate ingest` (`Ingest.encoded`, 2 workers) and `curate preview` cut an mbox over
    engine.span_bytes as the local engine does, with the whole read's lines, rejected items,
    counts and first pairs."""
    hostile_mbox(tmp_path / "mail.mbox", seed=2, count=400)
    seen = []
    for span_bytes in (64 << 20, 2048):
        config = validate_config(hostile_config("mail.mbox", {"span_bytes": span_bytes}),
                                 tmp_path)
        assert (len(Ingest(config).local_units()) > 10) == (span_bytes == 2048)
        books, rejected = Accounting(), []
        lines = "".join(Ingest(config).encoded(books, rejected.append, 2))
        shown = preview(config, 30)
        seen.append((lines, [r.to_json() for r in rejected], books.to_dict()["sources"],
                     [r.to_json() for r in shown.before], dict(shown.ingest_rejected[0])))
    assert seen[0] == seen[1] and seen[0][0].count("\n") > 20 and len(seen[0][3]) == 30
