"""E-mail ingestion: parsing, threading, cleaning, labels, accounting; real and made-up mail."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from curate.config import validate_config
from curate.errors import ConfigError
from curate.ingest.emails import EmailIngestor, normalize_subject
from curate.ingest.mailtext import clean_body
from curate.record import Record
from curate.registries import INGESTORS

ENRON = Path("emails/enron_berkeley/enron_with_categories")
ENRON_MIN_PAIRS = 66  # measured: 66 reply pairs (99 messages used) in the 1,702 messages


def make_ingestor(path: Path, **options: object) -> EmailIngestor:
    """Built as the CLI's `ingest` command does: validated config, registry class."""
    config = validate_config(
        {"tasks": {"support": {"instruction": "Reply to the customer."}},
         "sources": [{"kind": "emails", "path": str(path), "task": "support",
                      "options": options}]},
        path if path.is_dir() else path.parent,
    )
    cls = INGESTORS.load("emails")
    return cls(cls.Options.model_validate(options), config.sources[0], config)


def ingest(path: Path, **options: object) -> tuple[EmailIngestor, list[Record]]:
    ingestor = make_ingestor(path, **options)
    records = list(ingestor.read(path))
    rejected = sum(r.rejected is not None for r in records)
    assert ingestor.items_read == ingestor.items_used + rejected
    return ingestor, records


def pairs(records: list[Record]) -> list[Record]:
    return [r for r in records if r.rejected is None]


def reasons(records: list[Record]) -> Counter[str]:
    return Counter(r.rejected.reason for r in records if r.rejected is not None)


def eml(headers: dict[str, str], body: str | bytes, ctype: str = "text/plain; charset=utf-8"
        ) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n\r\n"
    return head.encode() + (body if isinstance(body, bytes) else body.encode())


CUSTOMER = {"From": "Ann Smith <ann@gmail.com>", "To": "support@acme.example",
            "Subject": "Charged twice", "Date": "Mon, 1 Jan 2024 10:00:00 +0000",
            "Message-ID": "<c1@gmail.com>"}
AGENT = {"From": "Jane Doe <jane@help.acme.example>", "To": "ann@gmail.com",
         "Subject": "RE: Charged twice", "Date": "Tue, 2 Jan 2024 09:00:00 +0000",
         "Message-ID": "<a1@acme.example>", "In-Reply-To": "<c1@gmail.com>"}
FOLLOW_UP = {"From": "ann@gmail.com", "To": "jane@help.acme.example",
             "Subject": "Re: RE: Charged twice", "Date": "Tue, 2 Jan 2024 11:00:00 +0000",
             "Message-ID": "<c2@gmail.com>", "References": "<c1@gmail.com> <a1@acme.example>"}
AGENT_WORDS = "Hi Ann,\n\nI have refunded the second charge today."
AGENT_BODY = (
    f"{AGENT_WORDS}\n\n"
    "This e-mail is intended only for the named addressee. If you have received this\n"
    "message in error, please delete it.\n\n"
    "--\nJane\n\n"
    "On Mon, 1 Jan 2024 at 10:00, Ann Smith <ann@gmail.com> wrote:\n"
    "> My card was charged twice for order 1234.\n"
)


@pytest.fixture
def thread(tmp_path: Path) -> Path:
    (tmp_path / "1.eml").write_bytes(eml(CUSTOMER, "My card was charged twice for order 1234."))
    (tmp_path / "2.eml").write_bytes(eml(AGENT, AGENT_BODY))
    (tmp_path / "3.eml").write_bytes(eml(FOLLOW_UP, "Thanks, it arrived!\n\n> Hi Ann,\n"))
    return tmp_path


def test_support_thread_gives_one_customer_agent_pair(thread: Path) -> None:
    ingestor, records = ingest(thread, org_domains=["acme.example"])
    [pair] = pairs(records)
    assert pair.input == "Subject: Charged twice\n\nMy card was charged twice for order 1234."
    assert pair.output == AGENT_WORDS
    assert pair.instruction == "Reply to the customer."
    assert pair.source.path.endswith("2.eml")
    assert [t["role"] for t in pair.turns] == ["user", "assistant"]
    assert pair.turns[-1]["content"] == AGENT_WORDS
    assert pair.meta["date"] == "2024-01-02T09:00:00+00:00" and len(pair.meta["thread"]) == 16
    assert reasons(records) == Counter({"ingest.not_customer_agent": 1})
    assert (ingestor.items_read, ingestor.items_used) == (3, 2)


