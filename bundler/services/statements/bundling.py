"""The approved statement goes into the core section of each bundle build.

Once filed, the bundle holds exactly the PDF that was filed (its hash checked), and, when it cites documents, a
second copy marked as annotated with this bundle's page references, each a link to the page it cites. Before filing,
the approved text goes in with this build's page references. The statement cites pages of the bundle it sits in,
and its own length moves those pages, so its references are resolved against the engine's plan of this very build,
rendering again until its page count settles.
"""
from dataclasses import replace
from pathlib import Path

from ...dates import page_date
from ...drafting.markup import referenced_keys
from ...drafting.output import fit_into_bundle, pad_pdf, page_count, page_links, write_blank_pdf, write_statement_pdf
from ...drafting.references import ReferenceResolver, layout_from_report
from ...engine.assemble import plan_bundle
from ...engine.manifest import DocumentEntry, Manifest
from ...models import Case
from ...models.statements import StatementOfCase
from .rendering import authority, catalogue, filed_pdf, statement_title
from .workflow import approved_statement

STATEMENT_TITLE = "Local authority's response (statement of case)"
NOTICE_TITLE = "Local authority's notice that it does not oppose the appeal (regulation 45)"
ANNOTATED = "annotated with bundle page references"


def statement_entry_id(statement: StatementOfCase) -> str:
    return f"statement-{statement.id}"


def annotated_entry_id(statement: StatementOfCase) -> str:
    return f"statement-{statement.id}-annotated"


def with_approved_statement(case: Case, manifest: Manifest, work: Path) -> Manifest:
    """`manifest` plus the case's approved statement (if any) as core documents, rendered for this bundle into
    the folder `work`, which the caller keeps until the bundle is built."""
    statement = approved_statement(case)
    if statement is None:
        return manifest
    title = NOTICE_TITLE if statement.is_notice else STATEMENT_TITLE
    if not statement.filed:
        return _with_rendered(case, statement, manifest, work, title, statement_entry_id(statement), "")
    filed = DocumentEntry("core", f"{title}, as filed on {page_date(statement.filed_on)}", statement.filed_on,
                          filed_pdf(statement), statement_entry_id(statement))
    manifest = replace(manifest, documents=manifest.documents + (filed,))
    if not any(referenced_keys(text or "") for text in statement.latest.parts.values()):
        return manifest
    banner = (f"COPY {ANNOTATED.upper()}. The response as filed on {page_date(statement.filed_on)} is in this "
              "bundle unchanged; in this copy each document it cites also gives its pages in the bundle.")
    return _with_rendered(case, statement, manifest, work, f"{title}, {ANNOTATED}", annotated_entry_id(statement),
                          banner)


def _with_rendered(case: Case, statement: StatementOfCase, manifest: Manifest, work: Path, title: str,
                   entry_id: str, banner: str) -> Manifest:
    rendered = work / f"{entry_id}.pdf"
    when = statement.filed_on or statement.approved_at.date()

    def including(file: Path, links=()) -> Manifest:
        entry = DocumentEntry("core", title, when, file, entry_id, links=tuple(links))
        return replace(manifest, documents=manifest.documents + (entry,))

    def plan(pages: int):
        return layout_from_report(plan_bundle(including(write_blank_pdf(work / "placeholder.pdf", pages))))

    def render(layout) -> int:
        resolver = ReferenceResolver(layout, catalogue=catalogue(case))
        write_statement_pdf(statement.latest.parts, resolver, rendered, title=statement_title(statement),
                            author=authority(), banner=banner)
        return page_count(rendered)

    _, pages = fit_into_bundle(plan, render)
    links = page_links(rendered)
    pad_pdf(rendered, pages)
    return including(rendered, links)
