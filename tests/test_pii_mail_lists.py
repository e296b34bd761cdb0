"""E-mail (session 14): a list's or a group's mailbox and its display name are no one's
(`steeringcommittee@`, `grid_member_xy9@`, `Policy Core Team <...>`), so neither becomes a
placeholder, while the people beside them do; a first name in brackets after a display name is
the name that person goes by (`Roe, Anselm (Dario)`), wherever the record writes it. Real
presidio and spaCy model; every name and address here is invented."""

from __future__ import annotations

import pytest

from curate.pii.people import People
from curate.pii.recognizers import role_mailbox
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


@pytest.mark.parametrize("address", [
    "steeringcommittee@grid.example", "PolicyCoreTeam@grid.example", "Grid_Participant_XY9@px.example",
    "grid_participant_yz8@px.example", "legalhub-compliance@corp.example",
    "20participants@grid.example", "boardmembers@club.example",
    "IMCEAEX-_O=GRID_OU=CORP_CN=DISTRIBUTION+20LISTS_CN=ALL+20GRID+20MEMBERS@grid.example",
])
def test_a_list_or_group_mailbox_is_a_role_mailbox(address: str) -> None:
    assert role_mailbox(address)


@pytest.mark.parametrize("address", [
    "jane.roe@grid.example", "tlist@grid.example", "mgroupe@grid.example", "kteamer@x.example",
    "odile.vasko2@x.example",
])
def test_a_persons_mailbox_is_not(address: str) -> None:
    assert not role_mailbox(address)


def test_a_groups_display_name_and_mailbox_are_no_person_but_its_neighbours_are() -> None:
    people = People()
    people.add_addresses(
        '"Quennell, Odile" <OQuennell@grid.example>, Core Policy Team <CorePolicyTeam@grid.example>, '
        "All Grid Members <IMCEAEX-_O=GRID_CN=ALL+20GRID+20MEMBERS@grid.example>, "
        "Steering Committee <steeringcommittee@grid.example>"
    )
    text = ("Odile Quennell, Core Policy Team, All Grid Members, Steering Committee, "
            "corepolicyteam@grid.example")
    assert sorted(text[s.start : s.end] for s, _ in people.find(text, True)) == ["Odile Quennell"]


def test_a_bracketed_first_name_after_a_display_name_is_that_person() -> None:
    people = People()
    people.add_addresses('"Vasko, Anselm (Dario)" <MVasko@grid.example>, '
                         '"Roe, Julia (Legal)" <JRoe@grid.example>')
    text = "Dario and Anselm Vasko; Legal agreed with Julia."
    found = {text[s.start : s.end]: key for s, key in people.find(text)}
    assert found == {"Dario": "anselm vasko", "Anselm Vasko": "anselm vasko", "Julia": "julia roe"}


def test_the_list_mailboxes_stay_end_to_end(stage: RedactStage) -> None:
    record = new_record(Source("emails", "t", "1"), "t", "",
                        "Subject: posted\n\nThe study is posted, Dario.\n\nTovan Quillby", "category 1")
    to = ("Core Policy Team <CorePolicyTeam@grid.example>, "
          '"Vasko, Anselm (Dario)" <MVasko@grid.example>')
    record.meta = {"people": {"to": ["corepolicyteam@grid.example, mvasko@grid.example", to]}}
    out = stage.process([record])[0]
    assert out.meta["people"]["to"][0].startswith("corepolicyteam@grid.example, ")
    assert out.meta["people"]["to"][1].startswith("Core Policy Team <CorePolicyTeam@grid.example>, ")
    assert "Vasko" not in str(out.meta) and "Anselm" not in str(out.meta)
    assert "Dario" not in out.input and "Dario" not in str(out.meta)
    assert "MVasko" not in str(out.meta).replace("mvasko", "")


@pytest.mark.parametrize("kind", ["emails", "jsonl"])
def test_a_postal_lines_town_is_no_name_but_the_signer_is(stage: RedactStage, kind: str) -> None:
    text = ("Subject: visit\n\nSee you then.\n\nHal Vasko\nDepartment of Economics\n"
            "Springfield, IL  62704-1234")
    out = stage.process([new_record(Source(kind, "t", "1"), "t", "", text, "ok")])[0].input
    assert "Hal Vasko" not in out
    assert "Springfield, IL  62704-1234" in out


def test_a_unit_after_a_number_is_no_name_nor_initials(stage: RedactStage) -> None:
    people = People()
    people.add_addresses('"Vasko, Mirel" <mirel.vasko@grid.example>')
    text = "MV agreed; the file is 5.1 mv, and at 2:30 MV spoke; mv"
    assert [(text[s.start : s.end], s.start) for s, _ in people.find(text)] == [
        ("MV", 0), ("MV", 43), ("mv", 53)]
    record = new_record(Source("emails", "t", "1"), "t", "",
                        "Subject: plant\n\nThe new unit will put out 450 Mwe.\n\n"
                        "Do not disclose it.", "ok")
    assert "450 Mwe." in stage.process([record])[0].input
