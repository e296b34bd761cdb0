"""Tickets and contracts precision (session 9): forms that made wrong placeholders on fresh
GitHub issues, each tested both ways: the look-alike stays, the person's item still goes.
A project's account in a repository URL, a doc comment's tag or a decorator, an `@` in binary
junk, a site's id inside a URL, a dotted technology name. Real presidio and spaCy model; every
name, handle, account and number here is invented."""

from __future__ import annotations

import pytest

from curate.pii.code import in_code
from curate.pii.detect import Span
from curate.pii.places import tied_places
from curate.pii.structure import mentions, project_account
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
    [
        ("Quorvex", "QuorvexSeg"),  # shares a name part with its repository
        ("python-zembla", "Zembla"),  # an ecosystem's port of a project
        ("zembla-labs", "tool"),  # a team or lab
        ("sail-xq", "Adan"),  # an English word and a short code
    ],
)
def test_a_projects_account_is_no_person(redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    text = f"I converted it with https://github.com/{owner}/{repo}/tree/main and it fails."
    assert owner in redact(text)


@pytest.mark.parametrize(
    "owner, repo",
    [
        ("jqvorel", "zembla-tool"),
        ("jqvorel", "Adan"),
        ("maria-k", "tool"),  # hyphenated, but a listed first name
        ("lantern", "tool"),  # one English word: people take them too
        ("maria-kowalski", "kowalski-tools"),  # a listed surname shared with the repository
        ("marialabs", "tool"),  # glued to a team word, but a listed first name
    ],
)
def test_a_persons_account_still_goes(redact, owner: str, repo: str) -> None:
    assert not project_account(owner, repo)
    text = f"Clone https://github.com/{owner}/{repo} and run it."
    assert owner not in redact(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("```\n/** @brief Extend the base dictionary\n  * @retval the new size\n */\n```", "brief"),
        ("```\n/** @brief Extend the base dictionary\n  * @retval the new size\n */\n```",
         "retval"),
        ("/// @note keeps the order", "note"),
        ("```python\n@njit\ndef f(x):\n    return x\n```", "njit"),
        ("```python\n@lru_cache(maxsize=2)\ndef f(x):\n    return x\n```", "lru_cache"),
        ("state dump: \x1c\x7f@Qx9\x08\x7f@Zrv\x1cZB", "Qx9"),
    ],
)
def test_code_tags_and_binary_are_no_handles(redact, text: str, kept: str) -> None:
    assert kept in redact(text)
    assert not [m for m in mentions(text) if m.value == kept]


@pytest.mark.parametrize(
    "text, handle",
    [
        ("@jqvorel can you look at this?", "jqvorel"),
        ("It crashes.\n\n@jqvorel\n", "jqvorel"),  # alone on a line, but in prose
        ("```\n/** written with @jqvorel */\n```", "jqvorel"),  # not the comment's tag
        ("see the trace\n\ncc @jqvorel, @orvasko", "orvasko"),
        ("Reviewers:\n* @jqvorel\n* @orvasko", "jqvorel"),  # a list's bullet, not a comment
    ],
)
def test_a_handle_in_prose_or_inside_a_comment_still_goes(redact, text: str, handle: str) -> None:
    assert handle not in redact(text)


@pytest.mark.parametrize("kind", ["tickets", "contracts"])
def test_a_number_inside_a_url_is_a_sites_id(redact, kind: str) -> None:
    text = ("As explained in https://github.com/acme/tool/pull/23395#issuecomment-956353035 "
            "the flag is unsafe.")
    assert "956353035" in redact(text, kind)


@pytest.mark.parametrize("kind", ["tickets", "contracts"])
def test_the_same_number_outside_a_url_is_still_an_ssn(redact, kind: str) -> None:
    assert "536904399" not in redact("The customer's ssn: 536904399 was in the form.", kind)


@pytest.mark.parametrize("kind", ["tickets", "notes"])
def test_a_dotted_technology_name_is_no_place_or_person(redact, kind: str) -> None:
    out = redact("Maria Kowalski wrote a React frontend with a Node.js backend on Vue.js.", kind)
    assert "Node.js" in out and "Vue.js" in out
    assert "Kowalski" not in out


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Merge pull request #123 from jqvorel/fix-parser", "jqvorel"),
        ("wants to merge 2 commits into acme:main from jqvorel:patch-1", "jqvorel"),
        ("see https://github.com/acme/tool/compare/main...jqvorel:fix", "jqvorel"),
        ("https://github.com/acme/tool/issues?q=is%3Aissue+author%3Ajqvorel", "jqvorel"),
        ("https://api.github.com/repos/jqvorel/tool", "jqvorel"),
        ("https://github.com/orgs/acme/people/jqvorel", "jqvorel"),
        ("https://huggingface.co/datasets/jqvorel/mydata", "jqvorel"),
        ("https://www.kaggle.com/code/jqvorel/notebook", "jqvorel"),
        ("jqvorel commented on Mar 3\n\nIt still fails.", "jqvorel"),
        ("It broke.\njqvorel added the bug label", "jqvorel"),
        ("thanks to jqvorel for the fix", "jqvorel"),
        ("git config user.name jqvorel", "jqvorel"),
        ('git config --global user.name "Oyelmo Tazrebb"\nthen Tazrebb pushed', "Tazrebb"),
    ],
)
def test_account_forms_of_software_text_are_replaced(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Merge pull request #12 from acme/fix-x", "acme"),
        ("Loading...Done: 3 files", "Done"),
        ("Pytest added the fixture twice", "Pytest"),
        ("user.name = config.get('name')", "config"),
        ('git config --global user.name "Your Name"', "Your Name"),
        ("https://huggingface.co/datasets/squad-team/squad", "squad-team"),
        ("thanks to numpy for the fix", "numpy"),
    ],
)
def test_their_look_alikes_are_kept(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Ada Lovelace cards are slow with this kernel.", "Lovelace"),  # a hardware noun after
        ("It crashes on my Xiaomi Redmi Note 9", "Redmi"),  # a product line's model number
        ("Running on Jetson Nano, the build hangs.", "Jetson"),  # a platform's position
    ],
)
def test_hardware_and_platform_names_stay_in_a_ticket(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, gone",
    [
        ("It works on Maria Kowalski's laptop.", "Kowalski"),  # the owner of the thing
        ("Assigned to Maria Kowalski 3 days ago.", "Kowalski"),  # a count, not a model
        ("Ping Oyelmo Tazrebb 4", "Tazrebb"),  # a number after a surname, not a product word
        ("I talked with Maria Kowalski yesterday.", "Kowalski"),
    ],
)
def test_a_person_beside_those_forms_still_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


