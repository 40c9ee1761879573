"""`bundler search-index`: index the pages of documents converted before full-text search existed (new documents
are indexed as they convert)."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from . import search
from .evidence import evidence_store


@click.command("search-index")
@with_appcontext
def search_index_command():
    """Index every converted document whose pages are not yet searchable."""
    documents = search.unindexed_documents()
    store = evidence_store()
    for document in documents:
        search.index_document(document, store.local_path(document.pdf_sha256))
        db.session.commit()
    click.echo(f"Indexed {len(documents)} document(s).")
