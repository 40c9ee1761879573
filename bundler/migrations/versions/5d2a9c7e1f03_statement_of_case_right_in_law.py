"""Statement of case right in law: the extended flag and issues on the case, appellant kind; job titles and
authorised signatories; the team's address for documents; the authority's position, signatory, decision without a
hearing and filed response

Revision ID: 5d2a9c7e1f03
Revises: e5a1d7c3b9f2
Create Date: 2026-12-02 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5d2a9c7e1f03'
down_revision = 'e5a1d7c3b9f2'
branch_labels = None
depends_on = None

HEALTH_AND_CARE = '["C", "D", "G", "H1", "H2"]'
# The issues each old appeal type stood for; an old "extended" case was a contents appeal with the flag.
ISSUES = {"contents": '["B", "F"]', "extended": '["B", "F"]', "section_i": '["I"]',
          "refusal_to_amend": '["B", "F"]'}


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extended_sections', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('issues', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('appellant_kind', sa.String(length=30), nullable=False,
                                      server_default='parent'))
    case = sa.table('case', sa.column('appeal_type', sa.String), sa.column('extended_sections', sa.JSON),
                    sa.column('issues', sa.JSON))
    for appeal_type, issues in ISSUES.items():
        op.execute(case.update().where(case.c.appeal_type == appeal_type)
                   .values(issues=sa.literal_column(f"'{issues}'")))
    op.execute(case.update().where(case.c.appeal_type == 'extended')
               .values(appeal_type='contents', extended_sections=sa.literal_column(f"'{HEALTH_AND_CARE}'")))
    with op.batch_alter_table('statement_of_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.String(length=30), nullable=False, server_default='opposes'))
        batch_op.add_column(sa.Column('conceded', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('filed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('filed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('filed_sha256', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_statement_of_case_filed_by_id_user'), 'user', ['filed_by_id'],
                                    ['id'])
        batch_op.add_column(sa.Column('signatory_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_statement_of_case_signatory_id_user'), 'user', ['signatory_id'],
                                    ['id'])
        batch_op.add_column(sa.Column('paper_decision', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_title', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('authorised_signatory', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_address', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('document_address')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('authorised_signatory')
        batch_op.drop_column('job_title')
    with op.batch_alter_table('statement_of_case', schema=None) as batch_op:
        batch_op.drop_column('paper_decision')
        batch_op.drop_constraint(batch_op.f('fk_statement_of_case_signatory_id_user'), type_='foreignkey')
        batch_op.drop_column('signatory_id')
        batch_op.drop_constraint(batch_op.f('fk_statement_of_case_filed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('filed_by_id')
        batch_op.drop_column('filed_sha256')
        batch_op.drop_column('filed_on')
        batch_op.drop_column('conceded')
        batch_op.drop_column('position')
    case = sa.table('case', sa.column('appeal_type', sa.String), sa.column('extended_sections', sa.JSON))
    op.execute(case.update().where(sa.cast(case.c.extended_sections, sa.String) != '[]')
               .where(case.c.appeal_type == 'contents').values(appeal_type='extended'))
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('appellant_kind')
        batch_op.drop_column('issues')
        batch_op.drop_column('extended_sections')