# Session 10: classes of wrong placeholders on a fresh draw of GitHub issues.


@pytest.fixture(scope="module")
def redact_record():
    stage = RedactStage(RedactConfig())

    def run(text: str, repo: str) -> tuple[str, str]:
        record = new_record(Source("tickets", "t", "1"), "t", "", text, "Noted.",
                            meta={"repo": repo})
        out = stage.process([record])[0]
        assert out.rejected is None
        return out.input, out.meta["repo"]

    return run


@pytest.mark.parametrize(
    "text",
    [
        "> zembla@nodebox:~ $ tail -f /home/zembla/.zembla/debug.log\nthen `zembla -reindex`",
        "ssh zembla@nodebox-2 and open /home/zembla/data; the zembla daemon stops",
    ],
)
def test_a_login_named_after_the_project_is_replaced_where_it_stands_only(
    redact_record, text: str
) -> None:
    """A service account named after the record's project (`zembla/zembla`): its login
    and home go, the project's name elsewhere in the text and in `meta` stays."""
    out, repo = redact_record(text, "zembla/zembla")
    assert "zembla@" not in out and "/home/zembla" not in out
    assert "zembla -reindex" in out or "the zembla daemon" in out
    assert repo == "zembla/zembla"


def test_a_persons_login_in_a_project_record_still_goes_everywhere(redact_record) -> None:
    out, _ = redact_record("jqvorel@nodebox:~ $ ls /home/jqvorel/x\nasked jqvorel again",
                           "zembla/zembla")
    assert "jqvorel" not in out


@pytest.mark.parametrize(
    "text, kept",
    [
        ("User Agent: Mozilla/5.0 (X11) Chrome/116.0.0.0 Safari/537.36", "116.0.0.0"),
        ("runs in HeadlessChrome/120.0.0.0 on the CI box", "120.0.0.0"),
    ],
)
def test_a_products_version_after_its_slash_is_no_ip_address(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


def test_a_hosts_address_still_goes(redact) -> None:
    assert "203.0.113.45" not in redact("ssh to the server at ip 203.0.113.45 fails")


@pytest.mark.parametrize("space", ["\xa0", "\u202f"])
@pytest.mark.parametrize(
    "text",
    [
        "If to the Institute: The University of Zembla, J. R. Quorvex Cancer Center Attn: Vice "
        "President. By: /s/ Maria Tazrebb Name: Maria Tazrebb",
        "Zembla Medical, Inc. By: /s/ Oyelmo Tazrebb Title: Chief Executive Officer",
    ],
)
def test_no_break_spaces_of_pdf_text_read_as_spaces(redact, text: str, space: str) -> None:
    """PDF clauses put no-break spaces between words: the clause redacts as it does with
    plain spaces (a name is one placeholder, not one per word)."""
    out = redact(text.replace(" ", space), "contracts")
    assert out.replace(space, " ") == redact(text, "contracts")
    assert "Tazrebb" not in out


@pytest.mark.parametrize(
    "text, kept",
    [
        ("See https://github.com/advisories/GHSA-abcd-1234-wxyz for the fix", "advisories"),
        ("Upstream: https://github.com/zemblajs/zembla.js/issues/12", "zemblajs"),
        ("Hello CodeSandbox\nStart editing to see some magic happen!", "CodeSandbox"),
        ("Hello QuorvexHub\nIt crashes on start.", "QuorvexHub"),
    ],
)
def test_site_pages_project_accounts_and_camel_case_products_stay(
    redact, text: str, kept: str
) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Upstream: https://github.com/jqvorel/zembla.js/issues/12", "jqvorel"),
        ("Hello MaryAnn, the build fails for me too", "MaryAnn"),
        ("Hello Maria, the build fails for me too", "Maria"),
    ],
)
def test_a_persons_account_and_greeted_name_still_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        # a program after `reported by` that the text runs as a command
        ("Compiler (as reported by zemblac)\nHere is my script:\ncd build\nzemblac .. -G x",
         "zemblac"),
        # an issue template's environment field: its values name software and hardware
        ("### OS Platform and Distribution\n\nLinux, Mac\n\n### Python version\n\n3.9", "Mac"),
        ("### 1. System information\n\n- ios\n- tflite model\n- cocoapods", "ios"),
        # an IPv6 range, a CPU in a table row, an id in a URL's fragment, an elided home
        ("All peers use addresses from the `fc00::/8` network.", "fc00::/8"),
        ("|Item|Value|\n|---|---|\n|CPUs|AMD Ryzen 9 4900HS with Radeon Graphics|", "4900HS"),
        ("see https://logs.example.org/dev/2023-02-28#1677593689-1677599148", "1677593689"),
        ("Failed to parse C:\\Users\\...\\converted\\model.pb", "..."),
        # a project's account named by its repository's initials
        ("see [ZQP](https://gitlab.com/zqp/zembla-quorum-protocol) soon", "zqp/"),
        # lower-case words, one of them English, are no name
        ("sample values between the given min and max range please", "max range"),
    ],
)
def test_software_forms_of_tickets_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Reported by jqvorel on the forum.\njqvorel said it fails", "jqvorel"),
        ("### Current behavior\n\nIt fails.\n\nThanks,\nMaria", "Maria"),
        ("Connect to fe80::1ff:fe23:4567:890a on eth0", "fe80::1ff:fe23:4567:890a"),
        ("open C:\\Users\\jqvorel\\x.txt", "jqvorel"),
        ("see https://github.com/jqv/zembla-quorum-protocol-x for it", "jqv/"),
        ("I talked to lucia kowalski about it", "kowalski"),
    ],
)
def test_a_person_beside_the_software_forms_still_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


