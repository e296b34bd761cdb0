"""A roster: people one record's structure names, found in another record's prose
(`curate.pii.roster`, redact's `roster` option). Synthetic names only; the real presidio
engine and, for the engine comparison, a real Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate.config import validate_config
from curate.errors import ConfigError
from curate.pii.detect import Span
from curate.pii.roster import Roster
from curate.pipeline import run_pipeline
from curate.record import Record, Source, new_record
from curate.stages.base import StageContext
from curate.stages.redact import RedactConfig, RedactStage

FIELDS = ["instruction", "input", "output", "turns", "meta"]
OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl")


def ticket(text: str, reporter: str = "", n: int = 1) -> Record:
    meta = {"reporter": reporter} if reporter else {}
    return new_record(Source("tickets", "t.csv", f"row {n}"), "support", "Answer.", text,
                      "We will look into it.", meta=meta)


def surveyed(records: list[Record]) -> RedactStage:
    stage = RedactStage(RedactConfig(roster="auto"))
    assert stage.surveys()
    stage.survey(records)
    return stage


def test_a_name_known_only_from_another_records_people_field_is_redacted_in_prose() -> None:
    named = ticket("The export fails on large files.", reporter="Ysolde Varkonyi")
    prose = ticket("Per Varkonyi the export is fine now; Ysolde will confirm.", n=2)
    stage = surveyed([named, prose])
    assert stage.roster == Roster([("Ysolde", "Varkonyi")])
    out = stage.process([prose])[0]
    assert "Varkonyi" not in out.input and "Ysolde" not in out.input
    assert out.input.count("<PERSON_") == 2


def test_without_a_roster_the_other_records_name_is_not_known() -> None:
    prose = ticket("Per Varkonyi the export is fine now; Ysolde will confirm.", n=2)
    assert RedactStage(RedactConfig()).surveys()  # `auto`, the default
    stage = RedactStage(RedactConfig(roster="off"))
    assert not stage.surveys() and stage.roster is None
    assert "Varkonyi" in stage.process([prose])[0].input  # no other record's evidence
    found = Roster([("Ysolde", "Varkonyi")]).find(prose.input)
    assert [prose.input[s.start:s.end] for s in found] == ["Varkonyi", "Ysolde"]


def test_a_common_word_or_a_place_equal_to_a_roster_name_is_left_alone() -> None:
    roster = Roster([("Mark", "Quorvath"), ("Virginia", "Quorvath"), ("Tomasz", "Bill")])
    text = "Mark the invoice as paid. The office moved to Virginia; pay the bill to Quorvath."
    found = [text[s.start:s.end] for s in roster.find(text)]
    assert found == ["Quorvath"]
    for alone in ("Please ask Virginia about it.", "Thanks. Virginia will send the figures."):
        assert [alone[s.start:s.end] for s in roster.find(alone)] == ["Virginia"]
    for place in ("We met in Virginia.", "Flights to Virginia, Ohio and Texas.",
                  "The Virginia Fund", "See the Virginia office."):
        assert roster.find(place) == []


def test_a_roster_surname_that_is_an_english_word_is_found_where_a_person_stands() -> None:
    # session 18: no list takes `Kettle` alone; the roster says a person of the run has it
    roster = Roster([("Kenneth", "Kettle")])
    for text in ("Yes, thanks.  Kettle is going to give the keynote.",
                 "A panel including Kettle and two others."):
        assert [text[s.start:s.end] for s in roster.find(text)] == ["Kettle"], text
    for text in ("Kettle prices rose.", "We met at the Kettle Center.", "We stayed in Kettle.",
                 "Put the kettle on; Kettle is hot."):  # opening, a place's, lower case used
        assert roster.find(text) == [], text


def test_a_given_name_before_an_english_word_is_a_roster_person() -> None:
    records = [mail("From: Kenneth Kettle <kk@example.org>"), mail("To: Widget Core", n=2)]
    assert Roster.of_records(records, FIELDS).people == (("Kenneth", "Kettle"),)


def test_full_names_in_either_order_and_by_nickname() -> None:
    roster = Roster([("Kenneth", "Varkonyi")])
    text = "VARKONYI, KENNETH approved; Ken Varkonyi signed; Varkonyi, Kenneth too."
    assert [text[s.start:s.end] for s in roster.find(text)] == [
        "VARKONYI, KENNETH", "Ken Varkonyi", "Varkonyi, Kenneth"]


def test_a_project_name_in_a_people_field_is_no_roster_person() -> None:
    records = [ticket("x", reporter="Widget Core"), ticket("y", reporter="Ysolde Varkonyi", n=2)]
    assert Roster.of_records(records, FIELDS).people == (("Ysolde", "Varkonyi"),)


def mail(headers: str, n: int = 1) -> Record:
    return new_record(Source("emails", "box.mbox", f"<{n}@x>"), "support", "Reply.",
                      f"{headers}\n\nThe rota is attached.", "Thanks.")


def test_a_header_or_trailer_in_a_records_text_names_roster_people() -> None:
    records = [mail("From: Ysolde Varkonyi <ysolde.varkonyi@example.org>\nTo: Brevik, Anouk"),
               mail("Signed-off-by: Idris Okafor <io@example.org>", n=2)]
    assert Roster.of_records(records, FIELDS).people == (
        ("Anouk", "Brevik"), ("Idris", "Okafor"), ("Ysolde", "Varkonyi"))


def test_a_display_name_its_address_spells_enters_the_roster_even_of_english_words() -> None:
    # two structured sources agree (`Stone, Hedda` and hedda.stone@): a name, though English
    records = [mail("From: Birch, Ilse <ilse.birch@example.org>\nTo: Stone, Hedda "
                    "<hedda.stone@example.org>"),
               mail("To: market.participants@example.org, grand.design@example.org", n=2)]
    people = Roster.of_records(records, FIELDS).people
    assert ("Hedda", "Stone") in people and ("Ilse", "Birch") in people
    # an address alone spells no display name: its English words stay out
    assert not {"Participants", "Design"} & {last for _, last in people}


def test_roster_names_joined_to_a_name_are_found_where_ner_reads_a_firm() -> None:
    roster = Roster([("Hedda", "Stone"), ("Ilse", "Birch"), ("Drew", "Quorvath")])
    text = ("Subject: Re: Stone/Birch Talking Points\n\nAsk Drew and <PERSON_1>. "
            "See /home/Stone/Birch and Drew Notes.")
    ask = text.index("<PERSON_1>")
    found = roster.joined(text, [Span(ask, ask + len("<PERSON_1>"), "PERSON", 1.0)])
    assert [text[s.start:s.end] for s in found] == ["Stone", "Birch", "Drew"]
    assert [s.start for s in found][2] == text.index("Drew and")
    # two words joined by a slash that are no roster surnames stay (`Houston/Portland`)
    assert roster.joined("Subject: Houston/Portland basis", []) == []


def test_a_name_that_labels_the_mail_domain_is_the_companys_not_a_person() -> None:
    records = [mail("From: Tomasz Zarnecki <tomasz@zarnecki-trading.example>"),
               mail("From: Anouk Brevik <anouk@example.org>", n=2)]
    assert Roster.of_records(records, FIELDS).people == (("Anouk", "Brevik"),)


def test_the_roster_is_sorted_whatever_order_its_records_came_in() -> None:
    records = [ticket("x", reporter=name, n=i) for i, name in
               enumerate(["Ysolde Varkonyi", "Quorvath, Tomasz", "Anouk Brevik"])]
    forward = Roster.of_records(records, FIELDS)
    assert forward == Roster.of_records(list(reversed(records)), FIELDS)
    assert forward.people == (("Anouk", "Brevik"), ("Tomasz", "Quorvath"), ("Ysolde", "Varkonyi"))


def test_a_roster_file_is_read_one_person_a_line(tmp_path: Path) -> None:
    (tmp_path / "people.txt").write_text(
        "# our people\nYsolde Varkonyi\n\nQuorvath, Tomasz\nAnouk M. Brevik\nsingle\n",
        encoding="utf-8")
    stage = RedactStage(RedactConfig(roster="people.txt"), StageContext(base_dir=tmp_path))
    assert stage.roster is not None and not stage.surveys()
    assert stage.roster.people == (("Anouk", "Brevik"), ("Tomasz", "Quorvath"),
                                   ("Ysolde", "Varkonyi"))
    assert stage.input_files() == [tmp_path / "people.txt"]
    out = stage.process([ticket("Tomasz asked again; Brevik agreed.")])[0]
    assert "Tomasz" not in out.input and "Brevik" not in out.input


def test_a_missing_roster_file_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        RedactStage(RedactConfig(roster="nowhere.txt"), StageContext(base_dir=tmp_path))
    assert error.value.key == "stages.redact.roster"
    assert "nowhere.txt" in error.value.problem


def write_project(base: Path) -> dict:
    """Tickets whose reporters name people that other tickets' prose mentions."""
    people = ["Ysolde Varkonyi", "Tomasz Quorvath", "Anouk Brevik", "Idris Okafor"]
    rows = []
    for i in range(60):
        reporter = people[i % 4]
        other = people[(i + 1) % 4].split()
        rows.append({"q": f"Ticket {i}: the sync job {i} stalls; {other[1]} saw it first "
                          f"and {other[0]} can reproduce it on build {i * 3}.",
                     "a": f"Thanks, restarting worker {i} fixed it for now.",
                     "reporter": reporter})
    (base / "tickets.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                        encoding="utf-8")
    return {
        "seed": 3,
        "engine": {"batch_size": 8},
        "tasks": {"support": {"instruction": "Answer the ticket."}},
        "sources": [{"kind": "pairs", "path": "tickets.jsonl", "task": "support",
                     "options": {"input": "q", "output": "a", "meta": ["reporter"]}}],
        "stages": {"redact": {"roster": "auto"}},
        "gate": {"min_train_examples": 5},
    }


@pytest.mark.slow
def test_roster_auto_gives_the_same_output_on_both_engines(tmp_path: Path) -> None:
    data = write_project(tmp_path)
    run_pipeline(validate_config(data, tmp_path), tmp_path / "local")
    data["engine"] = {"kind": "dask", "workers": 2, "batch_size": 8}
    run_pipeline(validate_config(data, tmp_path), tmp_path / "dask")
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    curated = (tmp_path / "local" / "curated.jsonl").read_text(encoding="utf-8")
    assert "can reproduce" in curated  # records were kept, not all rejected
    for name in ("Varkonyi", "Quorvath", "Brevik", "Okafor", "Ysolde", "Tomasz", "Anouk", "Idris"):
        assert name not in curated
    for path in (tmp_path / "local").rglob("*"):  # the roster reaches no file but the data's
        if path.is_file() and path.name not in OUTPUTS and path.suffix in (".json", ".html"):
            assert "Varkonyi" not in path.read_text(encoding="utf-8", errors="replace")


def test_the_api_and_the_redact_command_survey_the_records_they_are_given(tmp_path: Path) -> None:
    from curate.api import apply_stage
    from curate.io import write_records
    from curate.runs import run_stage_file

    records = [ticket("The export fails on large files.", reporter="Ysolde Varkonyi"),
               ticket("Per Varkonyi the export is fine now.", n=2)]
    config = {"stages": {"redact": {"roster": "auto"}}}
    kept = apply_stage("redact", records, config).kept
    assert len(kept) == 2 and "Varkonyi" not in kept[1]["input"]
    assert "Varkonyi" not in apply_stage("redact", records).kept[1]["input"]  # the default
    off = {"stages": {"redact": {"roster": "off"}}}
    assert "Varkonyi" in apply_stage("redact", records, off).kept[1]["input"]
    write_records(tmp_path / "in.jsonl", records)
    (tmp_path / "curate.yaml").write_text("stages:\n  redact:\n    roster: auto\n")
    run_stage_file("redact", tmp_path / "in.jsonl", tmp_path / "out.jsonl",
                   tmp_path / "curate.yaml")
    assert "Varkonyi" not in (tmp_path / "out.jsonl").read_text(encoding="utf-8")


def test_a_bare_yaml_off_turns_the_roster_off() -> None:
    import yaml

    config = RedactConfig(**yaml.safe_load("roster: off"))
    assert config.roster == "off" and not RedactStage(config).surveys()
