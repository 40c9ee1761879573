"""Evidence references: `[[doc:42]]` becomes "EP advice, 2 June 2025 [pp. 45–53]" against a bundle's layout.

The layout comes from the engine's `BundleReport` (built or planned), matched on `DocumentReport.id`. A reference is
flagged when the document is not in the bundle, or when the pages come from a bundle version that is not the latest.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..dates import page_date


@dataclass(frozen=True)
class DocumentPlace:
    title: str
    date: date | None
    first_page: int | None
    last_page: int | None


@dataclass(frozen=True)
class BundleLayout:
    """Where each document sits in one bundle. `version` is the bundle version number when the web app knows it."""
    documents: Mapping[str, DocumentPlace]
    version: int | None = None


@dataclass(frozen=True)
class ResolvedReference:
    key: str
    text: str  # the long form: title, date and pages
    problem: str | None = None
    name: str = ""  # title, and date for the long form
    title: str = ""
    pages: str = ""  # "[pp. 45–53]", or "[not in the bundle]"

    def as_form(self, form: str) -> str:
        """The citation in `form`: long (title, date, pages), short (title, pages) or pages."""
        if form == "pages" and self.pages:
            return self.pages
        if form == "pages" and self.name.startswith(f"{self.title}, "):
            return f"({self.name[len(self.title) + 2:]})"  # cited without pages (as filed): its date only
        if form == "short" and self.title:
            return f"{self.title} {self.pages}".strip()
        return self.text


@dataclass(frozen=True)
class Catalogue:
    """Titles and dates of the case's documents, so a reference outside the bundle still reads as a document."""
    documents: Mapping[str, tuple[str, date | None]] = field(default_factory=dict)


def layout_from_report(report, version: int | None = None) -> BundleLayout:
    """A `BundleLayout` from the engine's `BundleReport` (documents without an id cannot be cited)."""
    places = {}
    for section in report.sections:
        for doc in section.documents:
            if doc.id is not None:
                places[str(doc.id)] = DocumentPlace(doc.title, as_date(doc.date), doc.first_page, doc.last_page)
    return BundleLayout(places, version)


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def page_range(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return f"[p. {first}]"
    return f"[pp. {first}\u2013{last}]"


def describe(title: str, when: date | None) -> str:
    return f"{title}, {page_date(when)}" if when else title


_SENTENCE_END = re.compile(r"[.!?;:]\s")


def cite(resolver, inlines) -> list[str | None]:
    """The text of each reference in `inlines` (None for plain text), in the form the writer chose or, when none
    was chosen, by its sentence: only the pages where the sentence already names the document ("the speech and
    language therapy report [pp. 19–21]"), the title, date and pages otherwise."""
    texts, sentence = [], ""
    for inline in inlines:
        key = getattr(inline, "key", None)
        if key is None:
            sentence = _SENTENCE_END.split(sentence + inline.text)[-1]
            texts.append(None)
            continue
        ref = resolver.resolve(key)
        form = inline.form or ("pages" if ref.title and ref.title.lower() in sentence.lower() else "long")
        text = ref.as_form(form)
        texts.append(text)
        sentence += ref.title  # named now; its pages' "pp. " must not end the sentence
    return texts


class UnpagedResolver:
    """Cites documents by title and date only: the text of a response as filed, which goes to the Tribunal weeks
    before any bundle exists. A reference to a document the case does not have is still flagged."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.layout = self.latest = None

    def cite(self, inlines) -> list[str | None]:
        return cite(self, inlines)

    def resolve(self, key: str) -> ResolvedReference:
        known = self.catalogue.documents.get(key)
        if known is None:
            return ResolvedReference(key, f"Document {key}", "The case has no such document. Remove the reference.",
                                     f"Document {key}", f"Document {key}")
        name = describe(*known)
        return ResolvedReference(key, name, None, name, known[0])


class ReferenceResolver:
    """Resolves document keys against `layout`; `latest` is the newest bundle (defaults to `layout` itself)."""

    def __init__(self, layout: BundleLayout | None, latest: BundleLayout | None = None,
                 catalogue: Catalogue | None = None):
        self.layout = layout
        self.latest = latest or layout
        self.catalogue = catalogue or Catalogue()

    def cite(self, inlines) -> list[str | None]:
        return cite(self, inlines)

    def resolve(self, key: str) -> ResolvedReference:
        place = self.layout.documents.get(key) if self.layout else None
        if place is None:
            title, name = self._name(key)
            return ResolvedReference(key, f"{name} [not in the bundle]", self._missing_problem(), name, title,
                                     "[not in the bundle]")
        name, pages = describe(place.title, place.date), page_range(place.first_page, place.last_page)
        return ResolvedReference(key, f"{name} {pages}".strip(), self._stale_problem(key), name, place.title, pages)

    def _name(self, key: str) -> tuple[str, str]:
        known = self.catalogue.documents.get(key)
        return (known[0], describe(*known)) if known else (f"Document {key}", f"Document {key}")

    def _missing_problem(self) -> str:
        if self.layout is None:
            return "No bundle has been built yet, so this reference has no page numbers."
        return (f"This document is not in bundle {_version_name(self.layout)}. "
                "Add it to the bundle and rebuild, or remove the reference.")

    def _stale_problem(self, key: str) -> str | None:
        if self.latest is self.layout or self.latest.version == self.layout.version:
            return None
        if key not in self.latest.documents:
            return (f"This document is not in the latest bundle ({_version_name(self.latest)}). "
                    "Add it to the bundle and rebuild, or remove the reference.")
        return (f"Page numbers come from bundle {_version_name(self.layout)}, not the latest "
                f"({_version_name(self.latest)}). Each bundle build puts the approved statement in with that "
                "bundle's own page numbers; to change this copy, start a new draft from it.")


def _version_name(layout: BundleLayout) -> str:
    return f"version {layout.version}" if layout.version is not None else "layout"
