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
from curate.pipeline import ingest
from curate.record import Record

INSTRUCTION = "Respond."
TASK = "task"
JIRA_META = ["fields.reporter", "fields.assignee", "fields.creator", "fields.created",
             "fields.updated", "fields.status.name", "fields.priority.name", "fields.components",
             "fields.labels"]

# source name -> (corpus, ingestor kind, corpus-relative paths, options)
SOURCES: dict[str, tuple[str, str, tuple[str, ...], dict[str, Any]]] = {
    "enron": ("enron", "emails", ("emails/enron_berkeley/enron_with_categories",), {}),
    "enron_mbox": ("enron", "emails", ("emails/enron_berkeley/enron_berkeley_folders_3_5.mbox",),
                   {}),
    "odd": ("odd", "emails", ("emails/odd",), {}),
    "msg": ("msg", "emails", ("emails/msg",), {}),
    "github": ("github", "tickets", ("tickets/nlbse24_github_issues",), {"preset": "github"}),
    "jira": ("jira", "tickets", ("tickets/jira_public_dataset_sample",),
             {"preset": "jira", "meta": JIRA_META}),
    "jira_cls": ("jira", "tickets", ("tickets/jira_public_dataset_sample",),
                 {"preset": "jira", "agent": "fields.issuetype.name", "meta": JIRA_META}),
    "cuad_txt": ("cuad", "contracts", ("contracts/cuad_v1_subset/txt",), {}),
    "cuad_pdf": ("cuad", "contracts", ("contracts/cuad_v1_subset/pdf",), {}),
}


# Ingestors whose records depend on their own file only (e-mail threading needs the folder).
PER_FILE = frozenset({"tickets", "contracts"})


def ingest_source(corpora: Path, name: str, files: list[str] | None = None) -> Iterator[Record]:
    """The kept records of one source, with paths stored relative to the corpora folder.

    `files` (corpus-relative) narrows a per-file ingestor to the files named: their records are
    the same as in a run over the whole folder.
    """
    _, kind, paths, options = SOURCES[name]
    if files is not None and kind in PER_FILE:
        paths = tuple(sorted(set(files)))
    config = validate_config(
        {"tasks": {TASK: {"instruction": INSTRUCTION}},
         "sources": [{"kind": kind, "path": list(paths), "task": TASK, "options": options}]},
        corpora,
    )
    for part in ingest(config, Accounting(), lambda record: None):  # JSON lines, in parts
        yield from (Record.from_json(line) for line in part.split("\n") if line)


def key(record: Record) -> tuple[str, str]:
    """How a record is found again: its source path and locator."""
    return record.source.path, record.source.locator
