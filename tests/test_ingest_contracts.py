"""Contracts ingestor on the CUAD subset and DOCX forms, and on hostile files."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from curate.config import validate_config
from curate.ingest.contracts import ContractIngestor, heading_title, segment
from curate.record import Record

ADURO = "ADUROBIOTECH,INC_06_02_2020-EX-10.7-CONSULTING AGREEMENT.txt"


def ingest(path: Path, **options: Any) -> tuple[ContractIngestor, list[Record]]:
    config = validate_config({
        "tasks": {"clauses": {"instruction": "Name the type of this contract clause."}},
        "sources": [{"kind": "contracts", "path": str(path), "task": "clauses",
                     "options": options}],
    }, path.parent)
    ingestor = ContractIngestor.for_source(config.sources[0], config)
    records = list(ingestor.read(path))
    rejected = [r for r in records if r.rejected]
    assert ingestor.items_read == ingestor.items_used + len(rejected)
    return ingestor, records


def kept(records: list[Record]) -> list[Record]:
    return [r for r in records if not r.rejected]


def test_cuad_txt_clause_and_label_counts(corpora):
    ingestor, records = ingest(corpora / "contracts" / "cuad_v1_subset" / "txt")
    clauses = kept(records)
    labels = Counter(r.label for r in clauses)
    print(f"CUAD txt: {ingestor.items_read} files, {ingestor.items_used} with clauses, "
          f"{len(clauses)} clauses, {len(labels)} labels, skipped {dict(ingestor.skipped)}")
    print(labels.most_common())
    assert ingestor.items_read == 52
    assert ingestor.items_used >= 45  # a few are one flattened line, or have no headings
    assert {r.rejected.reason for r in records if r.rejected} == {"ingest.no_clauses"}
    assert len(clauses) >= 1000
    assert len(labels) >= 18 and labels["other"] < len(clauses) * 0.7
    assert all(r.output == r.label and r.input for r in clauses)
    assert len({r.id for r in clauses}) == len(clauses)


def test_segmentation_finds_the_headings_of_a_known_contract(corpora):
    path = corpora / "contracts" / "cuad_v1_subset" / "txt" / ADURO
    _, records = ingest(path)
    found = {r.meta["heading"]: r.label for r in records}
    assert found["Services"] == "other"
    assert found["Compensation and Expenses"] == "payment"
    assert found["Term of Agreement"] == "term"
    assert found["Confidential Information"] == "confidentiality"
    assert found["Intellectual Property"] == "intellectual_property"
    assert found["Nonsolicitation"] == "non_compete"
    clause = next(r for r in records if r.meta["heading"] == "Term of Agreement")
    assert clause.input.startswith("3. Term of Agreement. This Agreement shall begin")
    assert clause.source.locator.startswith("clause ")


def test_unmapped_clauses_can_be_dropped(corpora):
    path = corpora / "contracts" / "cuad_v1_subset" / "txt" / ADURO
    everything, all_records = ingest(path)
    mapped, records = ingest(path, unmapped="reject")
    assert "other" not in {r.label for r in records}
    assert len(records) == len(all_records) - mapped.skipped["unmapped"]
    assert mapped.items_used == everything.items_used == 1
    _, records = ingest(path, taxonomy={"payment": ["compensation"]}, unmapped="reject")
    assert [r.label for r in records] == ["payment"]


def test_cuad_pdfs_and_docx_forms(corpora):
    ingestor, records = ingest(corpora / "contracts" / "cuad_v1_subset" / "pdf")
    print(f"CUAD pdf: {ingestor.items_used}/{ingestor.items_read} files, "
          f"{len(kept(records))} clauses")
    assert (ingestor.items_read, ingestor.items_used) == (25, 25)
    assert len(kept(records)) >= 700
    assert all(r.meta["format"] == "pdf" for r in records)

    ingestor, records = ingest(corpora / "contracts" / "docx_standard_forms")
    docx_labels = Counter(r.label for r in kept(records))
    print(f"DOCX forms: {ingestor.items_used}/{ingestor.items_read} files, "
          f"{len(kept(records))} clauses, {docx_labels.most_common(5)}")
    assert ingestor.items_read == 14 and ingestor.items_used >= 8  # NDAs are cover pages
    assert docx_labels["limitation_of_liability"] > 0 and docx_labels["termination"] > 0


@pytest.mark.parametrize(("line", "title"), [
    ("ARTICLE IV", ""), ("Section 2.1 Governing Law. This", "Governing Law"),
    ("12.3 Notices: All notices", "Notices"), ("GOVERNING LAW", "GOVERNING LAW"),
    ("1.1 The Company shall pay", None), ("the parties agree", None),
])
def test_heading_shapes(line, title):
    assert heading_title(line, styled=False) == title


def test_segment_keeps_untitled_subclauses_in_their_parent():
    clauses = segment([(line, False) for line in
                       ["Preamble.", "1. Term. It runs.", "1.1 The term is one year.", "2. Fees."]])
    assert [c.title for c in clauses] == ["Term", "Fees"]
    assert clauses[0].text == "1. Term. It runs.\n1.1 The term is one year."


def _hostile_files(folder: Path, corpora: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 60_000_000)
    assert bomb.stat().st_size < 200_000
    (folder / "text.docx").write_text("1. Term. not a zip at all, just text here.")
    with zipfile.ZipFile(folder / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    pdf = next((corpora / "contracts" / "cuad_v1_subset" / "pdf").glob("ACC*"))
    (folder / "truncated.pdf").write_bytes(pdf.read_bytes()[:20_000])
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    (folder / "encrypted.pdf").write_bytes(buffer.getvalue())
    (folder / "latin1.txt").write_bytes("1. Term. Résumé of the term is one year.".encode("cp1252"))
    (folder / "empty.txt").write_text("")


def test_hostile_files_are_rejected_with_reasons(corpora, tmp_path):
    _hostile_files(tmp_path, corpora)
    ingestor, records = ingest(tmp_path)
    found = {Path(r.source.path).name: r.rejected.reason for r in records}
    assert found == {
        "bomb.docx": "ingest.docx_too_large", "text.docx": "ingest.not_a_docx",
        "other.docx": "ingest.not_a_docx", "truncated.pdf": "ingest.broken_pdf",
        "encrypted.pdf": "ingest.encrypted_pdf", "latin1.txt": "ingest.bad_encoding",
        "empty.txt": "ingest.no_clauses",
    }
    assert (ingestor.items_read, ingestor.items_used) == (7, 0)
    _, records = ingest(tmp_path / "encrypted.pdf", max_pdf_pages=1)
    assert records[0].rejected.reason == "ingest.encrypted_pdf"