def test_without_org_domains_every_reply_pairs_and_turns_grow(thread: Path) -> None:
    ingestor, records = ingest(thread)
    first, second = pairs(records)
    assert second.output == "Thanks, it arrived!"
    assert second.input == f"Subject: RE: Charged twice\n\n{AGENT_WORDS}"
    assert [t["role"] for t in second.turns] == ["assistant", "user", "assistant"]
    assert first.meta["thread"] == second.meta["thread"]
    assert ingestor.items_used == 3


def test_output_is_deterministic(thread: Path) -> None:
    once = [r.to_json() for r in ingest(thread)[1]]
    assert once == [r.to_json() for r in ingest(thread)[1]]


def test_subject_and_participants_thread_mail_without_ids(tmp_path: Path) -> None:
    ask = {"From": "bob@x.example", "To": "carol@y.example", "Subject": "Budget",
           "Date": "Mon, 1 Jan 2024 10:00:00 +0000"}
    answer = {"From": "carol@y.example", "To": "bob@x.example", "Subject": "AW: Re: budget",
              "Date": "Mon, 1 Jan 2024 12:00:00 +0000"}
    stranger = {**answer, "From": "dave@z.example", "To": "eve@z.example"}
    (tmp_path / "a").write_bytes(eml(ask, "Can we raise it?"))
    (tmp_path / "b").write_bytes(eml(answer, "Yes, by ten percent."))
    (tmp_path / "c").write_bytes(eml(stranger, "Unrelated."))
    _, records = ingest(tmp_path)
    [pair] = pairs(records)
    assert pair.input == "Subject: Budget\n\nCan we raise it?"
    assert pair.output == "Yes, by ten percent."
    assert reasons(records) == Counter({"ingest.no_reply_pair": 1})
    assert normalize_subject("RE: AW: Fwd:  SV[2]: Hello  World") == "hello world"


def test_mbox_detected_by_content_and_indexed(tmp_path: Path) -> None:
    box = b"".join(
        b"From someone Mon Jan  1 10:00:00 2024\n" + eml(h, body).replace(b"\r\n", b"\n") + b"\n"
        for h, body in ((CUSTOMER, "Where is my parcel?"), (AGENT, "It ships tomorrow."))
    )
    (tmp_path / "inbox").write_bytes(box)
    _, records = ingest(tmp_path / "inbox")
    [pair] = pairs(records)
    assert pair.source.locator == "message 2" and pair.output == "It ships tomorrow."


def test_html_only_body_becomes_text(tmp_path: Path) -> None:
    html = ("<html><head><style>p {color: red}</style></head><body><p>Hello&nbsp;Ann,</p>"
            "<div>your order <b>shipped</b>.</div><blockquote>old quoted text</blockquote>"
            "<script>track()</script></body></html>")
    (tmp_path / "1.eml").write_bytes(eml(CUSTOMER, "Where is my order?"))
    (tmp_path / "2.eml").write_bytes(eml(AGENT, html, "text/html; charset=utf-8"))
    [pair] = pairs(ingest(tmp_path)[1])
    assert pair.output == "Hello Ann,\n\nyour order shipped."


def test_bogus_charset_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "1.eml").write_bytes(eml(CUSTOMER, "Hello?"))
    body = "Grüße aus Köln, die Rückzahlung ist unterwegs.".encode()
    (tmp_path / "2.eml").write_bytes(eml(AGENT, body, "text/plain; charset=x-no-such-charset"))
    [pair] = pairs(ingest(tmp_path)[1])
    assert pair.output == "Grüße aus Köln, die Rückzahlung ist unterwegs."