def test_a_name_in_prose_under_an_environment_heading_still_goes(redact) -> None:
    text = ("### System information\n\nWe saw this on the build box and Maria Kowalski reported "
            "that it also fails on her laptop, with the same trace")
    assert "Kowalski" not in redact(text)


# Session 11: forms that made wrong placeholders (or a leak) on a fresh audit of GitHub issues
# and CUAD clauses.


def test_an_account_named_after_the_project_is_no_person(redact_record) -> None:
    """A sibling account of the record's project (`zembla-core` beside `zembla/zembla`) names
    no one: its name, the project's name and `meta.repo` stay, while a person's account
    beside it still goes."""
    text = ("The black Zembla Core icon is for the zembla-core account, see "
            "https://github.com/zembla-core/gui/issues/89; zembla-qt crashes. "
            "Fork: https://github.com/jqvorel/gui")
    out, repo = redact_record(text, "zembla/zembla")
    assert "Zembla Core" in out and "github.com/zembla-core/gui" in out and "zembla-qt" in out
    assert repo == "zembla/zembla"
    assert "jqvorel" not in out


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Fixes zembla-core/gui#571.", "gui#571"),
        ("the IR should be `[T#1, T#2, T#1]`", "T#2"),
        ("run on master:\n\nmaster@ba616b9\n\nthen it fails", "master@ba616b9"),
        ("### CUDA/cuDNN version\n\n11.8/8.9.0.131-1", "8.9.0.131"),
        ("--annotation=ver=79.0.2.0 --initial-client-data=0x1180", "79.0.2.0"),
        ("x = arr.shape[1::]-1", "1::"),
        ("see https://unpkg.com/zembla-prop-types@2.7.0/build/x.js", "zembla-prop-types@2.7.0"),
        ("the scope https://www.npmjs.com/@zembla has it", "@zembla"),
        ("### Repro steps\n\nOn both Firefox 103 and 104 the extension fails.", "Firefox 103 and 104"),
        ("open https://gitee.com/link?target=https%3A%2F%2Fzembla.org%2Fx", "gitee.com/link?"),
        ("```\n$ make -C depends\n[ 14%] Compiling Zembla Quorv schema include/x.capnp\n```\n"
         "\nIt fails in /home/jqvorel/src.", "Zembla Quorv"),
    ],
)
def test_issue_numbers_revisions_versions_and_slices_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, gone",
    [
        ("Mail me at Apt #5, or Suite 200", "Apt #5"),
        ("jqvorel@ba616b9:~$ ls", "jqvorel"),
        ("the peer at ip 2001:db8:85a3::8a2e:370:7334 drops", "8a2e:370:7334"),
        ("write to jane.roe@example.com", "jane.roe"),
        ("Smaller repro (from jq3vorel's comment)", "jq3vorel"),
        ("it needs a Concept ACK from jqv-jr first", "jqv-jr"),
        ("my packages: https://www.npmjs.com/~jqvorel", "jqvorel"),
    ],
)
def test_units_hosts_addresses_and_logins_still_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("If training is included in a Purchase Order confirmed by Zembla, Zembla will train.",
         "Purchase Order"),
        ("LOSS OF PROFITS ARISING OUT OF THE MATTERS CONTEMPLATED\nBY THIS AGREEMENT, WHETHER "
         "OR NOT A PARTY HAS BEEN ADVISED.", "THIS AGREEMENT"),
    ],
)
def test_contract_terms_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text, "contracts")


@pytest.mark.parametrize(
    "text, gone",
    [
        ("By: MARIA TAZREBB\nTitle: President", "TAZREBB"),
        ("Maria Tazrebb confirmed the order on Monday.", "Tazrebb"),
    ],
)
def test_a_signatory_still_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text, "contracts")


def test_a_place_in_hard_wrapped_prose_is_no_address_block(redact) -> None:
    """PDF clauses wrap prose at a fixed width: a region two lines before a person's name,
    with words of prose between, is no line of that person's address."""
    text = ("Maria Tazrebb agrees to be available\nfor up to four sessions (2 in Southern "
            "California during the\nweek and 2 at Maria Tazrebb's sites).")
    out = redact(text, "contracts")
    assert "Southern California" in out and "Tazrebb" not in out


def test_a_place_on_the_next_lines_of_an_address_block_still_goes(redact) -> None:
    text = "Notices to the Consultant: Maria Tazrebb\n14 Elm Road\nTjaereborg\nDenmark"
    out = redact(text, "contracts")
    assert "Tazrebb" not in out and "Elm Road" not in out and "Tjaereborg" not in out


