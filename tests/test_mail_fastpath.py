"""The e-mail fast paths give what the standard library gives: the linear mbox split equals
`mailbox.mbox`, the plain-message parser equals `policy.default` on every message it takes,
and the e-mail ingestor's output is byte-identical with and without the fast parser, on the
real corpora, on sample_data, and on generated edge cases."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.config import validate_config
from curate.ingest import mailparse
from curate.ingest.mailheaders import header_problem
from curate.ingest.mailparse import package_message, plain_message
from curate.ingest.mbox import mbox_messages
from curate.registries import INGESTORS

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)
SAMPLE_MAIL = REPO / "sample_data" / "emails"
CORPUS_FOLDERS = ["enron_berkeley", "odd"]


def reference_split(path: Path) -> list[bytes]:
    box = mailbox.mbox(path, create=False)
    try:
        return [box.get_bytes(key) for key in box.iterkeys()]
    finally:
        box.close()


PIECES = [b"From ", b"From a@b Mon Jan  1 00:00:00 2024\n", b"\n", b"\n\n", b"text", b"\r\n",
          b"From", b" ", b"\nFrom b\n", b">From c\n", b"x\n"]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_mbox_split_equals_mailbox(tmp_path_factory: pytest.TempPathFactory,
                                   pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    path = tmp_path_factory.mktemp("mbox") / "m.mbox"
    path.write_bytes(data)
    assert list(mbox_messages(data)) == reference_split(path)


def mail_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p.suffix.lower() not in {".cats", ".md", ".msg", ".csv", ".json"})


def messages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if path.suffix == ".mbox" or data.startswith(b"From "):
        assert list(mbox_messages(data)) == reference_split(path)
        return list(mbox_messages(data))
    return [data]


def same_parse(data: bytes) -> bool | None:
    """None when the fast path declines `data`, else whether it equals the e-mail package."""
    fast = plain_message(data)
    if fast is None:
        return None
    slow = package_message(data)
    return fast.headers == slow.headers and fast.text == slow.body()


def test_fast_path_equals_the_email_package_on_real_mail(corpora: Path) -> None:
    taken = declined = 0
    for root in [corpora / "emails", SAMPLE_MAIL]:
        for path in mail_files(root):
            for data in messages(path):
                if header_problem(data) is not None:
                    continue
                same = same_parse(data)
                assert same is not False, path
                taken += same is True
                declined += same is None
    assert taken > 2_500 and declined > 50  # both paths exercised (measured 3,157 and 116)


HEADER_LINES = st.sampled_from([
    "From: Ann <ann@x.org>", "From: =?utf-8?q?Ann_B=C3=B6?= <ann@x.org>", "To: b@y.org, c@z.org",
    "Subject: Re: hi", "Subject:  \t", "Subject: caf\u00e9 \u00fcber", "Subject: a\n  folded",
    "Subject:\n b", "Cc: ;", "Message-ID: <1@x>", "Date: Mon, 1 Jan 2024 10:00:00 +0000",
    "Content-Type: text/plain", "Content-Type: text/plain; charset=utf-8",
    'Content-Type: TEXT/Plain; Charset="ISO-8859-1"', "Content-Type: text/plain; charset=bogus",
    "Content-Type: text/plain; charset=hex", "Content-Type: text/plain;charset=cp1252",
    "Content-Type: text/html", "Content-Type: text/plain; charset=utf-8; format=flowed",
    "Content-Type: multipart/mixed; boundary=b",
    "Content-Transfer-Encoding: 7bit", "Content-Transfer-Encoding: QUOTED-PRINTABLE",
    "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: 8bit ",
    "Content-Disposition: attachment", "X-Odd:no-space", "Bad header line", " leading fold",
    ":no name", "From x Mon Jan 1", "MIME-Version: 1.0",
])
BODIES = st.sampled_from([
    "Hello.\n", "caf\u00e9 =C3=A9 soft=\nbreak\n", "line\r\nwith CR\rlone\n", "", "\n\nx",
    "> quoted\n-- \nsig\n",
]) | st.text(max_size=40)


@SETTINGS
@given(lines=st.lists(HEADER_LINES, min_size=1, max_size=6), body=BODIES,
       crlf=st.booleans(), raw8=st.booleans())
def test_fast_path_equals_the_email_package_on_edge_cases(lines: list[str], body: str,
                                                         crlf: bool, raw8: bool) -> None:
    newline = "\r\n" if crlf else "\n"
    head = newline.join(line.replace("\n", newline) for line in lines)
    data = f"{head}{newline}{newline}".encode() + body.encode("latin-1" if raw8 else "utf-8",
                                                             "replace")
    assert same_parse(data) is not False


def test_fast_path_takes_plain_mail_and_declines_mime() -> None:
    plain = b"From: a@x.org\r\nSubject: hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi\r\n"
    assert same_parse(plain) is True
    assert same_parse(b"From: a@x.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\n") is None
    assert same_parse(b"From: a@x.org\nSubject: mixed\r\nTo: b@y.org\n\nbody\n") is None


def email_output(path: Path) -> tuple[list[str], int, int]:
    config = validate_config(
        {"tasks": {"t": {"instruction": "Reply."}},
         "sources": [{"kind": "emails", "path": str(path), "task": "t"}]}, path.parent)
    cls = INGESTORS.load("emails")
    ingestor = cls.for_source(config.sources[0], config)
    lines = [record.to_json() for record in ingestor.read(path)]
    return lines, ingestor.items_read, ingestor.items_used


@pytest.mark.parametrize("folder", [*CORPUS_FOLDERS, "sample_data"])
def test_ingested_pairs_are_identical_without_the_fast_path(
        request: pytest.FixtureRequest, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = (SAMPLE_MAIL if folder == "sample_data"
            else request.getfixturevalue("corpora") / "emails" / folder)
    fast = email_output(path)
    monkeypatch.setattr(mailparse, "plain_message", lambda data: None)
    assert email_output(path) == fast
    assert fast[1] > 150  # items read: the run was not empty
