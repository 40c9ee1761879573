"""The legal reviewer's queue, versions made in one sitting, and how a direction's date was worked out: when a
statement was sent to legal services, until when a version takes more saves from its author, a direction's detail

Revision ID: 8f4b2d6a1c57
Revises: 5d2a9c7e1f03
Create Date: 2026-12-02 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8f4b2d6a1c57'
down_revision = '5d2a9c7e1f03'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('statement_of_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_to_legal_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('statement_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open_until', sa.DateTime(), nullable=True))
    with op.batch_alter_table('direction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('direction', schema=None) as batch_op:
        batch_op.drop_column('detail')
    with op.batch_alter_table('statement_version', schema=None) as batch_op:
        batch_op.drop_column('open_until')
    with op.batch_alter_table('statement_of_case', schema=None) as batch_op:
        batch_op.drop_column('sent_to_legal_at')
