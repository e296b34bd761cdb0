"""People known from a record's structure: parsing, variants, and the stage with real presidio."""

from __future__ import annotations

import json

import pytest
import regex

from curate.pii.people import _STARTS, People
from curate.pii.structure import mentions
from curate.record import Record, Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


def found(people: People, text: str) -> dict[str, str]:
    """Matched text -> the person's key."""
    return {text[s.start : s.end]: key for s, key in people.find(text)}


def test_header_names_in_every_order_are_one_person_each() -> None:
    people = People()
    people.add_addresses(
        'Kubiak, Virgil </O=ENRON/OU=NA/CN=RECIPIENTS/CN=VKUBIAK>, "sdravell" <sdravell@enron.com>'
    )
    people.add_addresses("JESSUP, TILDA")
    people.add_addresses("Mark Strohm, Desmond Rake, Jonah W Selden")
    text = (
        "Virgil Kubiak, Kubiak, Virgil, VIRGIL and vk met Tilda, Ms. JESSUP, sdravell, "
        "Jonah Selden (JWS) and Desmond. Rake it over, said Rake; the rake of the roof."
    )
    keys = found(people, text)
    for variant in ("Virgil Kubiak", "Kubiak, Virgil", "VIRGIL", "vk"):
        assert keys[variant] == "virgil kubiak"
    assert keys["Tilda"] == keys["JESSUP"] == "tilda jessup"
    assert keys["sdravell"] == "sdravell@enron.com"
    assert keys["Jonah Selden"] == keys["JWS"] == "jonah selden"
    assert keys["Desmond"] == keys["Rake"] == "desmond rake"
    # a surname that is a common word is a name only capitalised: "the rake of the roof" stays
    assert [text[s.start : s.end] for s, _ in people.find("the rake of the roof")] == []


def test_mailbox_ids_and_local_parts_make_names() -> None:
    people = People()
    people.add_addresses("jeff.stallard@enron.com, mark.kinsella@enron.com")
    people.add_addresses("Kubiak, Virgil </O=ENRON/OU=NA/CN=RECIPIENTS/CN=VKUBIAK>")
    keys = found(people, "Jeff Stallard told jeff and KINSELLA; vkubiak and VKUBIAK agreed.")
    assert keys["Jeff Stallard"] == keys["jeff"] == "jeff stallard"
    assert keys["KINSELLA"] == "mark kinsella"
    assert keys["vkubiak"] == keys["VKUBIAK"] == "virgil kubiak"
    email = people.find("write to jeff.stallard@enron.com")
    assert [s.entity for s, _ in email] == ["EMAIL_ADDRESS"]


def test_structural_mentions_in_text() -> None:
    text = (
        "From: Silas J Korman/HOU/EES@EES\nTo:JESSUP, TILDA\nKaren Dunmore@ENRON wrote.\n"
        "cc @milot00 see /home/tobin/.bitcoin2 and C:/Users/mirela/x and C:\\Users\\teodora\\AppData "
        "on orla@lab-gpu-07; profile github.com/TarnVex and linkedin.com/in/jane-doe\n"
        "[~accountid:557058:0f0e12ab-3c4d] posted user-images.githubusercontent.com/4412345/a.png"
        "\nPlease respond to jroe\n-rw-r--r--  1 ianq wheel 57K 12 Jun 12:21 a.jar\n"
        "Not people: github.com/microsoft/vscode, npm i react@18 lodash@latest, @Override, "
        "@types/node, jane@example.com, /home/runner/work"
    )
    named = {m.value for m in mentions(text)}
    for person in ("Silas J Korman", "JESSUP, TILDA", "Karen Dunmore", "milot00", "tobin", "mirela",
                   "teodora", "orla", "TarnVex", "jane-doe", "557058:0f0e12ab-3c4d", "4412345",
                   "jroe", "ianq"):
        assert any(person in value for value in named), person
    for thing in ("microsoft", "react", "lodash", "Override", "types", "jane", "runner"):
        assert not any(value == thing for value in named), thing


