"""Initial schema of the central server.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_counter',
    sa.Column('stream', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('stream')
    )
    op.create_table('enterprise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_rep', sa.String(length=100), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('industry_code', sa.String(length=8), nullable=True),
    sa.Column('reg_type', sa.String(length=64), nullable=True),
    sa.Column('established', sa.Date(), nullable=True),
    sa.Column('registered_capital_fen', sa.BigInteger(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('insured_employees', sa.Integer(), nullable=True),
    sa.Column('revenue_fen', sa.BigInteger(), nullable=True),
    sa.Column('total_assets_fen', sa.BigInteger(), nullable=True),
    sa.Column('tax_credit_rating', sa.String(length=2), nullable=True),
    sa.Column('dishonest', sa.Boolean(), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credit_code')
    )
    op.create_index('ix_enterprise_change_seq', 'enterprise', ['change_seq'], unique=False)
    op.create_table('fact_definition',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('declared_by', sa.String(length=200), nullable=True),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_index('ix_fact_definition_change_seq', 'fact_definition', ['change_seq'], unique=False)
    op.create_table('hall',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('client_addr', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_login_failure_who', 'login_failure', ['username', 'client_addr', 'at'], unique=False)
    op.create_table('policy_document',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('server_setting',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('clerk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('hall_code', sa.String(length=32), nullable=False),
    sa.Column('window', sa.String(length=32), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['hall.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('enterprise_fact',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('valid_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id', 'name', 'valid_on')
    )
    op.create_table('enterprise_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=100), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_enterprise_tag_enterprise_id', 'enterprise_tag', ['enterprise_id'], unique=False)
    op.create_table('policy_item',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['policy_document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_policy_item_document_id', 'policy_item', ['document_id'], unique=False)
    op.create_table('application',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('item_version', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('blocking', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('hall_code', sa.String(length=32), nullable=False),
    sa.Column('window', sa.String(length=32), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('receipt_no', sa.String(length=64), nullable=True),
    sa.Column('benefit_amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('deferred_deadline', sa.Date(), nullable=True),
    sa.Column('materials_json', sa.Text(), nullable=False),
    sa.Column('agent_name', sa.String(length=100), nullable=True),
    sa.Column('agent_id_enc', sa.LargeBinary(), nullable=True),
    sa.Column('agent_phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('client_trace_json', sa.Text(), nullable=True),
    sa.Column('server_trace_json', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.ForeignKeyConstraint(['hall_code'], ['hall.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_application_change_seq', 'application', ['change_seq'], unique=False)
    op.create_index('ix_application_credit_code', 'application', ['credit_code'], unique=False)
    op.create_index('ix_application_hall_seq', 'application', ['hall_code', 'change_seq'], unique=False)
    op.create_index('uq_application_open', 'application', ['credit_code', 'item_id'], unique=True, sqlite_where=sa.text('blocking'), postgresql_where=sa.text('blocking'))
    op.create_table('attachment',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('total_size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['uploaded_by'], ['clerk.id'], ),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('auth_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=False),
    sa.Column('device_key_id', sa.String(length=64), nullable=True),
    sa.Column('client_addr', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_auth_token_clerk_id', 'auth_token', ['clerk_id'], unique=False)
    op.create_table('device',
    sa.Column('key_id', sa.String(length=64), nullable=False),
    sa.Column('public_key', sa.String(length=100), nullable=False),
    sa.Column('hall_code', sa.String(length=32), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.ForeignKeyConstraint(['hall_code'], ['hall.code'], ),
    sa.PrimaryKeyConstraint('key_id')
    )
    op.create_table('outbox_receipt',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=128), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('hall_code', sa.String(length=32), nullable=True),
    sa.Column('result_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('policy_item_version',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['policy_item.id'], ),
    sa.PrimaryKeyConstraint('item_id', 'version')
    )
    op.create_index('ix_policy_item_version_change_seq', 'policy_item_version', ['change_seq'], unique=False)
    op.create_table('application_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=True),
    sa.Column('hall_code', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_application_event_application_id', 'application_event', ['application_id'], unique=False)
    op.create_table('attachment_chunk',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('start', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['attachment.sha256'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', 'start')
    )
    counters = sa.table("change_counter", sa.column("stream", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"stream": s, "value": 0} for s in ("policies", "facts", "enterprises", "applications")])


def downgrade() -> None:
    op.drop_table('attachment_chunk')
    op.drop_index('ix_application_event_application_id', table_name='application_event')
    op.drop_table('application_event')
    op.drop_index('ix_policy_item_version_change_seq', table_name='policy_item_version')
    op.drop_table('policy_item_version')
    op.drop_table('outbox_receipt')
    op.drop_table('device')
    op.drop_index('ix_auth_token_clerk_id', table_name='auth_token')
    op.drop_table('auth_token')
    op.drop_table('attachment')
    op.drop_index('uq_application_open', table_name='application')
    op.drop_index('ix_application_hall_seq', table_name='application')
    op.drop_index('ix_application_credit_code', table_name='application')
    op.drop_index('ix_application_change_seq', table_name='application')
    op.drop_table('application')
    op.drop_index('ix_policy_item_document_id', table_name='policy_item')
    op.drop_table('policy_item')
    op.drop_index('ix_enterprise_tag_enterprise_id', table_name='enterprise_tag')
    op.drop_table('enterprise_tag')
    op.drop_table('enterprise_fact')
    op.drop_table('clerk')
    op.drop_table('server_setting')
    op.drop_table('policy_document')
    op.drop_index('ix_login_failure_who', table_name='login_failure')
    op.drop_table('login_failure')
    op.drop_table('hall')
    op.drop_index('ix_fact_definition_change_seq', table_name='fact_definition')
    op.drop_table('fact_definition')
    op.drop_index('ix_enterprise_change_seq', table_name='enterprise')
    op.drop_table('enterprise')
    op.drop_table('change_counter')
