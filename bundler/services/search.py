"""Full-text search across a case's documents, with the page each hit is on.

Each document's pages are indexed when it is converted (`index_document`, called by the conversion job). SQLite
searches an FTS5 index, PostgreSQL its own text search; both are set up by the migration. The words searched for
are never logged: they are often a child's name.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import delete, text

from ..engine.text import page_texts
from ..extensions import db
from ..models import Case
from ..models.evidence import Document, Review
from ..models.search import DocumentPageText

START, STOP = "\x02", "\x03"  # around each matched word in a snippet; never in extracted text
MAX_WORDS = 12
LIMIT = 100

_SQLITE = text("""
    SELECT t.document_id, t.page, snippet(document_page_fts, 0, char(2), char(3), '…', 16) AS snippet
    FROM document_page_fts JOIN document_page_text t ON t.id = document_page_fts.rowid
    JOIN document d ON d.id = t.document_id
    WHERE document_page_fts MATCH :query AND t.case_id = :case_id AND d.review = :accepted
    ORDER BY bm25(document_page_fts), t.document_id, t.page LIMIT :limit""")

_POSTGRESQL = text("""
    SELECT t.document_id, t.page,
           ts_headline('english', t.text, q.query,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=10')
    FROM document_page_text t JOIN document d ON d.id = t.document_id,
         plainto_tsquery('english', :query) AS q(query)
    WHERE to_tsvector('english', t.text) @@ q.query AND t.case_id = :case_id AND d.review = :accepted
    ORDER BY ts_rank(to_tsvector('english', t.text), q.query) DESC, t.document_id, t.page LIMIT :limit""")


@dataclass(frozen=True)
class Hit:
    document: Document
    page: int
    snippet: Markup  # the words round the match, escaped, with <mark> round each matched word


def index_document(document: Document, pdf: Path) -> int:
    """Replace the document's page texts with those of `pdf`; returns the number of pages indexed."""
    pages = page_texts(pdf)
    db.session.execute(delete(DocumentPageText).where(DocumentPageText.document_id == document.id))
    db.session.add_all(DocumentPageText(document_id=document.id, case_id=document.case_id, page=number,
                                        text=page_text.replace(START, "").replace(STOP, ""))
                       for number, page_text in enumerate(pages, start=1))
    return len(pages)


def query_words(query: str) -> list[str]:
    """The words of what was typed, without the search syntax of either database."""
    return re.findall(r"\w+", query)[:MAX_WORDS]


def search(case: Case, query: str) -> list[Hit]:
    """Pages of the case's accepted documents holding every word of `query`, best first."""
    words = query_words(query)
    if not words:
        return []
    postgresql = db.engine.dialect.name == "postgresql"
    statement = _POSTGRESQL if postgresql else _SQLITE
    # FTS5: each word quoted, so it is taken as a word and never as an operator (AND, NEAR, column:...).
    phrase = " ".join(words) if postgresql else " ".join(f'"{word}"' for word in words)
    rows = db.session.execute(statement, {"query": phrase, "case_id": case.id, "accepted": Review.accepted.name,
                                          "limit": LIMIT}).all()
    documents = {d.id: d for d in db.session.scalars(
        db.select(Document).where(Document.id.in_({row[0] for row in rows})))}
    return [Hit(documents[document_id], page, marked(snippet)) for document_id, page, snippet in rows]


def marked(snippet: str) -> Markup:
    """The snippet escaped for HTML, its matched words in <mark>."""
    return Markup(str(escape(snippet)).replace(START, "<mark>").replace(STOP, "</mark>"))


def unindexed_documents() -> list[Document]:
    """Converted documents with no page text: those converted before search existed."""
    indexed = db.select(DocumentPageText.document_id)
    return list(db.session.scalars(db.select(Document).where(Document.pdf_sha256.is_not(None),
                                                             Document.id.not_in(indexed))))
