"""The few WordprocessingML pieces python-docx has no API for: bookmarks, fields, footnotes, table captions."""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
BOOKMARK_PREFIX = "_WD_"  # a leading underscore makes Word treat the bookmark as hidden
KEY_TABLE_CAPTION = "Typographic key"
_SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               '</w:r></w:p></w:footnote>')


def bookmark_name(item_key: str) -> str:
    """Word allows letters, digits and underscores in a bookmark name; item keys use hyphens."""
    return BOOKMARK_PREFIX + item_key.replace("-", "_")


def item_key_from_bookmark(name: str) -> str | None:
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    return name[len(BOOKMARK_PREFIX):].replace("_", "-")


def add_bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around the whole paragraph."""
    p = paragraph._p
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def add_field(paragraph, instruction: str) -> None:
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def set_table_caption(table, caption: str) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))


def mark_header_row(row) -> None:
    """Column titles repeat on each page, and a reader knows them for structure."""
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def through_content_controls(parent, tag: str | None = None):
    """The children of `parent` (those with `tag`, if given), each content control's (w:sdt) content in its place:
    Word wraps paragraphs, each row of a repeating section, and cells in them."""
    for child in parent:
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from through_content_controls(content, tag)
        elif tag is None or child.tag == tag:
            yield child


def table_caption(tbl) -> str | None:
    caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    return caption.get(qn("w:val")) if caption is not None else None


class Footnotes:
    """The document's footnotes part, created on first use; each note is one plain paragraph."""

    def __init__(self, document):
        self.document = document
        self.element = None
        self.next_id = 1

    def add(self, paragraph, text: str) -> None:
        if self.element is None:
            self._create_part()
        note_id = self.next_id
        self.next_id += 1
        self.element.append(parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'))

    def _create_part(self) -> None:
        self.element = parse_xml(f'<w:footnotes {nsdecls("w")}>{_SEPARATORS}</w:footnotes>')
        part = _XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, self.element,
                        self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


class _XmlPart(Part):
    """A part whose bytes are serialised from its element when the package is saved."""

    def __init__(self, partname, content_type, element, package):
        super().__init__(partname, content_type, package=package)
        self.element = element

    @property
    def blob(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _escape(text: str) -> str:
    return re.sub(r"[<>&]", lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[m.group()], text)
