"""The people of one record, known from its structure, and every variant of each in its text.

People come from people fields in `meta` (`from`, `to`, `reporter`, Jira `displayName`,
`accountId`, `emailAddress`, ...; see `curate.pii.fields`) and from structural mentions
in the text (`curate.pii.structure`). A person gathers a name (first / last, from a display
name in either order, `Kubiak, Virgil`, `JESSUP, TILDA`, or from an address's local part,
`jeff.stallard` -> Jeff Stallard), handles (`vkubiak`, `milot00`), addresses and ids.

`People.find` returns every variant in a text with its person's key, so the replacer gives all
of one person ONE placeholder: the full name in either order (a middle initial
allowed), the first or last name alone, a nickname of the first name or its formal name
(`Jeff` for Jeffrey, `Christopher` for Chris: `curate/data/nicknames.txt`), the initials
(`kd`, `VK`), the login of the initial and the surname (`jroe`), each handle, and the
addresses (EMAIL_ADDRESS) and ids (USER_ID, pseudonymised by the replacer); and the other
names of a list that names one of them (`Virgil, Okonkwo and Brevik`; by initials, `OV, TQ or
MK`). A display name written as one token (`Roe_Jane`) is a name and that token. A variant that is
a common English word (`Mark`, `Power`) matches only capitalised or upper case; others match
in any case. A variant may be glued to a JQL user field (`assigneeandy.stenson`) or follow a
URL-encoded separator (`assignee%3Djroe`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from curate.pii.detect import Span, canonical
from curate.pii.fields import PERSON_KEYS, id_key
from curate.pii.names import english_word, proper_noun
from curate.pii.recognizers import role_mailbox
from curate.pii.structure import (
    GENERIC_USERS,
    address_headers,
    mentions,
    project_account,
    users_in_place,
)

NAME_KEYS = frozenset({"displayname", "name", "fullname", "full_name", "display_name", "realname"})
EMAIL_KEYS = frozenset({"emailaddress", "email", "email_address", "mail"})
ID_KEYS = PERSON_KEYS - NAME_KEYS - EMAIL_KEYS
SCORE = 1.0
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_INITIAL = regex.compile(r"\p{L}\.?")
LOCAL_NAME = regex.compile(
    r"(?i:(?P<first>[a-z]{2,})[._\-](?:[a-z][._\-])?(?P<last>[a-z]{2,}))"
)
_ANGLE = regex.compile(r"<([^<>]*)>|\[mailto:([^\]]*)\]")
_CN = regex.compile(r"(?i:cn=)([A-Za-z0-9._\-]+)$")
_LOTUS_TAIL = regex.compile(r"(?:/[A-Za-z0-9&\-]+)*(?:@[A-Za-z][A-Za-z0-9\-]*)*$")
_QUOTED = regex.compile(r"\s*\"([^\"]+)\"")
# A department or role in brackets after a display name: `Tolland, Mark E (Legal)`, `(PR)`;
# or the name the person goes by: `Roe, Anselm (Dario)`.
_BRACKETED = regex.compile(r"[ \t]*\([^()<>]*\)")
_NICKNAME = regex.compile(r"\((\p{Lu}[\p{Ll}\p{M}]+)\)")
# A list's or a group's name in an address list (`Policy Core Team`, `All Grid Members`),
# beside the organisation words of `curate.pii.terms.ORG_WORDS` (`Team`, `Services`, `Desk`).
_GROUP_WORD = regex.compile(
    r"(?i:\b(?:committees?|participants|members|lists|board|office|staff|department|dept)\b)"
)
_EMAIL = regex.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
# A variant starts a word, or is glued to a JQL user field (`assigneeandy.stenson`) or follows
# a URL-encoded separator (`assignee%3Djroe`).
_STARTS = regex.compile(
    r"(?:(?<![\w])|(?<=(?<![\w])(?i:assignee|reporter|creator|watcher|owner))|(?<=%[0-9A-Fa-f]{2}))"
)
# A display name of capitalised words joined by underscores (`Roe_Jane`, `Jane_Roe`).
_JOINED_NAME = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+(?:_\p{Lu}[\p{Ll}\p{M}]+)+")
# A person's initials as a list item: two or three capitals (`OV`, `JRV`).
_INITIALS_ITEM = regex.compile(r"\p{Lu}{2,3}")
# An account id as a value: Jira Cloud's (`557058:0f0e1d2c-...`, 24 hex digits) or a number.
_ACCOUNT_ID = regex.compile(r"\d+:[0-9a-f\-]{8,}|[0-9a-f]{24}|\d{5,}")
# A mailbox named by a first initial and a surname (`pzorvathy`).
_INITIAL_SURNAME = regex.compile(r"[a-z][a-z]{5,}")
_HANDLE_LIKE = regex.compile(r"[a-z0-9._\-]*[a-z][a-z0-9._\-]*|[A-Z0-9]*[A-Z][A-Z0-9]*\d[A-Z0-9]*")


@dataclass
class Person:
    """One person: the first name found for them is their key."""

    key: str
    first: str = ""
    last: str = ""
    middle: str = ""
    names: set[str] = field(default_factory=set)
    field_names: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    displayed: bool = False  # `first` and `last` came from a display name, not an address alone


class People:
    """The people of one record (see the module docstring)."""

    def __init__(self, allow: frozenset[str] = frozenset()) -> None:
        self.allow = allow
        self._people: list[Person] = []
        self._by_term: dict[str, Person] = {}
        # every variant's regex source, in matching order, with (entity, key, field only, any
        # case) and a word every match of it holds (`_gather`); None: not gathered yet
        self._sources: list[tuple[str, tuple[str, str, bool, bool], str]] | None = None
        self._projects: set[str] = set()  # owners and names of the record's own repositories
        self._in_place: set[str] = set()  # logins named after the project: replaced where they stand
        self._owner = ""  # the user object `add_field` is reading, as a term

    # -- gathering ---------------------------------------------------------------------------

    def add_field(self, key: str, value: str, owner: tuple[str | int, ...] = ()) -> None:
        """A people field of `meta`: `key` (its innermost key) says what the value is; values
        of one `owner` (a user object's path, `curate.pii.fields.Slot.owner`) are one person."""
        self._owner = f"\x00{owner}" if owner else ""
        names_an_id = id_key(key)
        key = key.casefold()
        value = value.strip()
        if not value:
            self._owner = ""
            return
        if key in EMAIL_KEYS and _EMAIL.fullmatch(value):
            self._add(email=value)
        elif (key in ID_KEYS or names_an_id) and " " not in value:
            self._add(ident=value)
        elif key in NAME_KEYS:
            login = LOCAL_NAME.fullmatch(value)  # `jane.roe` as a display name: a login
            if login:
                self._add(name=f"{login['first']} {login['last']}", handle=value, trusted=True)
            elif key == "name" and self._owner and _HANDLE_LIKE.fullmatch(value):
                self._add(handle=value)  # a user object's `name` (Jira's): its login
            else:
                self._add(name=value, trusted=True)
        elif self._owner and _ACCOUNT_ID.fullmatch(value):
            self._add(ident=value)  # a change item's `from`: `557058:0f0e...`
        else:
            self.add_addresses(value)
        self._owner = ""

    def same_context(self) -> People:
        """A People with no one yet, knowing what this one knows of the record (allow list,
        its repositories), for re-reading one text."""
        fresh = People(self.allow)
        fresh._projects = set(self._projects)
        return fresh

    @property
    def projects(self) -> frozenset[str]:
        """The owners and names of the record's own repositories (`add_repository`)."""
        return frozenset(self._projects)

    def add_repository(self, value: str) -> None:
        """The record's own repository (`facebook/react`): its owner is the project's account,
        not a person, wherever a URL names it; a login named after its owner or name
        (`bitcoin@node`, `/home/bitcoin/` in `bitcoin/bitcoin`) is the program's service
        account: replaced where it stands, the project's name elsewhere left alone."""
        owner, slash, name = value.strip().partition("/")
        if slash and owner and name and " " not in owner:
            self._projects.add(owner.casefold())
            self._projects.add(name.strip().casefold())

    def _ours(self, account: str) -> bool:
        """Whether `account` is the project's: its own repository's owner or name, or an
        account named after either (`bitcoin-core` beside `bitcoin/bitcoin`: a name part of four
        letters or more that is no listed name, `curate.pii.structure.project_account`)."""
        folded = account.casefold()
        return folded in self._projects or any(
            project_account(account, project) for project in self._projects)

    def add_text(self, text: str) -> None:
        """The people that `text` names by structure (`curate.pii.structure`)."""
        for mention in mentions(text):
            if mention.kind in ("owner", "handle") and self._ours(mention.value):
                if mention.kind == "handle":  # replaced where it stands, not spread
                    self._in_place.add(mention.value.casefold())
                continue
            if mention.kind in ("header", "trailer"):
                self.add_addresses(mention.value, trusted=mention.kind == "trailer")
            elif mention.kind == "name":
                self._add(name=_drop_common_lead(mention.value))
            elif mention.kind == "id":
                self._add(ident=mention.value)
            else:
                self._add(handle=mention.value)

    def add_headers(self, text: str) -> None:
        """The people of `text`'s address headers and trailers only
        (`curate.pii.structure.address_headers`: no other structural mention)."""
        for mention in address_headers(text):
            self.add_addresses(mention.value, trusted=mention.kind == "trailer")

    def add_addresses(self, value: str, trusted: bool = False) -> None:
        """An address-list value: `A <a@x>, "b" <b@x>`, `Kubiak, Virgil </O=...CN=VKUBIAK>`,
        `Silas J Korman/HOU/EES@EES`, `JESSUP, TILDA`, `x@y.com; z@y.com`; `trusted`: its display
        names are people's by position (a git trailer's), whether or not a list knows them."""
        for entry in _entries(value):
            self._add_entry(entry, trusted)

    def _add_entry(self, entry: str, trusted: bool = False) -> None:
        email = handle = ""
        for m in _ANGLE.finditer(entry):
            inner = (m[1] or m[2] or "").strip()
            if _EMAIL.fullmatch(inner):
                email = inner
            elif cn := _CN.search(inner):
                handle = cn[1]
        quoted = _QUOTED.match(entry)
        display = (quoted[1] if quoted else _ANGLE.sub(" ", entry)).strip().strip("\"'").strip()
        nickname = _bracketed_nickname(display)
        display = _BRACKETED.sub("", display).strip()
        if not email and _EMAIL.fullmatch(display):
            email, display = display, ""
        display = _LOTUS_TAIL.sub("", display).strip().strip("\"'").strip()
        if _JOINED_NAME.fullmatch(display):
            # `Roe_Jane`: a display name written as one token, a name and the token itself
            self._add(name=display.replace("_", " "), handle=display)
            display = ""
        if display and " " not in display and "," not in display and _HANDLE_LIKE.fullmatch(display):
            # a department before a mangled address (`legal <.taylor@x.com>`, `e-mail
            # <'.'roe@x.com>`) or a common word is no one's handle
            department = (bool(email) and not email[0].isalnum()) or display.casefold() in _common()
            handle, display = (handle, "") if department else (handle or display, "")
        if email and role_mailbox(email):
            email = ""  # a list's or a role's mailbox (`steeringcommittee@`): no one's address
        if _GROUP_WORD.search(display) or any(_org_word().fullmatch(w) for w in _WORD.findall(display)):
            display = ""  # a list's or a team's name (`Policy Core Team`, `Grid Members`)
        self._add(name=display, email=email, handle=handle, trusted=trusted, alias=nickname)

    def _add(
        self, name: str = "", email: str = "", handle: str = "", ident: str = "",
        trusted: bool = False, alias: str = "",
    ) -> None:
        """Gather what is known of one person; `trusted`: `name` is a person's display name
        (a user object's), not a header's, which may name a company or a list; `alias`: a
        name the person also goes by (a display name's bracketed nickname)."""
        first, middle, last = _split_name(name, trusted)
        if canonical(f"{first} {last}") in self.allow:
            first = middle = last = name = ""
        displayed = bool(first)
        local = email.partition("@")[0].casefold()
        for source in (local, handle.casefold()) if not first else ():
            m = LOCAL_NAME.fullmatch(source)
            # first.last before an @ is a name; a handle only when the list knows it
            if m and (source == local or _person_like([m["first"], m["last"]])):
                first, last = m["first"].capitalize(), m["last"].capitalize()
                break
        if email and not first and not handle and local not in GENERIC_USERS:
            handle = local
        if handle and handle.casefold() in GENERIC_USERS:
            handle = ""
        whole = canonical(name) if name and not first and canonical(name) not in self.allow else ""
        listed = bool(whole) and _person_like(whole.split())
        if not (first or whole or email or handle or ident):
            return
        terms = [t for t in (canonical(f"{first} {last}".strip()), whole, email.casefold(),
                             handle.casefold(), ident) if t]
        owned = self._owner and self._by_term.get(self._owner)
        terms += [self._owner] if self._owner else []
        person = owned or next((self._by_term[t] for t in terms if t in self._by_term), None)
        if person is None:
            person = Person(key=terms[0])
            self._people.append(person)
        if first and not person.first:
            person.first, person.middle, person.last = first, middle, last
        elif first and (first, last) == (person.first, person.last):
            # `James D Stanwick` after james.stanwick@: the middle initial gives `JDS`
            person.middle = person.middle or middle
        elif first and (first, last) != (person.first, person.last):
            # another form of a known person (`'Ben Rowcliffe'` beside benjamin.rowcliffe@): a name too
            person.names.add(" ".join(w for w in (first, last) if w))
        person.displayed |= displayed and (first, last) == (person.first, person.last)
        if first and "," not in name and len(name.split()) > 2 and not middle:
            # the display name as written when first and last do not make it (`Lucien Le Roe`)
            person.names.add(" ".join(name.split()))
        if alias and (first or listed):
            person.names.add(alias)
        for value, bucket in ((whole, person.names if listed else person.field_names),
                              (email.casefold(), person.emails),
                              (handle, person.handles), (ident, person.ids)):
            if value:
                bucket.add(value)
        for term in terms:
            self._by_term.setdefault(term, person)
        self._sources = None

    def named(self) -> list[Person]:
        """The people (a handle made of one's names joined to them), by what names them."""
        self._link_handles()
        return list(self._people)

    def _link_handles(self) -> None:
        """A person known only by handles joins the named person the handle is made of."""
        named = [p for p in self._people if p.first and p.last]
        for person in [p for p in self._people if not p.first and not p.names and p.handles]:
            owner = next(
                (n for n in named for h in person.handles if _handle_of(h, n.first, n.last)), None
            )
            if owner is None:
                continue
            owner.handles |= person.handles
            owner.emails |= person.emails
            owner.ids |= person.ids
            owner.field_names |= person.field_names
            self._people.remove(person)
            for term, known in self._by_term.items():
                if known is person:
                    self._by_term[term] = owner

    # -- finding -----------------------------------------------------------------------------

    def find(self, text: str, people_field: bool = False) -> list[tuple[Span, str]]:
        """Every variant of every person in `text`: (PERSON, EMAIL_ADDRESS or USER_ID span,
        the person's key), and the users replaced where they stand (`/home/user`,
        `curate.pii.structure.users_in_place`; a login named after the project). A
        display name that does not look like a person's (`Northwind Support`) counts only in
        a people field."""
        found = [(Span(start, end, "PERSON", SCORE), f"home {user.casefold()}")
                 for start, end, user in kept_in_place(text)]
        found += [(Span(m.start, m.end, "PERSON", SCORE), f"home {m.value.casefold()}")
                  for m in (mentions(text) if self._in_place else ())
                  if m.kind == "handle" and m.value.casefold() in self._in_place]
        matched = self._matched(text, people_field)
        if matched is None:
            return found
        found += [(Span(start, end, entity, SCORE), key) for start, end, (entity, key, _) in matched]
        return found + _listed_with(text, [span for span, _ in found if span.entity == "PERSON"])

    def _matched(self, text: str, people_field: bool = False
                 ) -> list[tuple[int, int, tuple[str, str, bool]]] | None:
        """Where the variants occur in `text`, as one alternation of them all in `_gather`'s
        order would find them (leftmost first, at one place the first variant listed, then on
        from its end), each with its (entity, key, field only); None when no person has a
        variant. Outside a people field the variants that count only there are not tried: one
        must not hide a shorter variant at its place (`Jane roe`, a home's user not shaped as
        a name, over the handle `Jane`). Only the variants whose word `text` holds are tried,
        each with its own pattern compiled once per process: no pattern is compiled per
        record."""
        sources = self._gather()
        if not sources:
            return None
        folded = text.casefold()
        tried = [(source, meta) for source, meta, need in sources
                 if need in folded and (people_field or not meta[2])]
        first: dict[int, tuple[int, int]] = {}  # start -> (the first variant there, its end)
        for rank, (source, meta) in enumerate(tried):
            for m in _variant(source, meta[3]).finditer(text, overlapped=True):
                if m.start() not in first and _STARTS.match(text, m.start()):
                    first[m.start()] = (rank, m.end())
        out, at = [], 0
        for start in sorted(first):
            if start >= at:
                rank, at = first[start]
                out.append((start, at, tried[rank][1][:3]))
        return out

    def _gather(self) -> list[tuple[str, tuple[str, str, bool, bool], str]]:
        """Every variant's regex source in matching order, its (entity, key, field only, any
        case) and a word every match of it holds, case-folded."""
        if self._sources is not None or not self._people:
            return self._sources or []
        from curate.pii.names import name_lists

        self._link_handles()
        common = name_lists()[2]
        # regex source -> (entity, key, field only, any case)
        alternatives: dict[str, tuple[str, str, bool, bool]] = {}
        longest: dict[str, int] = {}  # source -> its term's length: the longest form wins
        needs: dict[str, str] = {}  # source -> a word every match of it holds
        for person in self._people:
            for term, entity, source, need, field_only in _variants(person):
                strict = entity == "PERSON" and " " not in term and term.casefold() in common
                if strict:
                    source = _cased(term)
                alternatives.setdefault(source, (entity, person.key, field_only, not strict))
                longest[source] = max(longest.get(source, 0), len(term))
                needs.setdefault(source, need.casefold())
        # by the form's length, not its pattern's (`tq@q.example` before the initials `TQ`)
        ordered = sorted(alternatives, key=lambda s: (-longest[s], -len(s), s))
        self._sources = [(s, alternatives[s], needs[s]) for s in ordered]
        return self._sources


@lru_cache(maxsize=4096)
def _variant(source: str, any_case: bool) -> regex.Pattern[str]:
    """One variant's pattern up to the end of a word; where it may start is `_STARTS`'s
    (a zero-width test at the start, outside the pattern: a lookbehind dearer to compile
    than the variant). About 4 KB each: at most ~16 MB kept per process, outside regex's own
    cache (a record's new variants would push its static patterns out)."""
    return regex.compile(rf"(?:{'(?i:' + source + ')' if any_case else source})(?![\w])",
                         cache_pattern=False)


@lru_cache(maxsize=4096)
def kept_in_place(text: str) -> tuple[tuple[int, int, str], ...]:
    """`curate.pii.structure.users_in_place`, kept per text until `kept_in_place.cache_clear()`:
    redact's passes find in the same text with the record's people and with the people of
    the text alone (and clear it after each batch)."""
    return tuple(users_in_place(text))


def _listed_with(text: str, known: list[Span]) -> list[tuple[Span, str]]:
    """The other names of a list that names a known person (`Virgil, Okonkwo and Brevik`
    after `From: Kubiak, Virgil`), each its own person (keyed by its words); where the known
    item is a person's initials, the list's other initials too (`OV, TQ or MK`)."""
    from curate.pii.names import lists_in, name_shaped

    found = []
    for items in lists_in(text) if known else ():
        hits = [item for start, end, item in items
                if any(s.start < end and start < s.end for s in known)]
        by_initials = any(_INITIALS_ITEM.fullmatch(item) for item in hits)
        if hits:
            found += [(Span(start, end, "PERSON", SCORE), canonical(item))
                      for start, end, item in items
                      if (name_shaped(item) or (by_initials and _INITIALS_ITEM.fullmatch(item)))
                      and not any(s.start < end and start < s.end for s in known)]
    return found


def _handle_of(handle: str, first: str, last: str) -> bool:
    """Whether a user name is made of a person's names: `ldabney`, `vkubiak`, `stanekt`,
    `starnowski`, `dabneyl`, `lorcandabney`."""
    h = regex.sub(r"[._\-]", "", handle.casefold())
    f, la = first.casefold(), last.casefold()
    if not h or not f or not la:
        return False
    return (
        (h[0] == f[0] and len(h) >= 5 and la.startswith(h[1:]))
        or (h.startswith(f) and len(h) > len(f) and la.startswith(h[len(f):]))
        or h in (la + f[0], la + f)
    )


def _variants(person: Person) -> list[tuple[str, str, str, str, bool]]:
    """(term, entity, regex source, a word every match of the source holds, only in people
    fields) of every form of `person`."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from curate.pii.names import name_lists

    out: list[tuple[str, str, str, str]] = []
    fields_only = [(n, "PERSON", r"\s+".join(map(regex.escape, n.split())), n.split()[0])
                   for n in person.field_names]
    first, middle, last = person.first, person.middle, person.last
    nicks = _nicknames(first)
    if first and last:
        f = "(?:" + "|".join(map(regex.escape, [first, *nicks])) + ")"
        mid, la = regex.escape(middle), regex.escape(last)
        middle_part = rf"(?:\s+{mid}\.?)?" if middle else r"(?:\s+\p{L}\.?)?"
        out.append((f"{first} {last}", "PERSON", rf"{f}{middle_part}\s+{la}", last))
        out.append((f"{last}, {first}", "PERSON", rf"{la},\s*{f}{middle_part}", f"{last},"))
        # the first name and the surname's initial, in any case (`Scott S.`, `scott\ns.`)
        out.append((f"{first} {last[0]}.", "PERSON", rf"{f}\s+{regex.escape(last[0])}\.(?!\w)",
                    first))
        initials = {first[0] + last[0], first[0] + middle[:1] + last[0]}
        for word in {first, last, *initials, *nicks}:
            if len(word) >= 2 and word.casefold() not in STOP_WORDS:
                # initials are never a path or key part (`/CN=` of a mailbox id is no `CN`)
                # nor a unit in lower case after a number (`5.1 mb`; `2:30 JR` stays)
                source = (rf"(?<!/)(?:(?<!\d[ \t]*)|(?-i:(?=\p{{Lu}}))){regex.escape(word)}(?!=)"
                          if word in initials else None)
                out.append((word, "PERSON", source or regex.escape(word), word))
        login = (first[0] + last).casefold()
        if len(login) >= 5 and login.isalpha() and login not in name_lists()[2]:
            # the mailbox login a company makes of the initial and the surname (`jroe`), in a
            # form's `Login ID:` or a route, for a person the headers name in full; one that
            # spells a rarer English word only as the login is written, in lower case
            source = regex.escape(login)
            out.append((login, "PERSON", f"(?-i:{source})" if english_word(login) else source,
                        login))
        if not middle:
            # initials with a middle one no header gave, signing alone on a line (`gba`),
            # after the last sentence of the message (`... need more.   gba`), or addressing
            # at a line's start, maybe among other initials (`TQ/GBA - see below`)
            f0, l0 = regex.escape(first[0]), regex.escape(last[0])
            alone = (rf"(?<=(?m:^)[ \t>~\-]*){f0}\p{{L}}{l0}(?=[ \t]*(?m:$))"
                     rf"|(?<=[.!?][ \t]+){f0}\p{{L}}{l0}(?=[ \t]*\Z)"
                     rf"|(?-i:(?<=(?m:^)[ \t>]*(?:\p{{Lu}}{{2,3}}/)*){f0}\p{{Lu}}{l0}"
                     rf"(?=(?:/\p{{Lu}}{{2,3}})*[ \t]*[-:,]))")
            out.append((f"{first[0]}.{last[0]}", "PERSON", alone, first[0]))
    elif first:
        out += [(word, "PERSON", regex.escape(word), word) for word in (first, *nicks)]
    if first:
        # the first name's initial alone on the text's last line, signing it (`...\nm`)
        f0 = regex.escape(first[0])
        out.append((f"{first[0]}.", "PERSON", rf"(?<=\n[ \t>~\-]*){f0}(?=[ \t]*\Z)", first[0]))
    for name in person.names:
        out.append((name, "PERSON", r"\s+".join(map(regex.escape, name.split())), name.split()[0]))
    for handle in person.handles:
        if len(handle) >= 2 and handle.casefold() not in STOP_WORDS:
            out.append((handle, "PERSON", regex.escape(handle), handle))
        surname = "" if last else _initial_surname(handle)
        if surname:  # `pzorvathy@` with no display name: `Zorvathy` in the subject
            out.append((surname, "PERSON", regex.escape(surname), surname))
    out += [(e, "EMAIL_ADDRESS", regex.escape(e), e) for e in person.emails]
    out += [(i, "USER_ID", regex.escape(i), i) for i in person.ids]
    return [(*v, False) for v in out] + [(*v, True) for v in fields_only]


def _initial_surname(handle: str) -> str:
    """The surname of a mailbox named by an initial and a surname that is no English word or
    proper noun (`pzorvathy` -> `Zorvathy`), written capitalised; "" for other handles."""
    if not _INITIAL_SURNAME.fullmatch(handle):
        return ""
    surname = handle[1:].capitalize()
    return "" if english_word(surname) or proper_noun(surname) else surname


def _nicknames(first: str) -> list[str]:
    """The nicknames of a first name and the formal names of a nickname (`Jeffrey` -> `Jeff`,
    `Geoff`; `Chris` -> `Christopher`, ...), capitalised; none that is a common word (`Bill`,
    `Will`, `Kit`) or shorter than three letters: those would name no one here."""
    from curate.pii.names import name_lists, nicknames

    common = name_lists()[2]
    return sorted(n.capitalize() for n in nicknames().get(first.casefold(), ())
                  if len(n) >= 3 and n not in common)


def _cased(word: str) -> str:
    """Regex for `word` as written, capitalised or in upper case, nothing else."""
    forms = sorted({word, word[:1].upper() + word[1:].lower(), word.upper()})
    return "(?:" + "|".join(map(regex.escape, forms)) + ")"


def _entries(value: str) -> list[str]:
    """An address list cut into entries: `;` separates; `,` too, except inside quotes or
    angle brackets and between a lone surname and the first name after it (`Kubiak, Virgil`)."""
    parts = [p for p in _split_outside(value, ";") if p.strip()]
    if len(parts) > 1:
        return parts
    pieces = [p for p in _split_outside(value, ",") if p.strip()]
    entries: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if i + 1 < len(pieces) and _lone_word(piece) and _starts_with_first_name(pieces[i + 1]):
            entries.append(f"{piece.strip()}, {pieces[i + 1].strip()}")
            i += 2
        else:
            entries.append(piece)
            i += 1
    return entries


def _split_outside(value: str, sep: str) -> list[str]:
    """`value` split on `sep` outside double quotes and angle brackets."""
    out, current, depth, quoted = [], [], 0, False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        elif ch == "<" and not quoted:
            depth += 1
        elif ch == ">" and not quoted and depth:
            depth -= 1
        if ch == sep and not quoted and not depth:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def _lone_word(piece: str) -> bool:
    words = piece.split()
    return len(words) == 1 and bool(_WORD.fullmatch(words[0].strip("\"'")))


def _starts_with_first_name(piece: str) -> bool:
    """` Virgil </O=...>`, ` TILDA`, ` Silas J.`: one name word, maybe an initial, then the end
    or an address."""
    head = _BRACKETED.sub("", _ANGLE.sub(" ", piece)).strip().strip("\"'").split()
    if not head or not _WORD.fullmatch(head[0]) or "@" in piece.split("<")[0]:
        return False
    return all(_INITIAL.fullmatch(w) for w in head[1:]) and len(head) <= 2


def _bracketed_nickname(display: str) -> str:
    """The first name in brackets after a display name (`Roe, Anselm (Dario)` -> `Dario`): a
    listed first name that is no English word (not a department's `(Legal)`, `(Enron)`)."""
    from curate.pii.names import name_lists

    m = _NICKNAME.search(display)
    if m is None or english_word(m[1].casefold()) or m[1].casefold() not in name_lists()[0]:
        return ""
    return m[1]


def _split_name(name: str, trusted: bool = False) -> tuple[str, str, str]:
    """(first, middle initial, last) of a display name in either order, or ("", "", "") when
    it does not look like a person's name: one word, digits, an organisation word, or (unless
    `trusted` or in `Last, First` order) no word in the name lists."""
    name = " ".join(name.replace("\u00a0", " ").split()).strip("\"' ")
    if not name or any(ch.isdigit() or ch in "@/<>" for ch in name):
        return "", "", ""
    if name.count(",") == 1:
        surname, _, given = name.partition(",")
        words = [*given.split(), *surname.split()]
        trusted = True
    else:
        words = name.split()
    words = [w.strip(".") if len(w.strip(".")) == 1 else w for w in words]
    if len(words) < 2 or not all(_WORD.fullmatch(w) for w in words):
        return "", "", ""
    if not _person_like(words, trusted):
        return "", "", ""
    middle = words[1] if len(words) == 3 and len(words[1]) == 1 else ""
    return _title(words[0]), middle.upper(), _title(words[-1])


def _person_like(words: list[str], trusted: bool = False) -> bool:
    """No organisation word, and `trusted` or a listed first name or surname among the words."""
    from curate.pii.names import name_lists

    first, last, _ = name_lists()
    if any(_org_word().fullmatch(w) for w in words):
        return False
    if trusted:
        return True
    lower = [w.casefold() for w in words]
    return lower[0] in first or lower[-1] in last or lower[0] in last


@lru_cache(maxsize=1)
def _org_word() -> regex.Pattern[str]:
    """An organisation word (`curate.pii.terms.ORG_WORDS`), any case, compiled once."""
    from curate.pii.terms import ORG_WORDS

    return regex.compile(rf"(?i:{ORG_WORDS})")


def _common() -> frozenset[str]:
    from curate.pii.names import name_lists

    return name_lists()[2]


def _title(word: str) -> str:
    return word if not word.isupper() and not word.islower() else word.capitalize()


def _drop_common_lead(name: str) -> str:
    """`Please Email John Smith` -> `John Smith`: leading common words are not the name."""
    from curate.pii.names import name_lists

    common = name_lists()[2]
    words = name.split()
    while len(words) > 2 and words[0].casefold() in common:
        words.pop(0)
    return " ".join(words)

