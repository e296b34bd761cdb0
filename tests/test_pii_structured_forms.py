"""Structured positions (session 7): user names, ids and client addresses that a text or a
record's `meta` gives by its form: access-log lines, client keys, `user@host` prompts and
logins, git remotes and self-hosted forges, `reported by` / `cc` logins, Bazel's per-user
folder, git trailers, and Jira user objects in every place an export puts them. Real presidio
and spaCy model; every name, handle, address and host here is invented."""

from __future__ import annotations

import json

import pytest

from curate.pii.fields import record_slots
from curate.pii.ids import find_ids
from curate.pii.structure import mentions
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


def _redacted(stage: RedactStage, text: str, kind: str = "tickets") -> str:
    out = stage.process([new_record(Source(kind, "t", "1"), "t", "", text, "Noted.")])[0]
    assert out.annotations["redact"]["residual"] == {}  # found by the first pass
    return out.input


@pytest.mark.parametrize(
    "text, planted",
    [
        ('192.0.2.17 - jqvorel [10/Oct/2023:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326',
         ["192.0.2.17", "jqvorel"]),
        ('10.20.30.44 617x1234x1 jqvorel [12/Jan/2023:10:11:12 +0000] "GET /rest/api/2/issue '
         'HTTP/1.1" 200 512 34 "-" "Mozilla/5.0"', ["10.20.30.44", "jqvorel"]),
        ('{"clientIp": "10.2.3.4", "status": 401}', ["10.2.3.4"]),
        ("remote_addr=10.9.8.7 status=200", ["10.9.8.7"]),
        ("X-Forwarded-For: 10.9.8.7", ["10.9.8.7"]),
        ("ssh jqvorel@10.1.2.3 then restart it", ["jqvorel"]),
        ("jqvorel@laptop:~/src$ make", ["jqvorel"]),
        ("[jqvorel@devbox src]$ make", ["jqvorel"]),
        ("git clone git@git.example.org:jqvorel/tool.git", ["jqvorel"]),
        ("see https://gitlab.example.org/jqvorel/tool/-/issues/3", ["jqvorel"]),
        ("[Edit](https://codesandbox.io/s/github/jqvorel/HydrationDemo)", ["jqvorel"]),
        ("docker pull ghcr.io/jqvorel/tool:1.2", ["jqvorel"]),
        ("notes at https://cs.example.edu/~jqvorel/notes.html", ["jqvorel"]),
        ("gcc C:/msys64/home/jqvorel/src/x.c fails", ["jqvorel"]),
        ("bash /nfs/home/jqvorel/run.sh", ["jqvorel"]),
        ('File "/home/fe/jqvorel/Projects/calib.py", line 278', ["jqvorel"]),
        ("cd /home/staff/jqvorel/src && make", ["jqvorel"]),
        ("more at https://linktr.ee/jqvorel and https://hackerone.com/jqvorel", ["jqvorel"]),
        ("10:15:42 http-nio-8080-exec-5 The user 'jqvorel' has PASSED authentication.",
         ["jqvorel"]),
        ("> On 2023-01-02, jqvorel wrote:\n> it fails", ["jqvorel"]),
        ("On Mon, Jan 2, 2023 at 10:00 AM, Maria Kowalski <mk@example.org> wrote:",
         ["Maria", "Kowalski"]),
        ("Reported by jqvorel on the forum.", ["jqvorel"]),
        ("/cc jqvorel", ["jqvorel"]),
        ("/tmpfs/out/_bazel_jqvorel/eab0d61a/execroot/org", ["jqvorel"]),
        ("PATH=/home/ubuntu/bin (cd /tmp/_bazel_ubuntu/eab0d61a/execroot)", ["ubuntu"]),
        ("Signed-off-by: Maria Kowalski <mkowalski@example.org>", ["Maria", "Kowalski"]),
        # a trailer's name is a person's by position, in any case, listed or not
        ("Fix the parser.\n\nReviewed-by: oyelmo tazrebb\nAcked-by: xqelo vrandtik <xv@x.org>",
         ["oyelmo", "tazrebb", "xqelo", "vrandtik"]),
        ("2023-01-12 10:11:12,345+0000 http-nio-8080-exec-5 jqvorel 671x1234x1 1qw2er3 "
         "10.20.30.44 /login.jsp The user has FAILED authentication.", ["jqvorel", "10.20.30.44"]),
        ("http-nio-8443-exec-9 orvasko 600x77x2 abc12de 198.51.100.23,10.0.0.2 /rest/api/2/search",
         ["orvasko", "198.51.100.23", "10.0.0.2"]),
        ("the patch from Maria Kowalski <mkowalski@example.org> works", ["Maria", "Kowalski"]),
        # a branch named after its author in a git command (session 10)
        ("1. `git co jqvorel/eventual-earthworm` and run the tests", ["jqvorel"]),
        ("git push origin jqvorel/fix-parser then open a PR", ["jqvorel"]),
    ],
)
def test_structured_forms_are_replaced(stage: RedactStage, text: str, planted: list[str]) -> None:
    out = _redacted(stage, text)
    assert not [p for p in planted if p in out], out