def test_repository_owners_and_display_names_of_three_words() -> None:
    """The record's own repository's owner is a project, any other owner may be a person; a
    display name that first and last do not make is a variant as written."""
    people = People()
    people.add_repository("facebook/react")
    people.add_text("see github.com/facebook/react/pull/1, github.com/zerv/react-act "
                    "and github.com/bitcoin/bitcoin")
    people.add_field("displayName", "Lucien Le Quentrec")
    text = "github.com/facebook/react and github.com/zerv/react-act; Lucien Le Quentrec"
    assert set(found(people, text)) == {"zerv", "Lucien Le Quentrec"}


def test_initials_are_not_a_mailbox_id_key() -> None:
    people = People()
    people.add_addresses("Nyberg, Cosima L. </O=ENRON/OU=NA/CN=RECIPIENTS/CN=CNYBERG>")
    text = "To: /O=ENRON/OU=NA/CN=RECIPIENTS/CN=CNYBERG -- CN"
    spans = [text[s.start : s.end] for s, _ in people.find(text)]
    assert spans == ["CNYBERG", "CN"]


def test_a_display_name_that_is_no_listed_name_stays_in_its_field() -> None:
    people = People(frozenset({"northwind cloud"}))
    people.add_addresses("Qzorv Tallemach <qt@acme.example>")
    assert found(people, "Qzorv Tallemach replied") == {}
    assert "Qzorv Tallemach" in {
        "Qzorv Tallemach replied"[s.start : s.end]
        for s, _ in people.find("Qzorv Tallemach replied", people_field=True)
    }


def test_a_teams_display_name_is_no_one_even_in_its_field() -> None:
    people = People()
    people.add_addresses("Acme Support Desk <help@acme.example>")
    assert people.find("Acme Support Desk replied", people_field=True) == []


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


def jira_record(locator: str = "REST-12") -> Record:
    return new_record(
        Source("tickets", "jira.json", locator),
        "support",
        "Reply.",
        "Subject: Webhook fails\n\nLorcan here: the webhook fails since Monday. "
        "Logs are in /home/ldabney/hooks and C:\\Users\\ldabney\\hooks. cc @starnowski",
        "Hi Lorcan, Stanek here. Dabney's logs show the retry. Fixed in 2019-10-08 08:07:27 build.",
        meta={
            "created_at": "2019-10-08 08:07:27",
            "people": {
                "reporter": {"accountId": "5b10a2844c20165700ede21g",
                             "displayName": "Lorcan Dabney", "emailAddress": "ld@example.com"},
                "commenters": [{"accountId": "5c7e19a3d4b2f06e81a9c3d4",
                                "displayName": "Stanek Tarnowski"}],
                "assignee": "starnowski",
            },
        },
    )


def test_jira_people_fields_and_their_variants_in_text(stage: RedactStage) -> None:
    out = stage.process([jira_record()])[0]
    assert out.rejected is None, out.annotations
    written = json.dumps(out.to_dict())
    for value in ("Lorcan", "Dabney", "Stanek", "Tarnowski", "ldabney", "starnowski",
                  "5b10a2844c20165700ede21g", "5c7e19a3d4b2f06e81a9c3d4", "ld@example.com"):
        assert value not in written, value
    reporter = out.meta["people"]["reporter"]
    # one placeholder per person: the reporter's name, first name, surname and handle
    person = reporter["displayName"]
    assert out.input.startswith(f"Subject: Webhook fails\n\n{person} here")
    assert out.output.startswith(f"Hi {person}, ") and f"{person}'s logs" in out.output
    assert f"/home/{person}/hooks" in out.input and f"C:\\Users\\{person}\\hooks" in out.input
    assert out.meta["people"]["assignee"] in out.input  # @starnowski is Stanek Tarnowski's handle
    # ids are pseudonymised stably (a content hash without a key), timestamps left alone
    assert reporter["accountId"].startswith("<USER_ID_")
    again = stage.process([jira_record("REST-13")])[0]
    assert again.meta["people"]["reporter"]["accountId"] == reporter["accountId"]
    assert out.meta["created_at"] == "2019-10-08 08:07:27"
    assert out.annotations["redact"] == {"residual": {}, "scanned": 11}


