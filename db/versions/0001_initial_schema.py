"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 02:22:22.860607
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('mime', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('detail_json', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('fact_definition',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=True),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('source_department', sa.String(length=64), nullable=True),
    sa.Column('declared_by', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('industry',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('section', sa.String(length=1), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('payload_json', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_state'), ['state'], unique=False)

    op.create_table('region',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=8), nullable=True),
    sa.Column('abolished', sa.Date(), nullable=True),
    sa.Column('successor_code', sa.String(length=8), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('sync_cursor',
    sa.Column('stream', sa.String(length=32), nullable=False),
    sa.Column('cursor', sa.String(length=128), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('stream')
    )
    op.create_table('enterprise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_rep', sa.String(length=64), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('industry_code', sa.String(length=8), nullable=True),
    sa.Column('reg_type', sa.String(length=64), nullable=True),
    sa.Column('is_individual', sa.Boolean(), nullable=False),
    sa.Column('established', sa.Date(), nullable=True),
    sa.Column('registered_capital_fen', sa.BigInteger(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('insured_employees', sa.Integer(), nullable=True),
    sa.Column('revenue_fen', sa.BigInteger(), nullable=True),
    sa.Column('total_assets_fen', sa.BigInteger(), nullable=True),
    sa.Column('tax_credit_rating', sa.String(length=1), nullable=True),
    sa.Column('dishonest', sa.Boolean(), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('size_class', sa.String(length=8), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credit_code')
    )

    op.create_table('hall',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('policy_document',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('doc_no', sa.String(length=128), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issuer', sa.String(length=128), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('clerk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('hall_code', sa.String(length=16), nullable=False),
    sa.Column('window', sa.String(length=16), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('offline_verifier', sa.Text(), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['hall_code'], ['hall.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('enterprise_fact',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('fact_name', sa.String(length=64), nullable=False),
    sa.Column('valid_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['fact_name'], ['fact_definition.name'], ),
    sa.PrimaryKeyConstraint('enterprise_id', 'fact_name', 'valid_on')
    )
    op.create_table('enterprise_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=64), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enterprise_id', 'tag', 'valid_from')
    )
    with op.batch_alter_table('enterprise_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_tag_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_tag_tag'), ['tag'], unique=False)

    op.create_table('policy_item',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['policy_document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('policy_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_item_document_id'), ['document_id'], unique=False)

    op.create_table('application',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('item_version', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('hall_code', sa.String(length=16), nullable=True),
    sa.Column('window', sa.String(length=16), nullable=True),
    sa.Column('agent_name', sa.String(length=64), nullable=True),
    sa.Column('agent_id_enc', sa.LargeBinary(), nullable=True),
    sa.Column('agent_phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('agent_id_masked', sa.String(length=32), nullable=True),
    sa.Column('agent_phone_masked', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('trace_json', sa.Text(), nullable=False),
    sa.Column('benefit_amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('benefit_text', sa.Text(), nullable=True),
    sa.Column('receipt_no', sa.String(length=40), nullable=True),
    sa.Column('deferred_deadline', sa.Date(), nullable=True),
    sa.Column('server_verdict_json', sa.Text(), nullable=True),
    sa.Column('sync_state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['hall_code'], ['hall.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_no')
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index('ix_application_enterprise_item', ['enterprise_id', 'item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_status'), ['status'], unique=False)

    op.create_table('policy_item_version',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('department', sa.String(length=128), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('apply_from', sa.Date(), nullable=True),
    sa.Column('apply_to', sa.Date(), nullable=True),
    sa.Column('promised_days', sa.Integer(), nullable=True),
    sa.Column('allows_deferred', sa.Boolean(), nullable=False),
    sa.Column('benefit_json', sa.Text(), nullable=False),
    sa.Column('rule_json', sa.Text(), nullable=False),
    sa.Column('tests_json', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['policy_item.id'], ),
    sa.PrimaryKeyConstraint('item_id', 'version')
    )
    op.create_table('application_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('received', sa.Boolean(), nullable=False),
    sa.Column('originals', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('attachment_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['attachment_sha256'], ['attachment.sha256'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_material_application_id'), ['application_id'], unique=False)

    op.create_table('application_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('hall_code', sa.String(length=16), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('application_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_status_application_id'), ['application_id'], unique=False)

    op.create_table('policy_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('originals', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['item_id', 'version'], ['policy_item_version.item_id', 'policy_item_version.version'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'version', 'seq')
    )
    op.create_table('receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('receipt_no', sa.String(length=40), nullable=True),
    sa.Column('layout', sa.String(length=8), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_application_id'), ['application_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_application_id'))

    op.drop_table('receipt')
    op.drop_table('policy_material')
    with op.batch_alter_table('application_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status_application_id'))

    op.drop_table('application_status')
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_material_application_id'))

    op.drop_table('application_material')
    op.drop_table('policy_item_version')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status'))
        batch_op.drop_index('ix_application_enterprise_item')

    op.drop_table('application')
    with op.batch_alter_table('policy_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_item_document_id'))

    op.drop_table('policy_item')
    with op.batch_alter_table('enterprise_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_tag_tag'))
        batch_op.drop_index(batch_op.f('ix_enterprise_tag_enterprise_id'))

    op.drop_table('enterprise_tag')
    op.drop_table('enterprise_fact')
    op.drop_table('clerk')
    op.drop_table('policy_document')
    op.drop_table('hall')

    op.drop_table('enterprise')
    op.drop_table('sync_cursor')
    op.drop_table('region')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_entity_id'))

    op.drop_table('outbox')
    op.drop_table('industry')
    op.drop_table('fact_definition')
    op.drop_table('audit_log')
    op.drop_table('attachment')