def test_clean_body_strips_history_signature_and_disclaimer() -> None:
    text = (
        "Numbers attached.\r\n\r\n"
        "=====\r\nThis email message is for the sole use of the intended recipient(s).\r\n"
    )
    assert clean_body(text) == "Numbers attached."
    lotus = "Agreed.\n\n\n\nrob@pjm.com on 08/29/2000 04:06 PM\nTo: a@b.com\ncc:\nSubject: x\n\nold"
    assert clean_body(lotus) == "Agreed."
    outlook = "See below.\n\n -----Original Message-----\nFrom: A\nSent: today\n\nold text"
    assert clean_body(outlook) == "See below."
    bottom = "On Mon, Jan 1, 2024 at 9:00 AM Ann <a@b.c>\nwrote:\n> question?\n\nAnswer.\n"
    assert clean_body(bottom) == "Answer."
    assert clean_body("Sure thing.\n\nSent from my iPhone") == "Sure thing."


def test_sidecar_option_must_name_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="label_sidecar"):
        make_ingestor(tmp_path, label_source="sidecar")


@pytest.fixture(scope="module")
def enron(corpora: Path) -> tuple[EmailIngestor, list[Record]]:
    return ingest(corpora / ENRON, label_source="folder")


def test_enron_messages_all_parse_and_pairs_are_clean(
    enron: tuple[EmailIngestor, list[Record]], corpora: Path
) -> None:
    ingestor, records = enron
    messages = [r for r in records if r.source.path.endswith(".txt")
                and not r.source.path.endswith("categories.txt")]
    found = pairs(records)
    print(f"\nEnron: {len(found)} reply pairs from {ingestor.items_read - 1} messages, "
          f"{ingestor.items_used} messages used; rejections {dict(reasons(records))}")
    assert ingestor.items_read == 1702 + 1  # + categories.txt, rejected as not an e-mail
    assert len(list((corpora / ENRON).glob("*/*.txt"))) == 1702
    assert not [r for r in messages if r.rejected and r.rejected.reason in
                {"ingest.unparseable", "ingest.not_email", "ingest.unreadable"}]
    assert reasons(records)["ingest.not_email"] == 1
    assert len(found) >= ENRON_MIN_PAIRS
    for pair in found:
        assert pair.output and pair.input.startswith("Subject: ")
        assert not any(line.lstrip().startswith(">") for line in pair.output.splitlines())
        assert "-----Original Message-----" not in pair.output
        assert pair.label in set("12345678")


def test_enron_mbox_labels_join_by_sidecar_and_header(corpora: Path, tmp_path: Path) -> None:
    sidecar = tmp_path / "labels.csv"
    with sidecar.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "label"])
        for file in sorted((corpora / ENRON).glob("*/*.txt")):
            head = file.read_text(errors="replace").split("\n", 1)[0]
            if head.startswith("Message-ID:"):
                writer.writerow([head.split(":", 1)[1].strip(), file.parent.name])
    mbox = corpora / ENRON.parent / "enron_berkeley_folders_3_5.mbox"
    ingestor, records = ingest(mbox, label_source="sidecar", label_sidecar=str(sidecar))
    assert ingestor.items_read == 174 and not reasons(records)["ingest.unparseable"]
    assert pairs(records) and {p.label for p in pairs(records)} <= {"3", "5"}
    _, by_header = ingest(mbox, label_source="header", label_header="X-Origin")
    assert all(p.label for p in pairs(by_header))


@pytest.mark.parametrize("folder", ["odd", "msg"])
def test_odd_and_outlook_files_are_ingested_or_rejected(corpora: Path, folder: str) -> None:
    root = corpora / "emails" / folder
    ingestor, records = ingest(root)
    seen = {r.source.path for r in records}
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix != ".tsv"]
    assert {ingestor.relpath(p) for p in files} <= seen
    assert all(r.rejected is None or r.rejected.reason.startswith("ingest.") for r in records)
    if folder == "msg":
        got = reasons(records)
        assert got["ingest.corrupt_msg"] == 2  # the two fuzzer files that are not OLE2
        assert got["ingest.not_email"] == 4  # appointment, contact, sticky note, task
