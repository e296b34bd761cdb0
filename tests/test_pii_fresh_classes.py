"""Classes of wrong placeholders and leaks that session 12's fresh draw of GitHub issues showed
(README › PII, "Tickets and contracts (session 12)"), each tested both ways: the look-alike
stays, the person's item still goes. Real presidio and spaCy model; every name, account and
place here is invented."""

from __future__ import annotations

import pytest

from curate.pii.structure import project_account
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def redact():
    stage = RedactStage(RedactConfig())

    def run(text: str, kind: str = "tickets") -> str:
        out = stage.process([new_record(Source(kind, "t", "1"), "t", "", text, "Noted.")])[0]
        assert out.rejected is None
        return out.input

    return run


@pytest.mark.parametrize(
    "owner, repo",
    [("zemblanetwork", "zembla-rfc"), ("quorvextoolkit", "quorvex"), ("ostrilabs", "tool")],
)
def test_an_account_glued_to_a_team_word_is_a_projects(redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    text = f"See https://github.com/{owner}/{repo}/blob/master/10-seeds.md for the design."
    assert owner in redact(text)


@pytest.mark.parametrize("owner", ["marialabs", "jqvorel"])  # a listed first name; no team word
def test_a_persons_account_still_goes(redact, owner: str) -> None:
    assert not project_account(owner, "tool")
    assert owner not in redact(f"Clone https://github.com/{owner}/tool and run it.")


def test_a_group_greeted_by_a_plural_noun_is_no_person(redact) -> None:
    assert "Experts" in redact("Hi Experts,\nI use notebooks for lots of work.")


def test_a_greeted_person_still_goes(redact) -> None:
    assert "Renata" not in redact("Hi Renata,\nI use notebooks for lots of work.")


@pytest.mark.parametrize(
    "text", ["It fails.\n\nThanks, Renata.\n\n### Steps", "It fails. Best, Renata Quell"]
)
def test_a_name_signing_on_the_sign_offs_line_goes(redact, text: str) -> None:
    out = redact(text)
    assert "Renata" not in out and "Quell" not in out


@pytest.mark.parametrize("text, kept", [("It works now. Thanks, Everyone.", "Everyone"),
                                        ("It works now. Thanks, Zembla!", "Zembla")])
def test_a_sign_offs_line_without_a_first_name_stays(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("This was done on a Qubes 4.0 machine in a Debian 11 VM.", "Debian 11"),
    ("It runs on Zorvex 38 LTS", "Zorvex 38"),
])
def test_a_products_version_before_capitals_is_no_street(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Please write to me at Hoge Wei 32 NL.", "Hoge Wei"),  # an address cue
    ("Her office: Koskikatu 25, Helsinki", "Koskikatu"),
])
def test_a_street_with_a_number_still_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text, "emails")


# Contract text: session 12's unlabelled audit of fresh CUAD clauses (README › PII).
@pytest.mark.parametrize("text, kept", [
    ("shall be of any force or effect.   J. FORCE MAJEURE. Notwithstanding anything to the "
     "contrary, neither party shall be liable.", "FORCE MAJEURE"),
    ("Initial Approved Hotel Name (Trade Name): Maple Suites by Orvel Tazrebb     Principal "
     "Mark in Brand: Maple", "Tazrebb"),
    ("the obligations under or in connection with this Agreement;   17.13.1.4 any funds "
     "received or paid in connection with this Agreement;", "17.13.1.4"),
])
def test_contract_headings_brands_and_clause_numbers_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text, "contracts")


@pytest.mark.parametrize("text, gone", [
    ("By: J. TAZREBB\nTitle: Chief Executive Officer", "TAZREBB"),  # a signature's cue
    ("This Guaranty is given by Maria Tazrebb to the Bank.", "Tazrebb"),
    ("Access is allowed from the client IP 10.20.30.44 only.", "10.20.30.44"),
    ("Access is allowed from https://10.2.3.4 only.", "10.2.3.4"),
])
def test_contract_people_and_addresses_still_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text, "contracts")


# GitHub issues: session 12's unlabelled audit of 200 fresh issues (README › PII).
@pytest.mark.parametrize("text, kept", [
    ("at /Users/300037427/.npm/_npx/64332/lib/node_modules/x.js:48:3", ".npm"),
    ("OpenCV(4.8.0-dev) /home/ci/zemblacv/modules/src/cap.cpp:431: error", "zemblacv"),
    ("Collecting git+https://github.com/acme-labs/tool.git@r2.5\nfailed", "tool.git@r2.5"),
    ("### OS Platform and Distribution\n\nZorvex Linux 37 (Xfce)\n\n### Mobile", "Zorvex Linux 37"),
    ("every command made by Zorvex-Workstation to Zorvex-Gateway is filtered.",
     "Zorvex-Workstation"),
])
def test_software_forms_of_the_github_audit_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("see /home/fe/jqvorel/src/x.py", "jqvorel"),  # a group folder, then the user
    ("write to jqvorel@example.com", "jqvorel"),
    ("This was reported by Maria Smith-Jones yesterday.", "Smith-Jones"),
])
def test_people_in_the_same_forms_still_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)
