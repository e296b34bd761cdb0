"""Recall on forms of personal data that session 6 generalised: names in lists, a listed
surname after an unknown first name, casual lower-case greetings and sign-offs, profile URLs on
more hosts, user fields by what they mean, and meta keys that name a person by their words or
their shape. Real presidio and spaCy model; every name, handle and host here is invented."""

from __future__ import annotations

import pytest

from curate.pii.fields import people_key, record_slots
from curate.pii.names import find_names
from curate.pii.structure import mentions
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


def _names(text: str) -> set[str]:
    return {text[s:e] for s, e, _ in find_names(text)}


def test_a_list_with_a_listed_name_makes_its_unknown_items_names() -> None:
    assert {"Okonkwo", "Brevik"} <= _names("Thanks to Ishani, Okonkwo and Brevik for the numbers.")
    assert "Tavish Vasko" in _names("I met Jane Roe, Tavish Vasko and Orrin yesterday.")
    # firms joined by `&`, lists of no listed name, and dictionary words are not names
    assert not {"Quellix", "Dravkonet"} & _names("Quellix & Dravkonet and Ishani met.")
    assert not _names("Cisco, Oracle and Dravkonet filed.")
    assert "Report" not in _names("Ishani, Report and Summary are attached.")


def test_a_lower_case_list_of_listed_first_names_is_names() -> None:
    text = "they had four: silvana, adam, kristina and caleb."
    assert {"silvana", "adam", "kristina", "caleb"} <= _names(text)
    assert not _names("we need apples, pears, oranges and grapes")
    assert not {"mark", "bill", "april"} & _names("follow up with mark, bill and april")


def test_a_listed_surname_after_an_unknown_capitalised_word_is_a_name() -> None:
    assert "Dravko Kowalski" in _names("Please forward it to Dravko Kowalski today.")
    # a place or a dictionary word before the surname is not a first name
    assert "Chicago Kowalski" not in _names("Chicago Kowalski Partners")
    assert "Dear Kowalski" not in _names("Dear Kowalski, thanks.")


@pytest.mark.parametrize(
    "text, planted",
    [
        ("Thanks to Ishani, Okonkwo and Brevik for the numbers.", "Okonkwo"),
        ("Let me know.\n\ncheers,\nzuzeth", "zuzeth"),
        ("hi zuzeth, the build is green.", "zuzeth"),
        ("mirror https://codeberg.org/jroev/tool and the docs", "jroev"),
        ("fork at https://gitee.com/wangliq/tool today", "wangliq"),
        ("image at https://hub.docker.com/r/jroev/tool", "jroev"),
        ("see https://gist.githubusercontent.com/jroev/abc123/raw/x.sh", "jroev"),
        ("notebook https://www.kaggle.com/jroev shows it", "jroev"),
        ("avatar /secure/useravatar?ownerId=jroev&avatarId=1", "jroev"),
        ("filter: creator_login = jroev", "jroev"),
        ("[jroev@build-box ~]$ make", "jroev"),
    ],
)
def test_forms_are_found(stage: RedactStage, text: str, planted: str) -> None:
    record = new_record(Source("test", "t", "1"), "t", "", text, "Noted.")
    out = stage.process([record])[0]
    assert out.annotations["redact"]["residual"] == {}  # found by the first pass, not withheld
    assert planted not in out.input


def test_a_lower_case_word_after_a_sign_off_must_end_the_message() -> None:
    stage = RedactStage(RedactConfig())
    record = new_record(Source("test", "t", "1"), "t", "", "thanks,\nnoted below", "Noted.")
    assert "noted" in stage.process([record])[0].input


def test_a_handle_never_follows_a_replaced_value() -> None:
    # the re-scan masks `jroe` of `jroe@build-box` with a solid block: no `@build-box` handle
    assert not [m for m in mentions("\u2588\u2588\u2588\u2588@build-box ~]$ make")
                if m.kind == "handle"]


@pytest.mark.parametrize(
    "key, person",
    [
        ("from", True), ("lastEditor", True), ("pr_author", True), ("requestedReviewers", True),
        ("ownerId", True), ("authorName", True), ("creator_login", True), ("createdBy", True),
        ("signed_by", True), ("accountId", True),
        ("sortBy", False), ("groupBy", False), ("user_agent", False), ("userCount", False),
        ("owner_type", False), ("timeZone", False), ("repository", False), ("status", False),
    ],
)
def test_a_meta_key_means_a_person_by_its_words(key: str, person: bool) -> None:
    assert people_key(key) is person


def test_people_fields_at_any_depth_and_user_objects_by_shape(stage: RedactStage) -> None:
    record = new_record(Source("test", "t", "1"), "t", "", "The build broke again.", "Noted.")
    record.meta = {
        "issue": {"log": [{"who": {"accountId": "5b10ac8d82e05b22cc7d4ef5",
                                   "displayName": "Tavish Quennell", "active": True}}]},
        "lastEditor": "tquennell",
        "created_by": "orrin.vasko",
        "sortBy": "priority",
        "pr": {"requestedReviewers": ["mkolarz"]},
    }
    record.meta["org"] = {"login": "acmeorg", "gravatar_id": "", "type": "Organization"}
    record.meta["project"] = {"key": "KAFKA", "name": "Kafka", "avatarUrls": {"16x16": "x"}}
    kinds = {slot.path[-1]: slot.kind for slot in record_slots(record, ["meta"])}
    assert kinds["login"] == kinds["key"] == "id"  # an organisation, a project: not people
    assert kinds["displayName"] == kinds["lastEditor"] == kinds["created_by"] == "people"
    assert kinds["sortBy"] == "text"
    meta = stage.process([record])[0].meta
    flat = repr(meta)
    for value in ("5b10ac8d", "Tavish", "Quennell", "tquennell", "orrin", "mkolarz"):
        assert value not in flat
    assert meta["sortBy"] == "priority"
    # the handle made of the display name is the same person: one placeholder
    assert meta["lastEditor"] == meta["issue"]["log"][0]["who"]["displayName"]


def test_a_list_beside_a_known_person_names_the_others(stage: RedactStage) -> None:
    text = ("From: Kubiak, Virgil\n\nVirgil, Okonkwo and Brevik reviewed the curves; "
            "Houston, Dallas and Austin desks agree.")
    out = stage.process([new_record(Source("test", "t", "1"), "t", "", text, "Noted.")])[0].input
    assert "Okonkwo" not in out and "Brevik" not in out and "Virgil" not in out
    assert "Houston, Dallas" in out
