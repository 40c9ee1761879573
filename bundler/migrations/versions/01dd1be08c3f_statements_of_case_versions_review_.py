"""statements of case, versions, review comments, template override

Revision ID: 01dd1be08c3f
Revises: a4ff493811d7
Create Date: 2026-11-23 09:35:00.548532

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01dd1be08c3f'
down_revision = 'a4ff493811d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('statement_template_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user.id'], name=op.f('fk_statement_template_override_saved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_template_override'))
    )

    op.create_table('statement_of_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'with_legal', 'changes_requested', 'approved', name='statementstate', native_enum=False, length=30), nullable=False),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_bundle_version', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_statement_of_case_approved_by_id_user')),
    sa.ForeignKeyConstraint(['based_on_id'], ['statement_of_case.id'], name=op.f('fk_statement_of_case_based_on_id_statement_of_case')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_statement_of_case_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_statement_of_case_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_of_case'))
    )
    with op.batch_alter_table('statement_of_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_of_case_case_id'), ['case_id'], unique=False)

    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('part_key', sa.String(length=40), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_review_comment_answered_by_id_user')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_review_comment_author_id_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement_of_case.id'], name=op.f('fk_review_comment_statement_id_statement_of_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_statement_id'), ['statement_id'], unique=False)

    op.create_table('statement_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user.id'], name=op.f('fk_statement_version_saved_by_id_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement_of_case.id'], name=op.f('fk_statement_version_statement_id_statement_of_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_version')),
    sa.UniqueConstraint('statement_id', 'number', name=op.f('uq_statement_version_statement_id'))
    )
    with op.batch_alter_table('statement_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_version_statement_id'), ['statement_id'], unique=False)


def downgrade():
    for table in ("statement_version", "review_comment", "statement_of_case"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{'case_id' if table == 'statement_of_case' else 'statement_id'}"))
        op.drop_table(table)
    op.drop_table("statement_template_override")
