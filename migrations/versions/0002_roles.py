"""roles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roles',
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'name')
    )
    with op.batch_alter_table('casbin_rule', schema=None) as batch_op:
        batch_op.create_index('ix_casbin_rule_g_domain', ['ptype', 'v2'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('casbin_rule', schema=None) as batch_op:
        batch_op.drop_index('ix_casbin_rule_g_domain')

    op.drop_table('roles')