# Session 12: classes of wrong placeholders and leaks of the fresh GitHub draw and of the
# unlabelled audits of GitHub issues and contract clauses (benchmarks/README.md › PII, "Tickets and
# contracts (session 12)").
@pytest.mark.parametrize(
    "owner, repo",
    [("zemblanetwork", "zembla-rfc"), ("quorvextoolkit", "quorvex"), ("ostrilabs", "tool")],
)
def test_an_account_glued_to_a_team_word_is_a_projects(redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    text = f"See https://github.com/{owner}/{repo}/blob/master/10-seeds.md for the design."
    assert owner in redact(text)


@pytest.mark.parametrize("group", ["Experts", "devs", "admins"])
def test_a_group_greeted_by_a_plural_noun_is_no_person(redact, group: str) -> None:
    assert group in redact(f"Hi {group},\nI use notebooks for lots of work.")


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


# Contract text: session 12's unlabelled audit of fresh CUAD clauses (benchmarks/README.md › PII).
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


# GitHub issues: session 12's unlabelled audit of 200 fresh issues (benchmarks/README.md › PII).
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


@pytest.mark.parametrize("text", ["write to jane dot doe at gmail dot com",
                                  "mail: k.obrien [at] example [dot] org"])
def test_a_spelled_out_address_is_still_an_email(redact, text: str) -> None:
    out = redact(text)
    assert "doe" not in out and "obrien" not in out


# GitHub issues: session 13's fresh draw (README › PII, "Tickets (session 13)").
@pytest.mark.parametrize("text, gone, kept", [
    # a numeric login (an employee number) before a hidden folder: the home's user
    ("at /Users/300012345/.nvm/versions/node/v14/lib/x.js:48:3", "300012345", ".nvm"),
    (r"C:\Users\40012345\AppData\Local\Temp\x.log", "40012345", "AppData"),
    # a number before a user's folder is a group's: the user goes, the group stays
    ("see /home/123/jqvorel/src/x.py", "jqvorel", "/home/123/"),
    # a user cut by a terminal's line wrap, the padding kept and the break lost
    ("configure: error: in `/home/jq" + " " * 40 + "vorel':\nconfigure: error", "vorel",
     "configure: error"),
])
def test_a_numeric_home_is_its_users(redact, text: str, gone: str, kept: str) -> None:
    out = redact(text)
    assert gone not in out and kept in out


@pytest.mark.parametrize("text, kept", [
    ("Occurred during Rosa Datagrid setup", "Rosa Datagrid"),
    ("The value shows in Ines Textfield after blur.", "Ines Textfield"),
    ("Opening Maria Dropdown closes the menu.", "Maria Dropdown"),
])
def test_a_component_named_by_two_words_written_as_one_stays(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Rosa Youngblood tested the setup and it failed.", "Youngblood"),  # a listed surname
    ("Maria Kowalczyk tested the setup and it failed.", "Kowalczyk"),
    ("Thanks Rosa Datagrid for the fix!", "Rosa"),  # a cue names a person whatever the word
])
def test_a_person_beside_those_forms_still_goes_s13(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


# Known open class (sessions 11-12 audits): a noun the English word list lacks, after `by`.
def test_a_word_the_text_writes_after_an_article_is_no_login(redact) -> None:
    assert redact("The tree is updated by context when the context changes.").count("context") == 2


@pytest.mark.parametrize("text", [
    "It was fixed by jqvorel and merged.",
    "It was fixed by jqvorel, see the jqvorel fork.",  # an account's fork: still a login
    "cc jqvorel who wrote a jqvorel patch",
])
def test_a_login_after_by_or_cc_still_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


# Session 14: forms of a fresh draw of GitHub issues the structure rules did not read.
@pytest.mark.parametrize("text", [
    "```\nvoskar:~/environment $ npm test\n```\nvoskar here, any idea?",  # Cloud9: user:~dir $
    "```\nvoskar:~$ npm test\n```",
    "```\nZorvex-MBP:tool voskar$ npm test\n```",  # macOS bash: host:dir user$
    "```\nZorvex-MBP:~ voskar$ npm test\n```",
    "```\n[voskar ~]$ npm test\n```",
])
def test_a_prompts_user_without_a_host_goes(redact, text: str) -> None:
    assert "voskar" not in redact(text)
    assert [m for m in mentions(text) if m.value == "voskar"]


def test_a_generic_prompt_user_goes_where_it_stands_only(redact) -> None:
    text = "On Ubuntu 22.04:\n```\nubuntu:~/environment $ ls\nec2-user:~/environment $ ls\n```"
    out = redact(text)
    assert "ubuntu:~" not in out and "ec2-user:~" not in out
    assert "On Ubuntu 22.04" in out


@pytest.mark.parametrize("text, kept", [
    ("```\nroot:~# make\n```", "root"),  # the superuser is no one
    ("```yaml\ncache:~/build $HOME\n```", "cache"),
    ("The build says:\n```\nerror: key:~/x $ is bad\n```", "key"),
    ("Keep the key:value pair.", "key"),
])
def test_prompt_look_alikes_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Clone git@github.com:voskar/zembla-tool.git and build.", "voskar"),
    ("In the workflow:\n- uses: voskar/setup-zembla@v2", "voskar"),  # a GitHub Actions step
    ("Run npx github:voskar/zembla-tool now.", "voskar"),  # npm's shorthand
    ("Mail gitte@zorvex.org about it.", "gitte@zorvex.org"),
])
def test_an_account_in_a_remote_an_action_or_a_shorthand_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("Clone git@github.com:voskar/zembla-tool.git and build.", "git@github.com"),
    ("Push to git@gitlab.zorvex.org:ops/tool.git fails.", "git@gitlab.zorvex.org"),
    ("- uses: actions/checkout@v4", "actions/checkout"),
    ("- uses: aws-actions/configure-aws-credentials@v4", "aws-actions"),  # a team's account
    ("- uses: codecov/codecov-action@v3", "codecov/codecov-action"),  # the project's own
])
def test_a_forges_ssh_login_and_organisations_actions_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("Items that require user interactions stay.", "user interactions"),  # no `user in teractions`
    ("See the account information page.", "account information"),
])
def test_a_user_word_before_a_word_starting_with_in_is_no_user_field(text: str, kept: str) -> None:
    assert not [m for m in mentions(text) if m.start >= text.index(kept)]


