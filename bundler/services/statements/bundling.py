"""The approved statement goes into the core section of each bundle build, with page references for that build.

The statement cites pages of the bundle it sits in, and its own length moves those pages, so its references are
resolved against the engine's plan of this very build, rendering again until its page count settles.
"""
from dataclasses import replace
from pathlib import Path

from ...drafting.output import fit_into_bundle, pad_pdf, page_count, write_blank_pdf, write_statement_pdf
from ...drafting.references import ReferenceResolver, layout_from_report
from ...engine.assemble import plan_bundle
from ...engine.manifest import DocumentEntry, Manifest
from ...models import Case
from ...models.statements import StatementOfCase
from .rendering import catalogue, statement_title
from .workflow import approved_statement

STATEMENT_TITLE = "Local authority's response (statement of case)"


def statement_entry_id(statement: StatementOfCase) -> str:
    return f"statement-{statement.id}"


def with_approved_statement(case: Case, manifest: Manifest, work: Path) -> Manifest:
    """`manifest` plus the case's approved statement (if any) as a core document, rendered for this bundle into
    the folder `work`, which the caller keeps until the bundle is built."""
    statement = approved_statement(case)
    if statement is None:
        return manifest
    rendered = work / "statement.pdf"

    def including(file: Path) -> Manifest:
        entry = DocumentEntry("core", STATEMENT_TITLE, statement.approved_at.date(), file,
                              statement_entry_id(statement))
        return replace(manifest, documents=manifest.documents + (entry,))

    def plan(pages: int):
        return layout_from_report(plan_bundle(including(write_blank_pdf(work / "placeholder.pdf", pages))))

    def render(layout) -> int:
        resolver = ReferenceResolver(layout, catalogue=catalogue(case))
        write_statement_pdf(statement.latest.parts, resolver, rendered, title=statement_title(statement))
        return page_count(rendered)

    _, pages = fit_into_bundle(plan, render)
    pad_pdf(rendered, pages)
    return including(rendered)
