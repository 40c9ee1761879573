"""Files the working-document tests make: the authority's plan as it issues it, and a returned file edited in
Word's place with python-docx as an appellant's representative would."""
import io
from copy import deepcopy
from datetime import date
from pathlib import Path

from docx import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.run import Run

from bundler.extensions import db
from bundler.models.evidence import Document, Party
from bundler.services.evidence import evidence_store

NEED = "Sam has difficulty following spoken instructions in class."
PROVISION = "Speech and language therapy"


def plan_docx(path: Path) -> Path:
    """A plan as councils issue it: a heading per section, paragraphs, and a provision table in F."""
    document = WordDocument()
    document.add_heading("Education, Health and Care Plan", level=0)
    for code, title, paragraphs in (("A", "Views, interests and aspirations", ["Sam likes trains."]),
                                    ("B", "Special educational needs", [NEED, "Sam finds busy rooms hard."]),
                                    ("E", "Outcomes", ["By July Sam will follow two-step instructions."])):
        document.add_heading(f"Section {code}: {title}", level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.add_heading("Section F: Special educational provision", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Provision", "Who", "How often"), strict=True):
        cell.text = text
    row = table.add_row().cells
    row[0].text, row[1].text, row[2].text = PROVISION, "an HCPC registered SALT", "regular"
    document.add_heading("Section I: Placement", level=1)
    document.add_paragraph("Riverside Primary School")
    document.save(path)
    return path


def store_document(case_id: int, path: Path, title: str, section: str = "ehcp", pdf: bytes | None = None) -> int:
    """An accepted evidence document whose original is `path` (and, for bundles, a converted PDF)."""
    stored = evidence_store().put(io.BytesIO(path.read_bytes()))
    converted = evidence_store().put(io.BytesIO(pdf)) if pdf else None
    document = Document(case_id=case_id, title=title, document_date=date(2025, 5, 1),
                        section=section, party=Party.local_authority, original_filename=path.name,
                        original_sha256=stored.sha256, size=stored.size,
                        pdf_sha256=converted.sha256 if converted else None, page_count=1 if pdf else None)
    db.session.add(document)
    db.session.flush()
    return document.id


def styled_document(tmp_path: Path, build, heading: str | None = "Section F: Special educational provision") -> Path:
    """A returned file made in Word's place: `build(document)` adds the paragraphs, after a section heading."""
    document = WordDocument()
    if heading:
        document.add_heading(heading, level=1)
    build(document)
    out = tmp_path / "returned.docx"
    document.save(out)
    return out


def appellant_edit(source: Path, output: Path, find: str, addition: str, *, keep_bookmarks: bool = True) -> Path:
    """Open the authority's file and type the appellant's words in bold straight after `find`, as a person would in
    Word (the run holding `find` is split around the new bold run)."""
    document = WordDocument(str(source))
    for paragraph in _all_paragraphs(document):
        run = next((r for r in paragraph.runs if find in r.text), None)
        if run is not None:
            before, after = run.text.split(find, 1)
            run.text = before + find
            bold, rest = deepcopy(run._r), deepcopy(run._r)
            run._r.addnext(bold)
            bold.addnext(rest)
            added = Run(bold, paragraph)
            added.text, added.bold = addition, True
            Run(rest, paragraph).text = after
            if not keep_bookmarks:
                for mark in paragraph._p.xpath(".//w:bookmarkStart | .//w:bookmarkEnd"):
                    mark.getparent().remove(mark)
            break
    else:
        raise AssertionError(f"{find!r} is not in {source.name}")
    document.save(output)
    return output


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def wrap_in_content_control(element) -> None:
    """Put `element` inside a content control (w:sdt), as Word does for a repeating section or a form field."""
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Provision"/></w:sdtPr>'
                        '<w:sdtContent/></w:sdt>')
    element.addprevious(control)
    control.find(qn("w:sdtContent")).append(element)
