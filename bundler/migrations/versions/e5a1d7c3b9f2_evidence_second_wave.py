"""Evidence, second wave: OCR state, keep-here order, dates left blank, senders' notes, section notes, late evidence

Revision ID: e5a1d7c3b9f2
Revises: d7a1c3e5f902
Create Date: 2026-12-02 14:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a1d7c3b9f2'
down_revision = 'd7a1c3e5f902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.alter_column('document_date', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('keep_position', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('keep_reason', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ocr_status', sa.String(length=20), nullable=False, server_default=''))
    with op.batch_alter_table('bundle_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_choice', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('direction_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('base_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_bundle_version_base_version_id', 'bundle_version', ['base_version_id'],
                                    ['id'])
    op.create_table(
        'section_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('send7_made', sa.Boolean(), nullable=False),
        sa.Column('send7_date', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'section'),
    )
    with op.batch_alter_table('section_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_note_case_id'), ['case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('section_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_note_case_id'))
    op.drop_table('section_note')
    with op.batch_alter_table('bundle_version', schema=None) as batch_op:
        batch_op.drop_constraint('fk_bundle_version_base_version_id', type_='foreignkey')
        batch_op.drop_column('base_version_id')
        batch_op.drop_column('direction_date')
        batch_op.drop_column('late_choice')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('ocr_status')
        batch_op.drop_column('note')
        batch_op.drop_column('keep_reason')
        batch_op.drop_column('keep_position')
        batch_op.alter_column('document_date', existing_type=sa.Date(), nullable=False)
