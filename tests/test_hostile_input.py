"""Hostile input: no ingestor ever raises or hangs, and every item is accounted for.

Property-based first: for every generated file, `items_read == items_used + rejected`, every
rejection carries an `ingest.*` reason, and every record survives the trip to a UTF-8 JSON
line and back. Then the attacks of issue #14, built at test time by tests/attacks.py at small
sizes (benchmarks/bench_reliability.py runs them up to 50 MB and measures RSS and time).
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import tempfile
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attacks
import pytest
from conftest import SCHEMAS, corpora_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from curate.config import CurateConfig
from curate.record import Record
from curate.registries import INGESTORS

FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=12)

EMAILS = corpora_root() / "emails"
CUAD_PDFS = corpora_root() / "contracts" / "cuad_v1_subset" / "pdf"
DOCX_FORMS = corpora_root() / "contracts" / "docx_standard_forms"


def corpus_files(folder: Path, pattern: str, limit: int) -> list[Path]:
    """Up to `limit` corpus files (sorted), or none when the corpora are absent."""
    return sorted(folder.rglob(pattern))[:limit] if folder.is_dir() else []


REAL_MAILS = [*corpus_files(EMAILS / "odd" / "flanker", "*.eml", 40),
              *corpus_files(EMAILS / "enron_berkeley" / "enron_with_categories", "*.txt", 20)]
REAL_MSGS = corpus_files(EMAILS / "msg", "*.msg", 20)
REAL_PDFS = corpus_files(CUAD_PDFS, "*.[pP][dD][fF]", 4)
REAL_DOCX = corpus_files(DOCX_FORMS, "*.docx", 4)
needs = pytest.mark.skipif


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def ingest(kind: str, path: Path, **options: Any) -> list[Record]:
    """Run one ingestor over `path` and check the books; return what it yielded."""
    config = CurateConfig.model_validate({
        "tasks": {"t": {"instruction": "Do it."}},
        "sources": [{"kind": kind, "path": str(path), "task": "t", "options": options}],
        "base_dir": path.parent,
    })
    ingestor = INGESTORS.load(kind).for_source(config.sources[0], config)
    records = list(ingestor.read(path))
    rejected = [r for r in records if r.rejected is not None]
    assert ingestor.items_read == ingestor.items_used + len(rejected)
    for record in rejected:
        assert record.rejected.stage == "ingest"
        assert record.rejected.reason.startswith("ingest.")
    for record in records:
        line = record.to_json()
        line.encode("utf-8")  # a lone surrogate would fail here, at write time
        assert Record.from_json(line).to_json() == line
        json.loads(line, parse_constant=_no_constant)  # standard JSON: no NaN / Infinity
    return records


def _no_constant(name: str) -> None:
    raise AssertionError(f"record JSON holds {name}")


json_scalars = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(max_size=30) | st.sampled_from(["1" * 5000, "\ud800", ""]))
KEYS = ["input", "output", "customer_message", "agent_response", "subject", "id", "label",
        "comments", "conversation", "fields", "description", "role", "content", "public",
        "author_id", "requester_id", "body", "title", "type", "key", "0"]
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=5),
    max_leaves=25,
)
nasty_json_lines = st.sampled_from([
    "[" * 50_000, "1" * 5000, '{"input": 1e999999, "output": NaN}', '{"input":"\\ud800x"}',
    '{"output": "\\udfff", "input": "a"}', '{"a": Infinity}', "\ufeff{}", "{}\x00",
    '{"input": "a", "output": "b", "fields": NaN, "body": -Infinity, "id": 1e400}',
])


def json_line(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


# -- pairs and tickets --------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".jsonl", ".csv", ".txt", ".json"]))
def test_table_ingestors_survive_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with scratch() as folder:
        (folder / f"in{suffix}").write_bytes(data)
        ingest("pairs", folder / f"in{suffix}")
        ingest("tickets", folder / f"in{suffix}")


@FAST
@given(lines=st.lists(json_values.map(json_line) | nasty_json_lines, min_size=1, max_size=12),
       preset=st.sampled_from(["none", "zendesk", "jira", "github"]))
def test_json_that_is_not_what_was_asked_for(lines: list[str], preset: str) -> None:
    with scratch() as folder:
        (folder / "in.jsonl").write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        (folder / "in.json").write_text("[" + ",".join(lines) + "]", encoding="utf-8",
                                        errors="surrogatepass")
        ingest("pairs", folder / "in.jsonl", meta=["id", "fields"], label="label", id="id")
        for name in ("in.jsonl", "in.json"):
            ingest("tickets", folder / name, preset=preset, meta=["fields.0", "body"])


@FAST
@given(value=json_values, preset=st.sampled_from(["none", "zendesk", "jira"]))
def test_a_json_document_of_any_shape(value: Any, preset: str) -> None:
    with scratch() as folder:
        path = folder / "export.json"
        path.write_text(json_line({"tickets": value} if isinstance(value, list) else value),
                        encoding="utf-8", errors="surrogatepass")
        ingest("tickets", path, preset=preset)


cells = st.text(st.sampled_from(list('ab ,"\n\r\x00\t;é\udcff\u2028')), max_size=12)


@FAST
@given(rows=st.lists(st.lists(cells, max_size=5), max_size=10),
       tail=st.binary(max_size=200), raw=st.booleans())
def test_csv_with_ragged_rows_nuls_and_bad_quoting(rows: list[list[str]], tail: bytes,
                                                   raw: bool) -> None:
    buffer = io.StringIO()
    buffer.write("input,output,label\n")
    if raw:
        buffer.write("\n".join(",".join(row) for row in rows))
    else:
        csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode("utf-8", errors="surrogateescape") + tail
    with scratch() as folder:
        (folder / "in.csv").write_bytes(data)
        ingest("pairs", folder / "in.csv", label="label")
        ingest("tickets", folder / "in.csv", customer="input", agent="output", label="label")


# -- emails -------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=3000),
       prefix=st.sampled_from([b"", b"From ", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                               b"From: a@x.com\nSubject: Re: x\n"]),
       name=st.sampled_from(["m.eml", "m.mbox", "m.msg", "1234.txt", "noext"]))
def test_emails_survive_arbitrary_bytes(data: bytes, prefix: bytes, name: str) -> None:
    with scratch() as folder:
        (folder / "mail").mkdir()
        (folder / "mail" / name).write_bytes(prefix + data)
        ingest("emails", folder / "mail")


@needs(not REAL_MAILS, reason="email corpora absent")
@FAST
@given(picks=st.lists(st.tuples(st.sampled_from(REAL_MAILS or [Path()]),
                                st.floats(0, 1)), min_size=1, max_size=5),
       as_mbox=st.booleans())
def test_real_messages_cut_at_random_offsets(picks: list[tuple[Path, float]],
                                             as_mbox: bool) -> None:
    cut = [path.read_bytes()[: int(len(path.read_bytes()) * f)] for path, f in picks]
    with scratch() as folder:
        (folder / "mail").mkdir()
        if as_mbox:
            body = b"".join(b"From x@y Mon Jan  1 00:00:00 2024\n" + c + b"\n" for c in cut)
            (folder / "mail" / "box.mbox").write_bytes(body)
        for i, data in enumerate(cut):
            (folder / "mail" / f"{i}.eml").write_bytes(data)
        ingest("emails", folder / "mail", label_source="folder")


@needs(not REAL_MSGS, reason="msg corpora absent")
@SLOW
@given(path=st.sampled_from(REAL_MSGS or [Path()]), fraction=st.floats(0.05, 1))
def test_outlook_msg_files_cut_at_random_offsets(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    with scratch() as folder:
        (folder / "cut.msg").write_bytes(data[: int(len(data) * fraction)])
        ingest("emails", folder / "cut.msg")


CHARSETS = ["utf-8", "iso-8859-1", "cp1252", "koi8-r", "shift_jis", "utf-16", "ascii",
            "x-unknown-8bit", "gb2312", "", "utf-8'bogus"]


@FAST
@given(text=st.text(max_size=200), declared=st.sampled_from(CHARSETS),
       actual=st.sampled_from(["utf-8", "latin-1", "utf-16", "shift_jis", "cp1252"]),
       encoding=st.sampled_from(["8bit", "base64", "quoted-printable", "7bit", "x-uue"]),
       subject=st.binary(max_size=60), html=st.booleans())
def test_declared_charset_is_not_the_real_one(text: str, declared: str, actual: str,
                                              encoding: str, subject: bytes, html: bool) -> None:
    import base64
    import quopri

    payload = text.encode(actual, errors="replace")
    if encoding == "base64":
        payload = base64.b64encode(payload)[:-1]  # broken padding
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(payload) + b"=\n=ZZ"
    kind = "html" if html else "plain"
    first = (b"From: Ann <ann@customer.com>\nTo: help@shop.com\nSubject: " + subject
             + b"\nMessage-ID: <1@c>\nMIME-Version: 1.0\nContent-Type: text/" + kind.encode()
             + b"; charset=\"" + declared.encode() + b"\"\nContent-Transfer-Encoding: "
             + encoding.encode() + b"\n\n" + payload)
    reply = (b"From: help@shop.com\nTo: ann@customer.com\nSubject: Re: x\nIn-Reply-To: <1@c>\n"
             b"Message-ID: <2@s>\nContent-Type: text/plain; charset=" + declared.encode()
             + b"\n\n" + payload)
    with scratch() as folder:
        (folder / "mail").mkdir()
        (folder / "mail" / "1.eml").write_bytes(first)
        (folder / "mail" / "2.eml").write_bytes(reply)
        ingest("emails", folder / "mail", org_domains=["shop.com"])


@FAST
@given(repeat=st.integers(1, 2000), width=st.integers(0, 200_000),
       name=st.sampled_from(["Subject", "References", "To", "Received", "X-Category", "From"]),
       folded=st.booleans())
def test_huge_headers(repeat: int, width: int, name: str, folded: bool) -> None:
    value = ("<a@b> " * (width // 6)) if name == "References" else "x" * width
    if folded:
        value = "\n ".join(value[i:i + 70] for i in range(0, len(value), 70))
    headers = "".join(f"{name}: {value if i == 0 else i}\n" for i in range(repeat))
    data = f"From: a@x.com\nTo: b@y.com\nSubject: Re: hi\n{headers}\nbody text\n"
    with scratch() as folder:
        (folder / "m.eml").write_text(data, encoding="utf-8")
        ingest("emails", folder / "m.eml", label_source="header")


ids = st.sampled_from(["<1@x>", "<2@x>", "<3@x>", "<../../evil>", "", "<>", "<a b>"])
people = st.sampled_from(["a@x.com", "b@y.com", "c@y.com", "", "not an address", "a@x.com;b@y.com"])


@FAST
@given(mails=st.lists(st.tuples(ids, st.lists(ids, max_size=3), people, people,
                                st.sampled_from(["Re: hi", "hi", "RE: RE: Hi", "Fwd: hi", ""]),
                                st.sampled_from(["", "Mon, 1 Jan 2024 10:00:00 +0000",
                                                 "garbage", "Mon, 99 Foo 99999 99:99:99"]),
                                st.text(max_size=40)), min_size=1, max_size=8),
       domains=st.sampled_from([[], ["y.com"], ["x.com", "y.com"]]))
def test_threads_with_cycles_duplicates_and_junk_headers(mails: list[tuple], domains: list[str]
                                                         ) -> None:
    with scratch() as folder:
        (folder / "mail").mkdir()
        for i, (mid, refs, sender, to, subject, date, body) in enumerate(mails):
            headers = (("Message-ID", mid), ("In-Reply-To", " ".join(refs[:1])),
                       ("References", " ".join(refs)), ("From", sender), ("To", to),
                       ("Subject", subject), ("Date", date))
            text = "".join(f"{key}: {value}\n" for key, value in headers if value)
            (folder / "mail" / f"{i}.eml").write_text(f"{text}\n{body}", encoding="utf-8",
                                                      errors="surrogatepass")
        ingest("emails", folder / "mail", org_domains=domains)


# -- contracts ------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".pdf", ".docx", ".PDF"]),
       prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"1. Term. "]))
def test_contracts_survive_arbitrary_bytes(data: bytes, suffix: str, prefix: bytes) -> None:
    with scratch() as folder:
        (folder / f"c{suffix}").write_bytes(prefix + data)
        ingest("contracts", folder)


@needs(not REAL_PDFS, reason="CUAD corpus absent")
@SLOW
@given(path=st.sampled_from(REAL_PDFS or [Path()]), fraction=st.floats(0, 1))
def test_real_pdfs_cut_at_random_offsets(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    with scratch() as folder:
        (folder / "cut.pdf").write_bytes(data[: int(len(data) * fraction)])
        ingest("contracts", folder / "cut.pdf")


@SLOW
@given(password=st.sampled_from(["", "secret"]),
       algorithm=st.sampled_from(["RC4-40", "RC4-128", "AES-128", "AES-256"]),
       cut=st.none() | st.floats(0.3, 0.99))
def test_encrypted_and_broken_pdfs(password: str, algorithm: str, cut: float | None) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "1. Term. This agreement lasts for five whole years."})
    writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    with scratch() as folder:
        (folder / "locked.pdf").write_bytes(data[: int(len(data) * cut)] if cut else data)
        records = ingest("contracts", folder / "locked.pdf")
    if password and cut is None:
        assert [r.rejected.reason for r in records] == ["ingest.encrypted_pdf"]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BOMB = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * 60_000_000})


@FAST
@given(members=st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                                "_rels/.rels", "../../evil.xml", "/abs.xml"]),
                               st.binary(max_size=300), max_size=4),
       bomb=st.booleans())
def test_zip_bombs_and_junk_zips_posing_as_docx(members: dict[str, bytes], bomb: bool) -> None:
    with scratch() as folder:
        (folder / "form.docx").write_bytes(BOMB if bomb else zip_bytes(members))
        records = ingest("contracts", folder / "form.docx")
        assert not (folder.parent / "evil.xml").exists()
    if bomb:
        assert [r.rejected.reason for r in records] == ["ingest.docx_too_large"]


@needs(not REAL_DOCX, reason="DOCX forms absent")
@SLOW
@given(path=st.sampled_from(REAL_DOCX or [Path()]), fraction=st.floats(0, 1),
       document=st.none() | st.binary(max_size=500))
def test_real_docx_cut_or_with_a_junk_document(path: Path, fraction: float,
                                               document: bytes | None) -> None:
    data = path.read_bytes()
    if document is not None:
        with zipfile.ZipFile(path) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        data = zip_bytes({**members, "word/document.xml": document})
    else:
        data = data[: int(len(data) * fraction)]
    with scratch() as folder:
        (folder / "form.docx").write_bytes(data)
        ingest("contracts", folder / "form.docx")


# -- bounded before parsing: the attacks of issue #14 (fixtures built here, small) -----------


@contextmanager
def hang_fails(seconds: int) -> Iterator[None]:
    """Turn a hang (a FIFO opened for reading blocks forever) into a test failure."""
    def fail(*_: object) -> None:
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def reasons(records: list[Record]) -> list[str]:
    return [r.rejected.reason for r in records if r.rejected is not None]


def test_a_header_of_encoded_words_is_refused_before_the_parser(tmp_path: Path) -> None:
    kind, path, options = attacks.encoded_word_subject(tmp_path, 100_000)
    with hang_fails(30):
        records = ingest(kind, path, **options)
    assert reasons(records) == ["ingest.header_too_large"]
    assert "encoded words" in records[0].rejected.detail


def test_a_long_list_of_quoted_addresses_is_read_in_linear_time(tmp_path: Path) -> None:
    kind, path, options = attacks.many_addresses(tmp_path, 200_000)
    with hang_fails(30):
        records = ingest(kind, path, **options)
    assert reasons(records) == ["ingest.no_reply_pair"]  # parsed: one message, no reply


def test_headers_are_decoded_as_the_email_package_decodes_them(tmp_path: Path) -> None:
    """Encoded words (a character split across two of them), raw 8-bit bytes, folding."""
    subject = "=?utf-8?q?Dom=C4=8De_omre=C5?= =?utf-8?q?=BEje?= caf\u00e9\n  x"
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "1.eml").write_bytes(
        f"From: =?utf-8?q?Ann_B=C3=B6?= <ann@customer.com>\nTo: help@shop.com\n"
        f"Subject: {subject}\nMessage-ID: <1@c>\n\nMy order is late.\n".encode())
    (tmp_path / "mail" / "2.eml").write_text(
        "From: help@shop.com\nTo: ann@customer.com\nSubject: Re: x\nIn-Reply-To: <1@c>\n"
        "Message-ID: <2@s>\n\nIt ships today.\n", encoding="utf-8")
    [pair] = ingest("emails", tmp_path / "mail", org_domains=["shop.com"])
    assert pair.input.startswith("Subject: Domče omrežje café x\n\n")


@pytest.mark.parametrize("value", [
    "=?utf-8?q?Dom=C4=8De_omre=C5?= =?utf-8?q?=BEje?= caf\u00e9\n  x",
    "plain =?iso-8859-1?q?caf=E9?= and =?utf-8?b?w7xiZXI=?= words",
    "=?utf-8?q?a?=  =?iso-8859-1?q?b?= =?bogus?q?c?= =?utf-8?q?broken",
    "\u00fcber raw 8-bit",
])
def test_subjects_decode_as_the_email_package_decodes_them(value: str) -> None:
    from email import policy
    from email.parser import BytesParser

    from curate.ingest.mailheaders import header_text, raw_headers

    msg = BytesParser(policy=policy.default).parsebytes(
        f"From: a@b.com\nSubject: {value}\n\nbody\n".encode())
    assert header_text(raw_headers(msg.raw_items()), "subject") == str(msg["subject"])


def test_a_thousand_message_thread_gives_turns_bounded_per_record(tmp_path: Path) -> None:
    kind, path, options = attacks.long_thread(tmp_path, 300)
    records = ingest(kind, path, **options, max_turns=8, max_turn_chars=4_000)
    pairs = [r for r in records if r.rejected is None]
    assert len(pairs) == 150  # each customer message answered once
    assert max(len(r.turns) for r in pairs) <= 8
    assert all(sum(len(t["content"]) for t in r.turns) <= 4_000 + 2_000 for r in pairs)
    last = pairs[-1]
    assert last.turns[-1]["content"] == last.output  # the earliest turns were dropped
    assert last.turns[-2]["content"].endswith(last.input.split("\n\n", 1)[1])


def test_thousands_of_messages_with_one_subject_thread_in_linear_time(tmp_path: Path) -> None:
    kind, path, options = attacks.same_subject_flood(tmp_path, 3_000)
    with hang_fails(60):
        records = ingest(kind, path, **options)
    assert len([r for r in records if r.rejected is None]) == 2_999  # each replies to the last


def test_a_flood_of_tiny_messages_pairs_every_message(tmp_path: Path) -> None:
    """The 50 MB attack at 300 KB: every message parsed, threaded and paired, nothing lost."""
    kind, path, options = attacks.tiny_message_flood(tmp_path, 300_000)
    sent = path.read_bytes().count(b"\nFrom ") + 1
    with hang_fails(60):
        records = ingest(kind, path, **options)
    assert sent > 2_500 and len(records) == sent - 1  # the first message is only an input
    assert all(r.rejected is None and 2 <= len(r.turns) <= 16 for r in records)
    assert len({r.id for r in records}) == len(records)


def test_an_mbox_message_over_the_cap_is_rejected_alone(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from curate.ingest import emails
    from curate.ingest.mbox import mbox_messages

    kind, path, _ = attacks.same_subject_flood(tmp_path, 20)
    first = next(mbox_messages(path.read_bytes()))  # "Message 0." one digit: 10 are this size
    monkeypatch.setattr(emails, "MAX_FILE_BYTES", len(first))
    records = ingest(kind, path)
    too_large = [r.source.locator for r in records
                 if r.rejected and r.rejected.reason == "ingest.too_large"]
    assert too_large == [f"message {i}" for i in range(11, 21)]
    assert sum(r.rejected is None for r in records) == 9


def test_an_mbox_over_the_old_64_mib_cap_is_read_a_message_at_a_time(tmp_path: Path) -> None:
    """No file cap: a 66 MiB message is rejected unread, a 33 MiB `From ` line and a 33 MiB
    preamble are never held; the messages around them pair as usual."""
    path = tmp_path / "big.mbox"
    with path.open("wb") as out:
        out.write(b"x" * (33 << 20) + b"\n")  # a preamble: no message
        out.write(b"From a@x " + b"y" * (33 << 20) + b"\nFrom: ann@customer.com\n"
                  b"Message-ID: <1@t>\nSubject: help\n\nplease help\n\n")
        out.write(b"From b@y Mon\nFrom: bob@shop.com\nIn-Reply-To: <1@t>\nSubject: Re: help"
                  b"\n\n" + b"z" * (66 << 20) + b"\n\n")
        out.write(b"From b@y Mon\nFrom: bob@shop.com\nIn-Reply-To: <1@t>\nSubject: Re: help"
                  b"\n\nhere it is\n")
    tracemalloc.start()
    records = ingest("emails", path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(r.source.locator, r.rejected and r.rejected.reason) for r in records] == [
        ("message 2", "ingest.too_large"), ("message 3", None)]
    assert records[1].output == "here it is" and peak < 8 << 20, peak
def test_an_mbox_without_a_from_line_is_a_rejected_item(tmp_path: Path) -> None:
    kind, path, options = attacks.mbox_without_from_line(tmp_path, 4_000)
    assert reasons(ingest(kind, path, **options)) == ["ingest.not_mbox"]


def test_a_docx_lying_about_its_sizes_is_never_inflated_whole(tmp_path: Path) -> None:
    kind, path, options = attacks.lying_docx(tmp_path, 5_000_000)
    assert reasons(ingest(kind, path, **options, max_docx_bytes=1_000_000)) in (
        ["ingest.docx_too_large"], ["ingest.broken_docx"])
    honest = tmp_path / "honest.docx"  # the same document, true sizes, over the cap
    honest.write_bytes(attacks.docx_bytes(attacks.document(
        b"<w:p><w:r><w:t>1. Term. It lasts five years.</w:t></w:r></w:p>" * 40_000)))
    records = ingest("contracts", honest, max_docx_bytes=1_000_000)
    assert reasons(records) == ["ingest.docx_too_large"]


def test_a_docx_of_millions_of_tiny_paragraphs_stops_at_the_element_cap(tmp_path: Path) -> None:
    kind, path, options = attacks.tiny_paragraphs_docx(tmp_path, 600_000)
    with hang_fails(60):
        records = ingest(kind, path, **options, max_docx_elements=50_000)
    assert reasons(records) == ["ingest.docx_too_large"]


def test_docx_text_runs_hyperlinks_tabs_breaks_and_merged_cells(tmp_path: Path) -> None:
    body = (b'<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>1. Term</w:t></w:r></w:p>'
            b'<w:p><w:r><w:t xml:space="preserve">It lasts </w:t><w:tab/></w:r>'
            b'<w:hyperlink><w:r><w:t>five</w:t><w:br/><w:t>years</w:t></w:r></w:hyperlink></w:p>'
            b"<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
            b"<w:p><w:r><w:t>merged cell text</w:t></w:r></w:p></w:tc></w:tr>"
            b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    styles = (f'<w:styles xmlns:w="{attacks.W_NS}"><w:style w:type="paragraph" w:styleId="H1">'
              '<w:name w:val="heading 1"/></w:style></w:styles>').encode()
    path = tmp_path / "c.docx"
    path.write_bytes(attacks.docx_bytes(attacks.document(body), {"word/styles.xml": styles}))
    from curate.ingest.contract_files import docx_lines

    assert docx_lines(path, 1_000_000, 1_000) == [
        ("1. Term", True), ("It lasts \tfive\nyears", False), ("merged cell text", False)]


def test_clause_splitting_is_linear(tmp_path: Path) -> None:
    kind, path, options = attacks.many_lines_contract(tmp_path, 2_000_000)
    with hang_fails(30):
        [record] = ingest(kind, path, **options)
    assert record.output == "term" and record.input.count("\n") == 2_000_000 // 17


SUFFIXES = {"pairs": ".jsonl", "tickets": ".csv", "contracts": ".txt", "emails": ".eml"}
"""A file name each built-in ingestor reads (tests/test_registry_coverage.py checks the keys)."""

JUNK = [b"", b"\x00" * 64, b"\xff\xfe\x00 not text \r\n" * 20, b"PK\x03\x04" + b"\x00" * 40,
        b"%PDF-1.7\n" + bytes(range(256)), "\ud800".encode("utf-8", "surrogatepass") * 9]


@pytest.mark.parametrize("kind", INGESTORS.builtin_names())
def test_every_ingestor_accounts_for_junk_files_in_schema_valid_records(kind: str,
                                                                        tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, blob in enumerate(JUNK):
        (folder / f"junk{number}{SUFFIXES[kind]}").write_bytes(blob)
    with hang_fails(30):
        records = ingest(kind, folder)
    assert records and all(r.rejected is not None for r in records)
    assert {Path(r.source.path).name for r in records} == {p.name for p in folder.iterdir()}
    validator = Draft202012Validator(json.loads((SCHEMAS / "record.schema.json").read_text()))
    for record in records:
        validator.validate(json.loads(record.to_json()))


@pytest.mark.parametrize("kind", INGESTORS.builtin_names())
def test_fifos_folders_and_broken_links_are_rejected_items(kind: str, tmp_path: Path) -> None:
    suffix = SUFFIXES[kind]
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / f"fifo{suffix}")
    (folder / f"dangling{suffix}").symlink_to(tmp_path / "gone")
    (folder / f"loop{suffix}").symlink_to(folder / f"loop{suffix}")
    if kind != "emails":  # a folder walk of e-mails goes into folders of any name
        (folder / f"folder{suffix}").mkdir()
    with hang_fails(30):
        records = ingest(kind, folder)
    expected = {"fifo": "ingest.not_a_file", "folder": "ingest.not_a_file",
                "dangling": "ingest.unreadable", "loop": "ingest.unreadable"}
    got = {Path(r.source.path).stem: r.rejected.reason for r in records if r.rejected}
    assert got == {k: v for k, v in expected.items() if k != "folder" or kind != "emails"}