@pytest.mark.parametrize("display", ["Tamsin Okafor [Acme]", "Tamsin Okafor (Inactive)",
                                     "tamsin.okafor", "tamsin_okafor"])
def test_a_display_names_first_name_is_redacted_alone_without_a_cue(
    stage: RedactStage, display: str
) -> None:
    # A ticket's lone first name has no cue and no capital-letter pair: only the record's
    # structure (its reporter) knows it is a person.
    rec = new_record(
        Source("tickets", "jira.json", "REST-14"), "Bug", "Reply.",
        "The importer drops rows. Tamsin will look at the importer tomorrow.", "Done.",
        meta={"people": {"reporter": {"accountId": "5b10a2844c20165700ede21g",
                                      "displayName": display}}},
    )
    out = stage.process([rec])[0]
    assert "Tamsin" not in out.input and "amsin" not in json.dumps(out.meta), out.input
    assert out.input.startswith("The importer drops rows. <PERSON_1> will look")


def test_a_canary_ssn_as_ticket_id_never_reaches_the_outputs(stage: RedactStage) -> None:
    out = stage.process([jira_record(locator="536-90-4399")])[0]
    assert "536-90-4399" not in out.to_json() and out.source.locator == "<US_SSN_1>"


def test_email_headers_in_meta_are_replaced_and_known_in_text(stage: RedactStage) -> None:
    rec = new_record(
        Source("emails", "enron/1.txt", ""),
        "reply",
        "Reply.",
        "Subject: curves\n\nVirgil, can you send the curves?\nkd",
        "Karen - attached. Thanks, VK",
        meta={"people": {
            "from": ["karen.dunmore@enron.com", "Karen Dunmore"],
            "to": ["Kubiak, Virgil </O=ENRON/OU=NA/CN=RECIPIENTS/CN=VKUBIAK>"],
        }},
    )
    out = stage.process([rec])[0]
    text = json.dumps(out.to_dict())
    for value in ("Virgil", "Karen", "Dunmore", "VKUBIAK", "karen.dunmore", "Kubiak"):
        assert value not in text, value
    assert out.input.endswith("\n<PERSON_2>") and out.output.startswith("<PERSON_2> - ")
    assert out.output.endswith(", <PERSON_1>")  # VK is Virgil Kubiak's initials
    assert out.meta["people"]["to"] == ["<PERSON_1> </O=ENRON/OU=NA/CN=RECIPIENTS/CN=<PERSON_1>>"]


def test_a_second_quoted_form_of_a_known_person_is_one_person(stage: RedactStage) -> None:
    rec = new_record(
        Source("emails", "enron/2.txt", ""),
        "reply",
        "Reply.",
        "Subject: rates\n\nCan you check the rates?",
        "Checked, Tobias Quill will call you.",
        meta={"people": {
            "from": ["tobias.quill@enron.com", "Tobias Quill"],
            "to": ["\"'Toby Quill'\" <tobias.quill@enron.com>"],
        }},
    )
    out = stage.process([rec])[0]
    text = json.dumps(out.to_dict())
    for value in ("Toby", "Tobias", "Quill", "tobias.quill"):
        assert value not in text, value
    assert out.meta["people"]["from"][1] == out.output.split()[1]  # one placeholder per person


def test_unchanged_text_is_rescanned_and_residual_rejects_without_text() -> None:
    # PERSON off in the first pass: the re-scan with PERSON on still reads the untouched text.
    rec = new_record(Source("t", "x", "1"), "t", "Reply.", "Ask Thelma Mitchell.", "Sure.")
    first = RedactStage(RedactConfig(entities=["EMAIL_ADDRESS"])).process([rec])[0]
    assert first.input == "Ask Thelma Mitchell." and first.annotations["redact"]["residual"] == {}
    strict = RedactStage(RedactConfig())
    strict._verify([first], [People()])
    assert first.rejected is not None and first.rejected.reason == "redact.residual_pii"
    assert first.rejected.detail == "PII still found after redaction: PERSON=1"
    assert "Thelma" not in first.to_json()


