"""Redactions of documents

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


def downgrade():
    with op.batch_alter_table('redaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_document_id'))
    op.drop_table('redaction')
