"""Redactions of documents, the text of each page for full-text search, and each bundle's size

Revision ID: c5d8e2a7b913
Revises: 7b3e9c1d2f40
Create Date: 2026-12-02 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5d8e2a7b913'
down_revision = '7b3e9c1d2f40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'redaction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('source_sha256', sa.String(length=64), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
        sa.Column('boxes_json', sa.Text(), nullable=False),
        sa.Column('terms_json', sa.Text(), nullable=False),
        sa.Column('match_count', sa.Integer(), nullable=False),
        sa.Column('area_count', sa.Integer(), nullable=False),
        sa.Column('preview_pages', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_redaction_document_id_document')),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_redaction_job_id_job')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_redaction_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_redaction')),
    )
    with op.batch_alter_table('redaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_document_id'), ['document_id'], unique=False)

    op.create_table(
        'document_page_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'],
                                name=op.f('fk_document_page_text_document_id_document')),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_document_page_text_case_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_page_text')),
    )
    with op.batch_alter_table('document_page_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_page_text_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_page_text_case_id'), ['case_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX ix_document_page_text_search ON document_page_text "
                   "USING gin (to_tsvector('english', text))")
    else:
        # An FTS5 index over the table's text, kept in step by triggers (bundler.services.search queries it).
        op.execute("CREATE VIRTUAL TABLE document_page_fts USING fts5(text, content='document_page_text', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER document_page_text_ai AFTER INSERT ON document_page_text BEGIN "
                   "INSERT INTO document_page_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER document_page_text_ad AFTER DELETE ON document_page_text BEGIN "
                   "INSERT INTO document_page_fts(document_page_fts, rowid, text) VALUES ('delete', old.id, "
                   "old.text); END")
        op.execute("CREATE TRIGGER document_page_text_au AFTER UPDATE ON document_page_text BEGIN "
                   "INSERT INTO document_page_fts(document_page_fts, rowid, text) VALUES ('delete', old.id, "
                   "old.text); INSERT INTO document_page_fts(rowid, text) VALUES (new.id, new.text); END")

    with op.batch_alter_table('bundle_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('bundle_version', schema=None) as batch_op:
        batch_op.drop_column('size')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX ix_document_page_text_search")
    else:
        for trigger in ('ai', 'ad', 'au'):
            op.execute(f"DROP TRIGGER document_page_text_{trigger}")
        op.execute("DROP TABLE document_page_fts")
    with op.batch_alter_table('document_page_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_page_text_case_id'))
        batch_op.drop_index(batch_op.f('ix_document_page_text_document_id'))
    op.drop_table('document_page_text')
    with op.batch_alter_table('redaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_document_id'))
    op.drop_table('redaction')
