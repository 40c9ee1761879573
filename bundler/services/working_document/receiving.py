"""The other side's returned .docx: read in the key, mapped back to the plan's items (by bookmark, else by aligning
with the plan's wording, doubtful matches held for the officer), and compared with the proposals held.

Nothing the other side marked as agreed becomes agreed here: it waits for the officer's accept or undo."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ...extensions import db
from ...models import User
from ...models.working_documents import Proposal, WorkingDocument, WorkingDocumentVersion
from ...working_document import proposals as marks
from ...working_document.align import map_to_items
from ...working_document.reader import ReadParagraph, WorkingDocumentRefused, read_working_document
from .documents import WorkingDocumentError, item_proposals, keep_file, pending_agreements, snapshot, strip_tokens

MAX_UPLOAD = 20 * 1024 * 1024


def receive(document: WorkingDocument, data: bytes, filename: str, user: User) -> WorkingDocumentVersion:
    """Read the appellant's file and record it as the next version, with what changed since the last one. A file
    the key refuses is not kept, and changes nothing."""
    if not filename.lower().endswith(".docx"):
        raise WorkingDocumentError(f"{filename} is not a .docx file. Ask the sender for the Word .docx version.")
    if len(data) > MAX_UPLOAD:
        raise WorkingDocumentError(f"{filename} is over {MAX_UPLOAD // (1024 * 1024)} MB; ask for a smaller copy.")
    if pending_agreements(document):
        raise WorkingDocumentError("Accept or undo each change the last returned file marked as agreed first.")
    with tempfile.TemporaryDirectory(prefix="working-document-") as work:
        path = Path(work) / "returned.docx"
        path.write_bytes(data)
        try:
            paragraphs = read_working_document(path)
        except WorkingDocumentRefused as exc:
            raise WorkingDocumentError(str(exc).replace("returned.docx", filename)) from None
        number = len(document.versions) + 1
        version = keep_file(document, number, "appellant", path, user)
    version.changes = apply_returned(document, paragraphs, number)
    db.session.flush()
    version.snapshot = snapshot(document)
    return version


def apply_returned(document: WorkingDocument, paragraphs: list[ReadParagraph], number: int) -> list[dict]:
    """Bring the proposals in line with the returned file; the changes, per item, for "changes since"."""
    changes: list[dict] = []
    read: dict[tuple[str, str], list[marks.Segment]] = {}
    for match in map_to_items([p for p in paragraphs if p.cell is None], _originals(document)):
        if match.item_key is None:
            changes.append({"kind": "unmatched", "item_key": None, "text": match.paragraph.text[:300]})
        elif match.doubtful:
            changes.append({"kind": "doubtful", "item_key": match.item_key, "similarity": round(match.similarity, 2),
                            "text": match.paragraph.text[:300], "segments": _plain(_without_number(match.paragraph))})
        else:
            read.setdefault((match.item_key, "text"), []).extend(_without_number(match.paragraph))
    for paragraph in paragraphs:
        if paragraph.cell is not None and paragraph.item_key and paragraph.cell > 0:
            field = _cell_field(document, paragraph.item_key, paragraph.cell)
            if field:
                read.setdefault((paragraph.item_key, field), []).extend(paragraph.segments)
    for (item_key, field), segments in read.items():
        changes += compare_item(document, item_key, field, segments, number)
    return changes


def confirm_match(document: WorkingDocument, version: WorkingDocumentVersion, index: int) -> list[dict]:
    """The officer confirms a doubtful match: its proposals are taken in as if its bookmark had been kept."""
    entry = version.changes[index]
    if entry.get("kind") != "doubtful":
        raise WorkingDocumentError("That change is not a match waiting for confirmation.")
    segments = [marks.Segment(mark, text) for mark, text in entry["segments"]]
    found = compare_item(document, entry["item_key"], "text", segments, version.number)
    version.changes = [*version.changes[:index], {**entry, "kind": "confirmed"}, *version.changes[index + 1:],
                       *found]
    return found


def compare_item(document: WorkingDocument, item_key: str, field: str, segments: list[marks.Segment],
                 number: int) -> list[dict]:
    known = [p for p in item_proposals(document, item_key, field) if p.status != "withdrawn"]
    changes = []
    original = _item_wording(document, item_key, field)
    if original is not None and marks.original_text(segments).strip() != original.strip():
        changes.append({"kind": "unmarked", "item_key": item_key, "field": field,
                        "text": "The plan's own wording was changed without marking the change in the key."})
    found = marks.proposals_from_segments(item_key, segments, field)
    matched: set[int] = set()
    for read in found:
        same = next((p for p in known if p.id not in matched and _same_span(p, read)), None)
        if same is None:
            proposal = Proposal(working_document_id=document.id, item_key=item_key, field=field, start=read.start,
                                end=read.end, text=read.text, by="appellant" if read.status == "agreed" else read.by,
                                first_version=number,
                                pending_agreement_version=number if read.status == "agreed" else None)
            document.proposals.append(proposal)
            db.session.flush()
            changes.append(_change("newly_agreed" if read.status == "agreed" else "new", proposal))
            continue
        matched.add(same.id)
        if read.status == "agreed" and same.status != "agreed":
            same.pending_agreement_version = number
            changes.append(_change("newly_agreed", same))
    for proposal in known:
        if proposal.id in matched:
            continue
        if proposal.by == "appellant" and proposal.status in ("proposed", "disputed"):
            proposal.status = "withdrawn"
            changes.append(_change("withdrawn", proposal))
        else:
            changes.append(_change("missing", proposal))
    return changes


def _change(kind: str, proposal: Proposal) -> dict:
    return {"kind": kind, "item_key": proposal.item_key, "field": proposal.field, "proposal_id": proposal.id,
            "by": proposal.by, "text": proposal.text}


def _same_span(proposal: Proposal, read: marks.Proposal) -> bool:
    return (proposal.start, proposal.end, strip_tokens(proposal.text)) == (read.start, read.end, read.text)


def _originals(document: WorkingDocument) -> dict[str, tuple[str, str]]:
    return {item.key: (item.section, item.text) for item in document.plan.items
            if item.section in document.sections and item.provision is None}


def _item_wording(document: WorkingDocument, item_key: str, field: str) -> str | None:
    item = next((i for i in document.plan.items if i.key == item_key), None)
    if item is None:
        return None
    return item.text if field == "text" else (item.provision or {}).get(field)


def _cell_field(document: WorkingDocument, item_key: str, cell: int) -> str | None:
    """Column 0 is the item's number; the rest are the section's provision columns (or its text)."""
    item = next((i for i in document.plan.items if i.key == item_key), None)
    if item is None:
        return None
    if item.provision is None:
        return "text" if cell == 1 else None
    columns = next((s["columns"] for s in document.plan.sections if s["code"] == item.section), [])
    return columns[cell - 1] if cell - 1 < len(columns) else None


def _without_number(paragraph: ReadParagraph) -> list[marks.Segment]:
    """The writer puts the item's number and a tab before its wording."""
    segments = list(paragraph.segments)
    if segments:
        number, tab, rest = segments[0].text.partition("\t")
        if tab and len(number) < 12:
            segments[0] = marks.Segment(segments[0].mark, rest)
    return [s for s in segments if s.text]


def _plain(segments: list[marks.Segment]) -> list[list[str]]:
    return [[s.mark, s.text] for s in segments]
