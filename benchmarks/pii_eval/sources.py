"""Re-create evaluation records with curate's own ingestors, as `curate ingest` would.

A source is one ingest run: an ingestor kind, paths relative to the corpora folder, and options.
Records are found again by their `source.path` and `source.locator` (ids change when text does).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curate.accounting import Accounting
from curate.config import validate_config
from curate.ingest.emails import (
    EmailIngestor,
    Mail,
    _digest,
    _people_meta,
    _with_subject,
)
from curate.ingest.mailthreads import thread_parents
from curate.pipeline import ingest
from curate.record import Record, Source, new_record

INSTRUCTION = "Respond."
TASK = "task"
JIRA_META = ["fields.reporter", "fields.assignee", "fields.creator", "fields.created",
             "fields.updated", "fields.status.name", "fields.priority.name", "fields.components",
             "fields.labels"]

# Not an ingestor: single messages as classification records (see `single_messages`).
SINGLE = "emails_single"

# source name -> (corpus, ingestor kind, corpus-relative paths, options)
SOURCES: dict[str, tuple[str, str, tuple[str, ...], dict[str, Any]]] = {
    "enron": ("enron", "emails", ("emails/enron_berkeley/enron_with_categories",), {}),
    "enron_mbox": ("enron", "emails", ("emails/enron_berkeley/enron_berkeley_folders_3_5.mbox",),
                   {}),
    "enron_single": ("enron", SINGLE, ("emails/enron_berkeley/enron_with_categories",),
                     {"label_source": "folder"}),
    "odd": ("odd", "emails", ("emails/odd",), {}),
    "msg": ("msg", "emails", ("emails/msg",), {}),
    "github": ("github", "tickets", ("tickets/nlbse24_github_issues",), {"preset": "github"}),
    "jira": ("jira", "tickets", ("tickets/jira_public_dataset_sample",),
             {"preset": "jira", "meta": JIRA_META}),
    "jira_cls": ("jira", "tickets", ("tickets/jira_public_dataset_sample",),
                 {"preset": "jira", "agent": "fields.issuetype.name", "meta": JIRA_META}),
    "cuad_txt": ("cuad", "contracts", ("contracts/cuad_v1_subset/txt",), {}),
    "cuad_pdf": ("cuad", "contracts", ("contracts/cuad_v1_subset/pdf",), {}),
    "forms": ("forms", "contracts", ("contracts/docx_standard_forms",), {}),
}


# Ingestors whose records depend on their own file only (e-mail threading needs the folder).
PER_FILE = frozenset({"tickets", "contracts"})


def ingest_source(corpora: Path, name: str, files: list[str] | None = None) -> Iterator[Record]:
    """The kept records of one source, with paths stored relative to the corpora folder.

    `files` (corpus-relative) narrows a per-file ingestor to the files named: their records are
    the same as in a run over the whole folder.
    """
    _, kind, paths, options = SOURCES[name]
    if kind == SINGLE:
        yield from single_messages(corpora, paths, options)
        return
    if files is not None and kind in PER_FILE:
        paths = tuple(sorted(set(files)))
    config = validate_config(
        {"tasks": {TASK: {"instruction": INSTRUCTION}},
         "sources": [{"kind": kind, "path": list(paths), "task": TASK, "options": options}]},
        corpora,
    )
    for part in ingest(config, Accounting(), lambda record: None):  # JSON lines, in parts
        yield from (Record.from_json(line) for line in part.split("\n") if line)


def single_messages(corpora: Path, paths: tuple[str, ...], options: dict[str, Any]
                    ) -> Iterator[Record]:
    """One classification record per e-mail that threads with no other message in its folder
    (so it is in no reply pair, and no eval record of the `enron` source holds it): the message
    with its subject as input, its folder label as output, its address headers in
    `meta.people` and its date in `meta.date`, as the `emails` ingestor would write them.

    No ingestor makes these records (the `emails` ingestor writes reply pairs only); they give
    fresh Enron prose and headers to grow dev with. Built from the ingestor's own parsing.
    """
    config = validate_config(
        {"tasks": {TASK: {"instruction": INSTRUCTION}},
         "sources": [{"kind": "emails", "path": list(paths), "task": TASK, "options": options}]},
        corpora,
    )
    ingestor = EmailIngestor.for_source(config.sources[0], config)
    for path in config.sources[0].path:
        mails = {i: m for i, m in enumerate(ingestor._items(config.resolve(path))) if isinstance(m, Mail)}
        parents = thread_parents({i: ingestor.key(m) for i, m in mails.items()})
        threaded = set(parents) | set(parents.values())
        for i, mail in mails.items():
            if i in threaded or not mail.body:
                continue
            meta: dict[str, Any] = {"thread": _digest(mail.message_id or mail.path.as_posix())}
            if people := _people_meta([mail]):
                meta["people"] = people
            if mail.date is not None:
                meta["date"] = mail.date.isoformat()
            yield new_record(Source("emails", ingestor.relpath(mail.path), mail.locator),
                             task=TASK, instruction=INSTRUCTION,
                             input=_with_subject(mail.subject, mail.body),
                             output=f"category {mail.label}", meta=meta)


def key(record: Record) -> tuple[str, str]:
    """How a record is found again: its source path and locator."""
    return record.source.path, record.source.locator