def structured_values(record: Record) -> tuple[set[str], set[str]]:
    """(addresses and ids, name words) a record's people fields hold, read without
    `curate.pii.people`: every address and Jira id, and each word of a display name
    that the census lists know (the rest of a header may name a company)."""
    import regex

    from curate.pii.names import name_lists

    first, last, _ = name_lists()
    exact: set[str] = set()
    words: set[str] = set()

    def walk(key: str, value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k, v)
        elif isinstance(value, list):
            for v in value:
                walk(key, v)
        elif isinstance(value, str):
            exact.update(regex.findall(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+", value))
            exact.update(  # Notesaddr: Exchange's marker for a Notes address, no one's id
                v for v in regex.findall(r"(?i)cn=recipients/cn=([\w.\-]+)", value)
                if v.casefold() != "notesaddr"
            )
            if key == "accountId":
                exact.add(value)
            for word in regex.findall(r"(?<![\w@.])\p{Lu}[\p{L}'\-]{2,}(?![\w@])", value):
                if key == "displayName" or (word.casefold() in first | last
                                            and not (word.isupper() and len(word) <= 3)):
                    words.add(word)

    walk("people", record.meta.get("people", {}))
    return exact, words


def leaks(record: Record, exact: set[str], words: set[str]) -> list[str]:
    """The structured values still written anywhere in `record` (case-insensitive; a
    name word that is a common English word only capitalised or upper case)."""
    import regex

    from curate.pii.names import name_lists

    common = name_lists()[2]
    text = record.to_json()
    left = [v for v in exact if v.casefold() in text.casefold()]
    for word in words:
        flags = 0 if word.casefold() in common else regex.IGNORECASE
        forms = {word, word.capitalize(), word.upper()} if not flags else {word}
        if any(regex.search(rf"(?<!\w){regex.escape(f)}(?!\w)", text, flags) for f in forms):
            left.append(word)
    return left


def test_real_enron_and_jira_records_keep_no_structured_pii(corpora, stage: RedactStage) -> None:
    from test_ingest_emails import ENRON
    from test_ingest_emails import ingest as ingest_emails
    from test_ingest_tickets import ingest as ingest_tickets

    _, mails = ingest_emails(corpora / ENRON, label_source="folder")
    _, issues = ingest_tickets(
        corpora / "tickets" / "jira_public_dataset_sample", preset="jira",
        agent="fields.issuetype.name",
    )
    # the 30 shortest Enron pairs (the longest are forwarded newsletters) and every Jira pair
    pairs = sorted((r for r in mails if r.rejected is None), key=lambda r: len(r.to_json()))
    records = [*pairs[:30], *(r for r in issues if r.rejected is None)]
    known = [structured_values(r) for r in records]
    assert sum(len(e) + len(w) for e, w in known) > 300  # real people fields were carried
    out = stage.process(records)
    kept = [r for r in out if r.rejected is None]
    left = {r.source.path: found for r, (e, w) in zip(out, known, strict=True)
            if (found := leaks(r, e, w))}
    print(f"\n{len(records)} records, {len(kept)} kept, "
          f"{len(records) - len(kept)} rejected for residual PII")
    assert left == {}
    assert len(kept) >= 0.5 * len(records)


def test_home_paths_and_profiles_in_every_form() -> None:
    text = (
        "/mnt/c/Users/qorvath/x /c/Users/bellamine/x cd /export/home/tsuruoka "
        "file:///Users/haldane/x path=%2Fhome%2Fmirabeau%2Fx cat ~ostrova/.bashrc "
        "see https://pellucid.github.io/blog and gist.github.com/varnholt/abc "
        "raw.githubusercontent.com/kestrelo/tool/main/x.sh reddit.com/u/quillon\n"
        "Not people: ~/x api.com/users/123 /api/users/jroe pytorch.github.io "
        "huggingface.co/docs/transformers /home/runner/work the accountId field"
    )
    named = {m.value for m in mentions(text)}
    assert named == {"qorvath", "bellamine", "tsuruoka", "haldane", "mirabeau", "ostrova",
                     "pellucid", "varnholt", "kestrelo", "quillon"}


def test_account_ids_and_quoted_addresses_outside_headers() -> None:
    text = ('accountId 5b10a2844c20165700ede21f, "accountId": "5b10ac8d82e05b22cc7d4ef5", '
            'mail "tvarsh" <tom.varsh@example.com>')
    named = {m.value for m in mentions(text)}
    assert {"5b10a2844c20165700ede21f", "5b10ac8d82e05b22cc7d4ef5"} <= named
    assert '"tvarsh" <tom.varsh@example.com>' in named


def test_a_known_login_glued_to_a_jql_field_or_encoded_separator() -> None:
    people = People()
    people.add_text("cd /home/kvoss/src")
    text = "jqlFilter: assigneekvoss, url ?q=assignee%3Dkvoss; not unkvossed"
    assert [text[s.start : s.end] for s, _ in people.find(text)] == ["kvoss", "kvoss"]


def assert_named(forms: dict[str, str]) -> None:
    """Each text names its user by structure."""
    for text, user in forms.items():
        assert user in {m.value for m in mentions(text)}, text


def test_home_paths_in_every_os_and_encoding() -> None:
    """Each form of a home folder names its user (invented names, one per form)."""
    forms = {
        "\\\\wsl$\\Ubuntu\\home\\arvola\\x": "arvola",
        "\\\\wsl.localhost\\Ubuntu-22.04\\home\\brenqist\\x": "brenqist",
        "/cygdrive/c/Users/corvane/x": "corvane",
        "/System/Volumes/Data/Users/dellaqua/x": "dellaqua",
        "/Volumes/Macintosh HD/Users/emberlin/x": "emberlin",
        "C%3A%5CUsers%5Cfaraldo%5Cx": "faraldo",
        '"C:\\\\Users\\\\GORVAL~1\\\\AppData"': "GORVAL~1",
        "C:\\Users\\Hélio\\x": "Hélio",
        "/home/ingrø/x": "ingrø",
        "c:/users/jastrow": "jastrow",
    }
    assert_named(forms)
    spaced = "C:\\Users\\Kestrel Varnholt\\AppData"
    assert "Kestrel Varnholt" in {m.value for m in mentions(spaced)}


def test_a_home_root_without_a_separator_before_it_is_still_read() -> None:
    """Homes are looked for only where a root follows a separator, a drive's colon or a
    Bazel output base (not the bare words `home`, `users`): the forms at that edge."""
    assert_named({"C:Users\\kolvane\\x": "kolvane", "C%3AUsers%5Cmerquist%5Cx": "merquist",
                  "/tmp/_bazel_lorquist/abc/": "lorquist", "ls ~norvell/": "norvell"})
    assert not mentions("Working from home today, users said; Users: 3, HOME: none")


def test_a_generic_home_user_is_replaced_where_it_stands_only() -> None:
    people = People()
    text = "cd /home/user/src and /home/runner/work; the user said so"
    spans = [text[s.start : s.end] for s, _ in people.find(text)]
    assert spans == ["user", "runner"]


def test_profile_urls_on_any_site() -> None:
    forms = {
        "uk.linkedin.com/in/lorvane-t": "lorvane-t",
        "https://m.facebook.com/morvaine": "morvaine",
        "https://mastodon.social/@norvath": "norvath",
        "tiktok.com/@orlaine/video/1": "orlaine",
        "https://stackoverflow.com/users/123456/pellam-q": "pellam-q",
        "hub.docker.com/u/quorvel": "quorvel",
        "github.com/sponsors/rastavel": "rastavel",
        "github.com/users/sorvane/projects/1": "sorvane",
        "torvald-x.gitlab.io": "torvald-x",
        "ulvane.substack.com/p/post": "ulvane",
    }
    assert_named(forms)
    for text in ("unpkg.com/@babel/core", "cdn.jsdelivr.net/npm/@vue/x", "docs.medium.com/x",
                 "api.example.com/users/123", "example.com/users/sign_in",
                 "www.npmjs.com/package/@scope/pkg", "/api/users/jroe"):
        assert mentions(text) == [], text


def test_user_fields_in_jql_query_strings_and_json_and_account_ids() -> None:
    forms = {
        "project = X AND assignee = vaskorel": "vaskorel",
        "reporter in (wendrall, x)": "wendrall",
        "jql=assignee%3Dxolvane": "xolvane",
        "https://x.org/search?author=yastrel&page=2": "yastrel",
        '{"login": "zorvath", "id": 1}': "zorvath",
        "ping [~abrevane] please": "abrevane",
        "jqlFilter: assigneebrolvane AND x": "brolvane",
        "account_id=5b10a2844c20165700ede21f": "5b10a2844c20165700ede21f",
        "accountId%3D5b10ac8d82e05b22cc7d4ef5": "5b10ac8d82e05b22cc7d4ef5",
        '"accountIds": ["5c10ac8d82e05b22cc7d4ef5"]': "5c10ac8d82e05b22cc7d4ef5",
    }
    assert_named(forms)
    for text in ("user = User.objects.get(pk=1)", "owner: microsoft", "assignee = currentUser()",
                 "user: root", "user = request.user", "login: required", "the assignees were",
                 "creatorname"):
        assert mentions(text) == [], text


def test_a_middle_initial_known_later_gives_the_three_initials() -> None:
    people = People()
    people.add_addresses("james.stanwick@enron.com")
    people.add_addresses("James D Stanwick")
    assert found(people, "FYI.\n\nJDS") == {"JDS": "james stanwick"}


def test_variants_match_as_one_alternation_of_them_all_would() -> None:
    people = People()
    people.add_addresses('"Roe, Jane" <jane.roe@example.com>, Omar Vance <ovance@example.org>')
    people.add_addresses("James D Stanwick <james.stanwick@example.com>")
    people.add_field("reporter", "tquell", ("meta", "reporter"))
    people.add_field("displayName", "Northwind Support", ("meta", "assignee"))
    texts = [
        "Hi Jane, see ovance's note.",
        "Roe, Jane and O. Vance wrote to jane.roe@example.com; JR and OV agree; tquell too",
        "JANE ROE\njr\n",  # initials alone on a line, as a sign-off
        "ROE, JANE; Mr VANCE; assigneetquell; reporter%3Dovance; xtquell; Jim D. Stanwick, JDS",
        "Janet Roebuck and Omari Vanceburg; James Stanwickson",  # longer words: no match
        "Northwind Support replied to Jane Q Roe.",
        "all is well",  # no word of any variant
    ]
    for people_field in (True, False):
        # outside a people field, a variant that counts only there is not tried at all
        sources = [src for src in people._gather() if people_field or not src[1][2]]
        groups = [f"(?P<g{i}>{'(?i:' + s + ')' if meta[3] else s})"
                  for i, (s, meta, _) in enumerate(sources)]
        together = regex.compile(rf"{_STARTS.pattern}(?:{'|'.join(groups)})(?![\w])")
        for text in texts:
            expected = [(m.start(), m.end(), sources[int(m.lastgroup[1:])][1][:3])
                        for m in together.finditer(text)]
            assert people._matched(text, people_field) == expected, text
    assert people._matched(texts[-1]) == [] and People()._matched("Jane") is None


def test_a_header_persons_initial_and_surname_login_is_theirs() -> None:
    # session 16: a form's `Login ID: tmarwick` for a person the headers name in full
    people = People()
    people.add_addresses("Tilda Marwick <tilda.marwick@example.com>, Sela Hale <sela.hale@example.com>")
    got = found(people, "Login ID: tmarwick (TMARWICK); backup: shale. Shale gas prices rose.")
    assert got["tmarwick"] == got["TMARWICK"] == "tilda marwick"
    # a login that spells an English word is the person's only as a login is written
    assert got["shale"] == "sela hale" and "Shale" not in got


def test_a_variant_of_people_fields_only_hides_no_shorter_variant_in_text() -> None:
    # session 17: a home's spaced user `Jqvorel annqv` (no name's shape: people fields only)
    # hid the handle `Jqvorel` at its place, and the whole account was left in text
    people = People()
    people.add_text('"c:\\\\Users\\\\Jqvorel annqv\\\\.vscode\\\\x.exe"')
    text = 'run "c:\\\\Users\\\\Jqvorel annqv\\\\.vscode\\\\x.exe" as Jqvorel'
    got = {text[s.start:s.end] for s, _ in people.find(text)}
    assert "Jqvorel" in got and "Jqvorel annqv" in got
