"""Where a document's date came from when it was read from the file (its first page, or the file's details)

Revision ID: f2c8a4e6b1d3
Revises: b8d2f4a6c1e3
Create Date: 2026-12-03 07:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2c8a4e6b1d3'
down_revision = 'b8d2f4a6c1e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_source', sa.String(length=20), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('date_source')