def test_a_user_field_with_in_still_goes(redact) -> None:
    assert "jqvorel" not in redact("Search with reporter in (jqvorel, zmarek) to list them.")


@pytest.mark.parametrize("text, kept", [
    ("Please cite:\n```\n@article{zorvex2021fast,\n  title={Fast Zembla Trees},\n}\n```\n"
     "The article explains it.", "article"),  # a BibTeX entry's type, then the word elsewhere
    ("Cite @InProceedings{zorvex2021, title={Fast Trees}} as in the paper.", "InProceedings"),
    ("My code:\n\n@overload\ndef fetch(x: int) -> int: ...\n\nand the overload fails.", "overload"),
    ("The class:\n@Injectable()\n@final\nexport class ZemblaService {\n}\n", "Injectable"),
])
def test_bibtex_entries_and_unfenced_decorators_are_no_handles(redact, text: str, kept: str) -> None:
    out = redact(text)
    assert out.count(kept) == text.count(kept)


@pytest.mark.parametrize("text", [
    "@jqvorel {see below} can you look?",
    "@jqvorel\n@zmarek please review",
    "@jqvorel\nclass of 2020 rocks, can you look?",
])
def test_a_handle_before_a_brace_or_prose_still_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


@pytest.mark.parametrize("text", [
    "However in another talk by jqvorel it was used.",  # what a person makes, by its author
    "Comment by jqvorel [ 12/Mar/21 ]",
    "Thanks jqvorel!",  # a verb whose object is a person
    "Ask jqvorel about it.",
    "Reassigning to jqvorel for review.",
    "As discussed with jqvorel yesterday.",
    "jqvorel added a comment - 12/Mar/21 10:04",  # a Jira activity line
    "jqvorel made changes - 12/Mar/21 10:05",
])
def test_a_lower_case_login_after_a_person_cue_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("thanks again, and thanks all", "thanks all"),
    ("Thanks everyone for the help", "everyone"),
    ("We asked around and fixed it.", "around"),
    ("A patch by default is applied.", "default"),
    ("Someone added a comment - yesterday", "Someone"),
])
def test_words_after_those_cues_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("See https://issues.zorvex.org/secure/ViewProfile.jspa?name=jqvorel for him.", "jqvorel"),
    ("Profile: https://zorvex.atlassian.net/jira/people/557058:0f0e1d2c-3b4a-5968-7a8b-9c0d1e2f3a4b",
     "0f0e1d2c"),  # a Jira Cloud people page names the account id
    ("https://zorvex.atlassian.net/secure/ViewProfile.jspa?accountId=557058%3A0f0e1d2c-3b4a-5968-"
     "7a8b-9c0d1e2f3a4b", "0f0e1d2c"),  # an encoded colon inside the id
    ("ssh -l jqvorel build-01", "jqvorel"),  # a login given to a command as its user
    ("Then sudo -u jqvorel ls fails.", "jqvorel"),
    ("chown jqvorel:staff file", "jqvorel"),
])
def test_jira_profile_links_and_command_users_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("sudo -u postgres psql", "postgres"),  # a service account
    ("chown -R root:root /opt", "root"),
    ("I set su to true in the config.", "su to true"),
])
def test_generic_command_users_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("Grace Hopper nodes show a different result.", "Grace Hopper"),  # a hardware noun after it
    ("We run Alma Linux in CI and it fails.", "Alma Linux"),  # a system's word ends it
    ("Adam Optimizer diverges with AMP.", "Adam Optimizer"),
])
def test_systems_and_library_parts_named_like_people_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Jane Whitfield reported that the nodes fail.", "Whitfield"),
    ("Thanks Jane Whitfield, the layers are fixed.", "Whitfield"),
])
def test_a_person_beside_those_words_still_goes(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize("text, kept", [
    ("Viola Jones detector is slow.", "Viola Jones"),  # an algorithm's noun after it
    ("Blake Hash differs between runs.", "Blake Hash"),  # an algorithm's word ends it
    ("Kai Bot crashes on start.", "Kai Bot"),
])
def test_algorithms_and_bots_named_like_people_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text", [
    "Apply the filter Jane Whitfield suggested.",  # the object of what a person did
    "Check the nodes Jane Whitfield set up.",
    "Jane Whitfield filters out bad rows.",
])
def test_a_person_after_or_before_those_nouns_still_goes(redact, text: str) -> None:
    assert "Whitfield" not in redact(text)