@pytest.mark.parametrize(
    "text, kept",
    [
        ("emit@moz-extension://ce8dcc20/build/main.js:25895:22", "moz-extension"),
        ("pull nginx@sha256:4f1c then run", "nginx"),
        ("ssh deploy@10.0.3.7 then run it", "deploy"),  # a role account, not a person
        ("open /app/home/main.py and https://example.org/docs/home/intro/", "main.py"),
        ("npm i lodash@latest eslint@legacy", "eslint"),
        ("It was fixed by upgrading; cc all of you.", "upgrading"),
        ('{"clientIp": "0.0.0.0"} and version 1.2.3.4', "0.0.0.0"),
        ("see https://github.com/cloudflare/miniflare/issues/203", "cloudflare"),
        ("http-nio-8080-exec-2 anonymous 600x1x1 - 10.3.3.3 /status", "anonymous"),
        ("cd /home/jq/src/tool && make", "src"),  # a short user, not a group folder
        ("git checkout origin/main && git merge feature/zembla-x", "feature"),  # branch prefixes
        ("git checkout -b dependabot/npm/zembla-1.2 then test", "dependabot"),
    ],
)
def test_look_alikes_are_kept(stage: RedactStage, text: str, kept: str) -> None:
    assert kept in _redacted(stage, text)


def test_a_host_of_letters_is_a_machine_only_where_a_shell_shows_it() -> None:
    def users(text: str) -> list[str]:
        return [m.value for m in mentions(text) if m.kind == "handle"]

    assert users("jqvorel@laptop ~ % ls") == ["jqvorel"]
    assert users("ssh -p 2222 jqvorel@devbox") == ["jqvorel"]
    assert users("orla@lab-gpu-07") == ["orla"]  # a digit or a hyphen: a machine anywhere
    assert users("write to jqvorel@corp soon") == []
    assert users("Lotus jqvorel@ENRON") == []


def test_client_addresses_come_only_from_their_positions() -> None:
    line = '198.51.100.9 - - [01/Feb/2024:00:00:01 +0000] "GET / HTTP/1.1" 200 1'
    assert [line[s:e] for s, e, _ in find_ids(line, "IP_ADDRESS")] == ["198.51.100.9"]
    assert find_ids("build 10.0.19041.1 and 10.2.3.4", "IP_ADDRESS") == []
    assert find_ids("client_ip=127.0.0.1", "IP_ADDRESS") == []  # names no machine


def _user(login: str, account: str, name: str, email: str) -> dict[str, object]:
    return {
        "self": f"https://acme.example/rest/api/2/user?accountId={account}",
        "accountId": account, "name": login, "key": login, "emailAddress": email,
        "avatarUrls": {"48x48": f"https://acme.example/secure/useravatar?ownerId={login}"},
        "displayName": name, "active": True, "timeZone": "Europe/Berlin",
    }


