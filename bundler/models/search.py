"""The text of each page of each document, for full-text search (SQLite FTS5, or PostgreSQL's text search; the
migration adds the index each database needs)."""
from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DocumentPageText(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    page: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