# Session 14 (an unlabelled audit of 80 fresh GitHub issues): organisations' and projects'
# accounts, a project's people greeted, a service's anonymous account, where a download came from.
@pytest.mark.parametrize("owner, repo", [
    ("zorvexdb", "zorvex"),  # the repository's name with a project's tail
    ("zorvexwg", "zorvex-18"),
    ("Qengineering", "Camera-Demo"),  # glued to an institution's word
    ("quorvexacademy", "components"),
])
def test_an_organisations_account_is_no_person(redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    text = f"See the WIP PR at https://github.com/{owner}/{repo}/pull/12 for details."
    assert owner in redact(text)


def test_an_organisations_pages_site_is_no_person(redact) -> None:
    text = "### Website or app\n\nhttps://quorvexacademy.github.io/components/?path=/story/x"
    assert "quorvexacademy" in redact(text)


@pytest.mark.parametrize("owner, repo", [
    ("annak", "anna-notes"),  # a first name and an initial: no project's tail
    ("jqvorel", "zembla"),
    ("zemblak", "zembla-notes"),  # a tail that is no project's
])
def test_a_persons_account_beside_those_shapes_still_goes(redact, owner: str, repo: str) -> None:
    assert not project_account(owner, repo)
    assert owner not in redact(f"Clone https://github.com/{owner}/{repo} and run it.")


@pytest.mark.parametrize("text, kept", [
    ("Hi Zorvex Devs :smiley:\n\nI have a question about the miner tests.", "Zorvex Devs"),
    ("Thanks Quorvex Team for the tool, it fails on start.", "Quorvex Team"),
    ("(See this [CodePen](https://codepen.io/anon/pen/PQQKRP).)", "anon"),
    ("I directly downloaded it from Keras.\n\nThis is the code below:", "Keras"),
])
def test_groups_anonymous_accounts_and_sources_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Hi Jane Whitfield, I have a question about the tests.", "Whitfield"),
    ("(See this [CodePen](https://codepen.io/jqvorel/pen/PQQKRP).)", "jqvorel"),
    ("I downloaded it and moved here from Tjaereborg last year.", "Tjaereborg"),
])
def test_a_person_an_account_and_a_home_beside_them_still_go(redact, text: str, gone: str) -> None:
    assert gone not in redact(text)


@pytest.mark.parametrize("text, user, kept", [
    ("Cache at C:/Users/jq/AppData/Local/Temp/x.log", "jq", "AppData"),  # no group under a drive
    ("Cache at C:\\Users\\jq\\AppData\\Local\\Temp\\x.log", "jq", "AppData"),
    ("Caches at /Users/jq/Library/Caches/x", "jq", "Library"),  # a profile's own folder
])
def test_a_short_windows_or_mac_user_is_the_home_not_its_profile_folder(
        redact, text: str, user: str, kept: str) -> None:
    out = redact(text)
    assert kept in out and f"/{user}/" not in out and f"\\{user}\\" not in out


def test_a_user_under_a_group_folder_still_goes(redact) -> None:
    assert "jqvorel" not in redact("It fails in /home/fe/jqvorel/src/x.py at line 3.")


# Session 15 (an unlabelled audit of fresh GitHub issues): organisations' accounts by their words,
# and a login inside a key or signature file's name (a structured leak). Invented names only.
@pytest.mark.parametrize("owner, repo", [
    ("anna-org", "zembla-ui"),  # a group word beside a listed first name
    ("quorvex-foundation", "tool"),
    ("QuorvexZembla", "libquorvexzembla"),  # the account's words glued in its repository
])
def test_an_organisations_account_by_its_words_is_no_person(redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    text = f"It was discovered in https://github.com/{owner}/{repo}/issues/14. I believe it is ours."
    assert owner in redact(text)


@pytest.mark.parametrize("owner, repo", [
    ("anna-k", "zembla-ui"),  # no group word
    ("bitcoinquorvex", "tool"),  # a known organisation's name at its start: people take them
    ("IntelQuorvex", "tool"),
    ("QuorvexZembla", "tool"),  # its words are not in the repository's name
    ("AnnaZembla", "libannazembla"),  # a listed first name among its words
])
def test_a_persons_account_beside_organisations_words_still_goes(
        redact, owner: str, repo: str) -> None:
    assert not project_account(owner, repo)
    assert owner not in redact(f"Clone https://github.com/{owner}/{repo} and run it.")


@pytest.mark.parametrize("text", [
    "I used `ssh -i ~/.ssh/id_rsa_jqvorel git@host` and it fails.",
    "Added id_ed25519_jqvorel.pub to the agent.",
    "cat ~/.ssh/jqvorel_rsa.pub",
    "gpg --import contrib/builder-keys/jqvorel.gpg fails",
    "The file jqvorel.asc is signed with a key that is not in the keys list.",
    "See guix.sigs/22.0/jqvorel/all.SHA256SUMS.asc for the attestation.",
])
def test_a_login_inside_a_key_files_name_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


@pytest.mark.parametrize("text", [
    "Checked SHA256SUMS.asc, release.asc, KEYS.asc and pubkey.gpg against id_rsa.pub.",
    # a package source's keyring, a tarball's signature, a security key, a host's key
    "curl -fsSL https://deb.zembla.example/key | sudo gpg --dearmor -o /etc/apt/keyrings/zemblasrc.gpg",
    "gpg --verify quorvex-26.0-x86_64-linux-gnu.tar.gz.asc and quorvex.tar.xz.sig",
    "ssh-keygen -t ed25519-sk -f ~/.ssh/id_ed25519_sk, then ~/.ssh/id_rsa_github and ~/.ssh/github_rsa",
])
def test_key_and_signature_files_named_by_words_stay(redact, text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text, kept", [
    ("Subject: JSDoc @quorvexdoc tag ignores line breaks", "@quorvexdoc"),  # named as a tag
    ("I have a question about the `@description` tag in comments.", "@description"),
    ("Why is the `@summary` value ignored?", "@summary"),  # a dictionary word in backticks
    # a package manager's log line: the package that asked, not a login
    ("➤ YN0002: │ app@workspace:. doesn't provide react-dom (p5404d), requested by zembla-ui",
     "zembla-ui"),
    ("npm WARN deprecated quorvex@1.0.2: requested by zembla-ui", "zembla-ui"),
])
def test_tags_in_backticks_and_packages_in_a_log_line_stay(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize("text", [
    "Not pinging `@jqvorel` here.",  # a login in backticks is still a login
    "The @since tag is wrong, cc @jqvorel",
    "This was reported by jqvorel last week.",
])
def test_a_login_beside_tags_and_logs_still_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


# Session 16 (an unlabelled audit of fresh GitHub issues and the session-15 audit's spent
# issues): organisations' accounts by a group's word glued on, widely known organisations'
# accounts, and an IR function's symbol read as a handle. Invented names only.
@pytest.mark.parametrize("owner, repo", [
    ("QuorvexOrg", "perl-zembla"),  # a group's word after a CamelCase break
    ("ZemblaCommons", "zb-ur"),
    ("AnnaLab", "tool"),  # even beside a listed first name: a lab is an organisation
    ("introlab", "zembla.git"),  # an English word glued to a group's word
    ("kowalskihq", "the-platform"),  # `hq` glued, even to a listed surname
])
def test_an_account_with_a_group_word_glued_on_is_no_person(
        redact, owner: str, repo: str) -> None:
    assert project_account(owner, repo)
    assert owner in redact(f"See https://github.com/{owner}/{repo} for the reference code.")


@pytest.mark.parametrize("owner, repo", [
    ("ingeborg", "tool"),  # a name that ends in `org`
    ("jqvorelorg", "tool"),  # glued to no English word
    ("TheQuorvex", "tool"),  # CamelCase, no group's word last
    ("ANNALAB", "tool"),  # one case: no CamelCase break to read
])
def test_a_persons_account_beside_glued_group_words_still_goes(
        redact, owner: str, repo: str) -> None:
    assert not project_account(owner, repo)
    assert owner not in redact(f"Clone https://github.com/{owner}/{repo} and run it.")


@pytest.mark.parametrize("owner, repo", [("psf", "black"), ("PyCQA", "isort"),
                                         ("atom", "node-keytar"), ("ultralytics", "yolov5")])
def test_widely_known_organisations_accounts_stay(redact, owner: str, repo: str) -> None:
    text = f"Formatters such as https://github.com/{owner}/{repo} and mine, jqvorel/tool."
    out = redact(text.replace("jqvorel/tool", "https://github.com/jqvorel/tool"))
    assert f"github.com/{owner}/{repo}" in out and "jqvorel" not in out


@pytest.mark.parametrize("text", [
    "```\n  func.func @FuseZemblaToQuorvex(%arg0: tensor<16xf32>) -> tensor<16xf32> {\n```",
    "define i32 @quorvex_main(i32 %argc) {",
    "  %1 = call i32 @zemblaHelper(i32 %0)",
])
def test_an_ir_functions_symbol_is_no_handle(redact, text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text, kept", [
    ("images = '/home/Downloads/val'\nclasses = '/home/Documents/labels.txt'", "Documents"),
    ('File "C:\\Users\\anaconda3\\envs\\zembla\\lib\\site.py", line 3', "anaconda3"),
    ("Implemented by https://github.com/microsoft/vscode/pull/12, via the command.", "https"),
])
def test_a_profile_folder_in_the_users_place_and_a_url_after_by_stay(
        redact, text: str, kept: str) -> None:
    assert redact(text) == text and kept in text