def test_jira_user_objects_in_every_place_an_export_puts_them(stage: RedactStage) -> None:
    reporter = _user("tquennell", "5b10ac8d82e05b22cc7d4ef5", "Tavish Quennell", "tq@q.example")
    assignee = _user("orvasko", "557058:0f0e1d2c-3b4a-5968", "Orrin Vasko", "ov@v.example")
    server = {"name": "mkolarzx", "key": "JIRAUSER10100", "displayName": "mk dev",
              "self": "https://jira.example/rest/api/2/user?username=mkolarzx"}
    record = new_record(
        Source("tickets", "t", "AB-1"), "t", "",
        "Subject: Login fails\n\n[~mkolarzx] saw it too; Orrin, please check. "
        "cc [~accountid:557058:0f0e1d2c-3b4a-5968]",
        "Fixed by tquennell in build 3.",
    )
    record.meta = {
        "fields.reporter": reporter, "fields.assignee": assignee, "fields.creator": reporter,
        "fields.watches": {"watchers": [server]},
        "fields.comment": {"comments": [{
            "author": assignee, "updateAuthor": server, "created": "2023-01-01T10:00:00.000+0000",
            "body": "thanks [~mkolarzx] and [~accountid:5b10ac8d82e05b22cc7d4ef5]"}]},
        "changelog": {"histories": [{"author": server, "items": [
            {"field": "assignee", "from": "tquennell", "fromString": "Tavish Quennell",
             "to": "557058:0f0e1d2c-3b4a-5968", "toString": "Orrin Vasko"},
            {"field": "status", "from": "1", "fromString": "Open", "to": "3",
             "toString": "In Progress"}]}]},
        "fields.created": "2023-01-01T10:00:00.000+0000",
    }
    out = stage.process([record])[0]
    flat = json.dumps([out.input, out.output, out.meta], ensure_ascii=False)
    for value in ("tquennell", "Tavish", "Quennell", "5b10ac8d", "orvasko", "0f0e1d2c", "Orrin",
                  "Vasko", "mkolarzx", "JIRAUSER10100", "mk dev", "tq@", "ov@"):
        assert value not in flat, value
    status = out.meta["changelog"]["histories"][0]["items"][1]
    assert status == {"field": "status", "from": "1", "fromString": "Open", "to": "3",
                      "toString": "In Progress"}  # a status change names no one
    assert out.meta["fields.created"] == "2023-01-01T10:00:00.000+0000"
    # a value that was a person field is the same placeholder where it recurs in the text
    assert out.meta["fields.reporter"]["name"] in out.output
    assert out.annotations["redact"]["residual"] == {}


def test_a_change_item_holds_people_only_when_its_field_is_a_people_field() -> None:
    record = new_record(Source("tickets", "t", "1"), "t", "", "x", "y")
    record.meta = {"items": [{"field": "Reviewers", "from": "jqvorel", "to": "orvasko"},
                             {"field": "priority", "from": "2", "to": "Major"}]}
    kinds = {slot.path[2:]: slot.kind for slot in record_slots(record, ["meta"])}
    assert kinds[(0, "from")] == kinds[(0, "to")] == "people"
    assert kinds[(1, "from")] == kinds[(1, "to")] == "text"


def test_numeric_user_ids_of_people_fields_are_replaced(stage: RedactStage) -> None:
    record = new_record(Source("tickets", "t", "1"), "t", "", "It crashes. /cc @jqvorel", "Noted.")
    record.meta = {
        "user": {"login": "jqvorel", "id": 583231, "followers": 12, "site_admin": False,
                 "avatar_url": "https://avatars.example/u/583231?v=4"},
        "submitter_id": 36104950381, "collaborator_ids": [361049503, 361049504],
        "number": 22958, "comments": 31415,
    }
    meta = stage.process([record])[0].meta
    assert "583231" not in json.dumps(meta)
    assert not {str(meta["submitter_id"]), *map(str, meta["collaborator_ids"])} & {
        "36104950381", "361049503", "361049504"}
    # counts and numbers that name no one stay numbers
    assert (meta["user"]["followers"], meta["number"], meta["comments"]) == (12, 22958, 31415)
    assert meta["user"]["site_admin"] is False


