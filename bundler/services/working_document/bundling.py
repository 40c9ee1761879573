"""The final working document goes into section C of each bundle build, its footnotes citing that build's pages.

Like the statement in section A, its own length moves the pages it cites, and the statement's; so it is laid out
with a reservation of pages, the statement is added against that reservation, and the working document is written
against the result, again until its length settles."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ...drafting.output import MAX_FITTING_ROUNDS, fit_into_bundle, pad_pdf, page_count, write_blank_pdf
from ...drafting.references import ReferenceResolver, layout_from_report
from ...engine.assemble import plan_bundle
from ...engine.convert import to_pdf
from ...engine.manifest import DocumentEntry, Manifest
from ...models import Case
from ...models.working_documents import WorkingDocumentVersion
from ..statements.rendering import catalogue
from .documents import prepared_by, working_document_for, write_file

SECTION = "working_document"


def entry_id(version: WorkingDocumentVersion) -> str:
    return f"working-document-{version.id}"


def entry_title(version: WorkingDocumentVersion) -> str:
    return f"Working document (final, version {version.number})"


def with_final_working_document(case: Case, manifest: Manifest, work: Path,
                                add_others: Callable[[Manifest], Manifest] = lambda m: m) -> Manifest:
    """`manifest` with the final working document in section C (if there is one), then `add_others` (the statement)
    laid out around it. Without a final version, just `add_others(manifest)`."""
    document = working_document_for(case)
    version = document.final_version if document is not None else None
    if version is None:
        return add_others(manifest)
    rendered = work / "working-document.pdf"

    def including(base: Manifest, file: Path) -> Manifest:
        entry = DocumentEntry(SECTION, entry_title(version), version.created_at.date(), file, entry_id(version))
        return replace(base, documents=base.documents + (entry,))

    def render(layout) -> int:
        docx = work / "working-document.docx"
        write_file(document, version.snapshot, version.number, version.created_at.date(), prepared_by(), docx,
                   ReferenceResolver(layout, catalogue=catalogue(case)))
        pdf = to_pdf(docx, work)
        if pdf != rendered:
            pdf.replace(rendered)
        return page_count(rendered)

    reserved = 1
    for _ in range(MAX_FITTING_ROUNDS):
        with_others = add_others(including(manifest, write_blank_pdf(work / "wd-placeholder.pdf", reserved)))
        others = replace(with_others, documents=tuple(d for d in with_others.documents if d.id != entry_id(version)))

        def plan(pages: int, others=others):
            return layout_from_report(plan_bundle(including(others, write_blank_pdf(work / "wd-plan.pdf", pages))))

        _, pages = fit_into_bundle(plan, render, first_guess=reserved)
        if pages == reserved:
            pad_pdf(rendered, pages)
            return including(others, rendered)
        reserved = pages  # it grew: the statement's pages moved, so lay it out again
    raise RuntimeError("The working document's length kept changing as its footnotes were filled in. "
                       "Build the bundle again.")