@pytest.mark.parametrize("text", [
    "images = '/home/jqvorel/Downloads/val'",
    'File "C:\\Users\\jqvorel\\anaconda3\\envs\\zembla\\lib\\site.py", line 3',
    "Implemented by jqvorel: https://github.com/zembla/quorvex/pull/12",
    "func.func is broken here, cc @jqvorel (thanks)",  # beside IR words, no IR symbol
    "The define step fails. @jqvorel(who wrote it) might know.",
])
def test_a_user_a_login_and_a_mention_beside_those_forms_still_go(redact, text: str) -> None:
    assert "jqvorel" not in redact(text)


def test_a_guessed_name_whose_word_the_ticket_writes_as_code_stays(redact) -> None:
    text = ("Subject: Quorvio Capzembla introducing 0.5 s latency\n\n#### Quorvio Capzembla "
            "introducing latency\n\n- Module => quorvio\n- File => capzembla.cpp\n")
    assert redact(text) == text


def test_a_name_beside_its_login_in_a_path_or_address_still_goes(redact) -> None:
    out = redact("Subject: Jqvorel Zembla reported it\n\nThanks to Jqvorel Zembla, see "
                 "/home/jqvorel/x and jqvorel@host-01\n")
    assert "Jqvorel" not in out and "jqvorel" not in out


@pytest.mark.parametrize("text", [
    "$mail->Sender = 'contato@seusite.com.br'; // and jane.quorvex@yourdomain.com",
    "Valid are a single IP (e.g. 1.2.3.4) or a network/CIDR (e.g. 1.2.3.4/24).",
    "Mail admin@yoursite.com or contacto@midominio.es, as the sample does.",
    "Use [DistilZembla](https://huggingface.co/distilzembla-base-multilingual-cased) or t5-small.",
    "Compare https://huggingface.co/quorvex-1.3b with https://huggingface.co/zembla-large.",
])
def test_documentations_examples_and_a_hubs_models_stay(redact, text: str) -> None:
    assert redact(text) == text


def test_an_address_an_ip_or_an_account_beside_those_examples_still_goes(redact) -> None:
    out = redact("Not jane@yourdomain.com but jqvorel@gmail.com, and my box is 84.17.203.9; "
                 "my models: https://huggingface.co/annqv and huggingface.co/annqv/zembla-base")
    assert "jqvorel" not in out and "84.17.203.9" not in out and "jane@yourdomain.com" in out
    assert "annqv" not in out


# Session 17: forms from an unlabelled audit of fresh GitHub issues (wrong placeholders).
@pytest.mark.parametrize("text", [
    "```\nchecking for archiver @FILE support... no\nchecking for strip... strip\n```",
    "```js\n  update(next) {\n    // @note Does not actually work\n    return true;\n  }\n```",
    "Code:\n    /**\n     * Zembla edge filter\n     * @brief Zembla\n     */\n    Zembla(img);",
    "### CUDA/cuDNN version\n\n11.8.0 / 8.6.0.163\n\n### GPU model and memory\n\nnone",
    "Quorvex version: 2.4.1.107 fails to start.",
])
def test_code_tags_in_code_and_four_part_versions_stay(redact, text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "```\n// @jqvorel please look at this\n```",  # a login after a line comment: no word
    "cc @JQVOREL, it is yours",  # capitals in prose
    "Reviewers:\n* @jqvorel\n* @annqv",  # a list's bullets, no block comment open
])
def test_a_mention_beside_those_code_forms_still_goes(redact, text: str) -> None:
    assert "jqvorel" not in redact(text).casefold()