def test_a_user_name_that_is_a_word_is_replaced_where_it_stands_only(stage: RedactStage) -> None:
    out = _redacted(stage, "We will fix it: see /home/will/src/x.py.")
    assert "/home/will/" not in out and out.startswith("We will fix it")
    out = _redacted(stage, "thanks [~bill]; we still have to pay the bill.")
    assert "[~bill]" not in out and out.endswith("pay the bill.")


def test_a_handle_with_no_variant_to_look_for_does_not_stop_the_stage(stage: RedactStage) -> None:
    # a stop word as the record's only person: nothing to search for, and no crash
    assert "please look" in _redacted(stage, "cc @will please look")


def test_every_value_of_one_jira_user_object_is_one_person(stage: RedactStage) -> None:
    cloud = _user("tquennell", "5b10ac8d82e05b22cc7d4ef5", "Tavish Quennell", "tq@q.example")
    server = {"name": "mkolarzx", "key": "mkolarzx", "displayName": "Mirek Kolarz",
              "emailAddress": "mk@k.example",
              "self": "https://jira.example/rest/api/2/user?username=mkolarzx"}
    record = new_record(Source("tickets", "t", "AB-2"), "t", "",
                        "mkolarzx and Tavish looked at it", "Noted.")
    record.meta = {"fields.reporter": cloud, "fields.assignee": server,
                   "reporter_id": "5b10ac8d82e05b22cc7d4ef5", "approver_id": "61a7c0ffee0ddba11dfeed42"}
    out = stage.process([record])[0]
    reporter, assignee = out.meta["fields.reporter"], out.meta["fields.assignee"]
    # login, key and display name of one object: one placeholder, also where the text uses it
    assert reporter["name"] == reporter["key"] == reporter["displayName"]
    assert assignee["name"] == assignee["key"] == assignee["displayName"]
    assert reporter["displayName"] != assignee["displayName"]
    assert out.input == f"{assignee['name']} and {reporter['displayName']} looked at it"
    assert assignee["self"].endswith(f"?username={assignee['name']}")
    # the e-mail whole (its local part is also the display name's initials), the ids as ids
    assert reporter["emailAddress"].startswith("<EMAIL_ADDRESS_") and "@" not in reporter["emailAddress"]
    assert reporter["accountId"].startswith("<USER_ID_") and reporter["accountId"] in reporter["self"]
    assert out.meta["reporter_id"] == reporter["accountId"]  # an `*_id` key holds an id
    assert out.meta["approver_id"].startswith("<USER_ID_")
    assert out.annotations["redact"]["residual"] == {}


def test_both_sides_of_a_people_change_item_are_one_person_each(stage: RedactStage) -> None:
    record = new_record(Source("tickets", "t", "AB-3"), "t", "", "Reassigned.", "Noted.")
    record.meta = {"changelog": {"histories": [{"items": [
        {"field": "assignee", "from": "tquennell", "fromString": "Tavish Quennell",
         "to": "orvasko", "toString": "Orrin Vasko"},
        {"field": "assignee", "fieldId": "assignee", "from": "557058:0f0e1d2c-3b4a-5968",
         "fromString": "Orrin Vasko", "to": None, "toString": None}]}]}}
    out = stage.process([record])[0]
    server, cloud = out.meta["changelog"]["histories"][0]["items"]
    assert server["from"] == server["fromString"] != server["to"] == server["toString"]
    assert cloud["fromString"] == server["toString"]
    assert cloud["from"].startswith("<USER_ID_")
    assert "Vasko" not in json.dumps(out.meta) and "tquennell" not in json.dumps(out.meta)


