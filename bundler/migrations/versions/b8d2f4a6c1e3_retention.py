"""Retention: the date a case closed, when its documents were destroyed, the authority's retention policy and the
record of each destruction

Revision ID: b8d2f4a6c1e3
Revises: a3c9e1f7b2d4
Create Date: 2026-12-03 08:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8d2f4a6c1e3'
down_revision = 'a3c9e1f7b2d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('documents_destroyed_at', sa.DateTime(), nullable=True))
    op.create_table(
        'retention_policy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=20), nullable=False),
        sa.Column('age', sa.Integer(), nullable=False),
        sa.Column('years', sa.Integer(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_retention_policy_changed_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_policy')),
    )
    op.create_table(
        'document_destruction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_reference', sa.String(length=20), nullable=False),
        sa.Column('destroyed_at', sa.DateTime(), nullable=False),
        sa.Column('destroyed_by_id', sa.Integer(), nullable=True),
        sa.Column('policy', sa.Text(), nullable=False),
        sa.Column('review_date', sa.Date(), nullable=True),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['destroyed_by_id'], ['user.id'],
                                name=op.f('fk_document_destruction_destroyed_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_destruction')),
    )
    with op.batch_alter_table('document_destruction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_destruction_case_reference'), ['case_reference'], unique=False)


def downgrade():
    with op.batch_alter_table('document_destruction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_destruction_case_reference'))
    op.drop_table('document_destruction')
    op.drop_table('retention_policy')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('documents_destroyed_at')
        batch_op.drop_column('closed_on')