def test_an_ip_beside_a_version_still_goes(redact) -> None:
    out = redact("### OS version\n\nUbuntu 22.04\n\nMy box at 84.17.203.9 drops the peer.\n"
                 "receive version message: /Zembla:0.17.1/: version 70013, us=84.17.203.10:18333")
    assert "84.17.203.9" not in out and "84.17.203.10" not in out and "22.04" in out


def test_a_two_letter_home_that_holds_two_folders_or_logs_in_is_the_users(redact) -> None:
    out = redact('```\nset(PCL_DIR "/home/qv/pcl-1.8/share/pcl-1.8")\n#  /home/qv/pcl_ws/src\n```')
    assert "/home/<" in out and "pcl-1.8" in out and "pcl_ws" in out
    out = redact("```\n(env) qv@qv:~/zembla/build$ make\n-- at: /home/qv/zembla/build/x\n```\n"
                 "Zembla fails on Quorvex boards.")
    assert "zembla/build" in out and "Zembla fails" in out and "qv@" not in out


def test_a_department_folder_still_holds_its_users_home(redact) -> None:
    out = redact("see /home/qv/jqvorel/data/x.csv and /home/qv/jqvorel/src/y.py")
    assert "jqvorel" not in out


def test_a_home_named_after_an_organisation_is_replaced_where_it_stands_only(redact) -> None:
    out = redact("```\n-- Install to: /home/nvidia/opencv/build\n--   NVIDIA CUDA: YES\n```\n"
                 "Building on my NVIDIA Jetson.")
    assert "/home/nvidia/" not in out and out.count("NVIDIA") == 2


@pytest.mark.parametrize("text", [
    "How do I pass a font to the draw call?\r\n\r\nTIA\n\n### Additional context\n\n_No response_",
    "Any idea?\n\nThanks in advance,\nTIA",
])
def test_a_sign_offs_abbreviation_in_capitals_is_no_name(redact, text: str) -> None:
    assert "TIA" in redact(text)


def test_a_person_of_that_name_still_signs(redact) -> None:
    assert "Tia" not in redact("Any idea?\n\nThanks,\nTia")


def test_a_place_the_ticket_writes_as_code_is_a_library() -> None:
    cued = "I'm getting different results than I get from Zemblapy now."
    place = Span(cued.find("Zemblapy"), cued.find("Zemblapy") + 8, "LOCATION", 0.85)
    assert tied_places(cued, [place], [], "ticket") == [place]  # a residence cue ties it
    coded = cued + "\n\n```python\nimport zemblapy as zp\n```"
    assert tied_places(coded, [place], [], "ticket") == []


def test_a_sites_section_before_a_document_is_no_account(redact) -> None:
    text = "See the [notes](https://www.zembla.org/users/history/version_1_78_0.html)."
    assert redact(text) == text
    out = redact("See https://forum.zembla.org/users/jqvorel/summary and "
                 "https://www.zembla.org/users/history")
    assert "jqvorel" not in out and "history" not in out  # no document after: accounts


# Session 18: wrong placeholders of an unlabelled audit of fresh GitHub issues.
def test_a_loop_over_a_list_of_users_is_no_jql_user_field(redact) -> None:
    text = "```\nfor user in user_list:\n    user.agent.init()\n```\nself.user_list = user_list"
    assert redact(text) == text
    assert "user_list" not in {m.value for m in mentions(text)}
    assert "jqvorel" not in redact("Search with reporter in (jqvorel) to list them.")


def test_an_install_line_after_sudo_is_code() -> None:
    line = "sudo apt-get install -y libfaac-dev libmp3lame-dev libtheora-dev"
    assert in_code(line, line.index("libtheora"))
    assert not in_code("Sudo is what Jane Roe ran", 14)


def test_a_quoted_version_after_version_is_no_ip(redact) -> None:
    text = ('/usr/lib/aarch64-linux-gnu/libm.so (found version "1.10.0.1")\r\n'
            "-- Julia not found. Not compiling Julia Bindings")
    assert "1.10.0.1" in redact(text)
    assert "203.0.113.75" not in redact('-- Connect to "203.0.113.75" failed, peer dropped.')


def test_a_word_the_ticket_glues_into_identifiers_is_no_name_after_by(redact) -> None:
    text = "It fails with leakyRelu and Relu6. If I replace leakyRelu by Relu, then it works."
    assert redact(text).count("Relu") == 4


def test_a_name_glued_into_a_products_name_or_account_still_goes(redact) -> None:
    assert "Maria for" not in redact("Thanks Maria for the fix; the MariaDb driver is fine.")
    assert "Maria for" not in redact("Thanks Maria for the fix, see @xMariaK and /home/xMaria7.")


def test_a_css_at_rule_is_no_handle(redact) -> None:
    text = "<style>\n@page\n\t{margin:.75in .7in .75in .7in;}\n</style> and @jqvorel"
    out = redact(text)
    assert "@page" in out and "jqvorel" not in out


def test_the_superusers_bazel_output_base_names_no_one(redact) -> None:
    text = 'File "/root/.cache/bazel/_bazel_root/fbac33eb/execroot/x.py", line 3'
    assert redact(text) == text
    assert "jqvorel" not in redact(text.replace("_bazel_root", "_bazel_jqvorel"))