# Session 17: structured leaks from an unlabelled audit of fresh GitHub issues.
@pytest.mark.parametrize("text, gone", [
    # a home under a root of several folders (a company's `/usr/local/<corp>/home/`)
    ("error in\n/usr/local/zembla/home/jqvorel/opencv-3.4.8/modules/x.cpp: in function", "jqvorel"),
    # a Windows user with a space, not written as a name: both words, also in a process table
    ('    0\t  28\t 2768\t "c:\\\\Users\\\\Jqvorel annqv\\\\.vscode\\\\ext\\\\x.exe"', "annqv"),
    ('    0\t  28\t 2768\t "c:\\\\Users\\\\Jqvorel annqv\\\\.vscode\\\\ext\\\\x.exe"', "Jqvorel"),
])
def test_session_17_structured_forms_are_replaced(stage: RedactStage, text: str, gone: str) -> None:
    assert gone not in _redacted(stage, text)


def test_a_url_with_a_home_folder_is_no_home(stage: RedactStage) -> None:
    text = 'fname = "rtmp://ns8.zembla.com/home/mystream"; and https://zembla.com/a/b/home/qv/x'
    assert _redacted(stage, text) == text


def test_a_home_inside_a_cmake_object_folder_is_replaced(stage: RedactStage) -> None:
    text = ("```\n[ 10%] Building CXX object modules/world/CMakeFiles/world.dir/home/jqvorel/"
            "zembla/x.cpp.o\n```")
    assert "jqvorel" not in _redacted(stage, text)


@pytest.mark.parametrize("text", [
    "![diff](https://cloud.githubusercontent.com/assets/4409817/16935229/07cc7b20-4da1.png)",
    "<img src='https://avatars2.githubusercontent.com/u/4409817?v=4'>",
])
def test_older_github_upload_and_avatar_hosts_give_the_users_id(stage: RedactStage, text: str) -> None:
    assert "4409817" not in _redacted(stage, text)


# Session 18: a Stack Exchange user's number, from a fresh draw's share link.
@pytest.mark.parametrize("text, gone, kept", [
    ("Reposted from [here](https://stackoverflow.com/q/51234567/7730218), same factor.",
     "7730218", "51234567"),  # the share link's sharer, not the question
    ("See https://math.stackexchange.com/a/1234567/88123 for the proof.", "88123", "1234567"),
    ("Asked by https://superuser.com/users/88123/jqvorel before.", "88123", "superuser.com"),
    ("Asked by https://superuser.com/users/88123/jqvorel before.", "jqvorel", "superuser.com"),
])
def test_a_stack_exchange_users_number_is_replaced(stage: RedactStage, text: str, gone: str,
                                                   kept: str) -> None:
    out = _redacted(stage, text)
    assert gone not in out and kept in out


@pytest.mark.parametrize("text, gone", [
    ("Reach me on Discord: jqvorel#4821 or https://discord.com/users/812345678901234567",
     "jqvorel"),
    ("Reach me on Discord: jqvorel#4821 or https://discord.com/users/812345678901234567",
     "812345678901234567"),
    ("Maintainer: jqvorel", "jqvorel"),  # a maintainer, reviewer or contributor field
    ("Reviewers: zmarek", "zmarek"),
    ("The cache was stale. Assigned to jqvorel.", "jqvorel"),  # a login ending its sentence
    ("Works now, thanks jqvorel.", "jqvorel"),
    ("**jqvorel** commented on Mar 3, 2023\n\nSame here.", "jqvorel"),  # a bold timeline line
    ('{"sender": {"login": "jqvorel", "id": 48213377, "type": "User"}}', "48213377"),
])
def test_session_18_account_forms_are_replaced(stage: RedactStage, text: str, gone: str) -> None:
    assert gone not in _redacted(stage, text)


@pytest.mark.parametrize("text", [
    "See bitcoin#1234 and acme/tool#1234 on the Discord server.",  # issue references
    "Owner: https://example.org/team, author: http://example.org",  # a URL's scheme
    "Fixed by upgrading. Thanks everyone.",
    '{"repository": {"id": 48213377, "name": "tool"}}',  # a repository's number
])
def test_session_18_look_alikes_are_kept(stage: RedactStage, text: str) -> None:
    assert _redacted(stage, text) == text


def test_a_stack_exchange_question_link_names_no_one(stage: RedactStage) -> None:
    text = "Suggestions: https://stackoverflow.com/questions/59339531/balanced-accuracy-score"
    assert _redacted(stage, text) == text
