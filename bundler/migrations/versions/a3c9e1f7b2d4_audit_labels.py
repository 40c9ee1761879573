"""The audit log names what was touched ("Bundle version 3 of EH999/25/00001"), kept when the object is gone

Revision ID: a3c9e1f7b2d4
Revises: 8f4b2d6a1c57
Create Date: 2026-12-03 08:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3c9e1f7b2d4'
down_revision = '8f4b2d6a1c57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('object_label', sa.String(length=200), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('object_label')
