"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 15:59:47.270231
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('debate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate')),
    sa.UniqueConstraint('slug', name=op.f('uq_debate_slug'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('name', name=op.f('uq_user_name'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_api_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('debate_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_debate_role_debate_id_debate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_debate_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_role')),
    sa.UniqueConstraint('debate_id', 'user_id', name=op.f('uq_debate_role_debate_id_user_id'))
    )
    with op.batch_alter_table('debate_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_role_debate_id'), ['debate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_debate_role_user_id'), ['user_id'], unique=False)

    op.create_table('node',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('asserted_by', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_node_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_node')),
    sa.UniqueConstraint('debate_id', 'key', name=op.f('uq_node_debate_id_key'))
    )
    with op.batch_alter_table('node', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_node_debate_id'), ['debate_id'], unique=False)

    op.create_table('party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('acceptance_revision', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_party_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party')),
    sa.UniqueConstraint('debate_id', 'key', name=op.f('uq_party_debate_id_key'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_debate_id'), ['debate_id'], unique=False)

    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_revision_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision')),
    sa.UniqueConstraint('debate_id', 'number', name=op.f('uq_revision_debate_id_number'))
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_debate_id'), ['debate_id'], unique=False)

    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('venue', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_source_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('debate_id', 'key', name=op.f('uq_source_debate_id_key'))
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_debate_id'), ['debate_id'], unique=False)

    op.create_table('acceptance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.String(length=80), nullable=False),
    sa.Column('item', sa.String(length=85), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id', 'party'], ['party.debate_id', 'party.key'], name=op.f('fk_acceptance_debate_id_party_party'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_acceptance_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acceptance')),
    sa.UniqueConstraint('debate_id', 'party', 'item', name=op.f('uq_acceptance_debate_id_party_item'))
    )
    with op.batch_alter_table('acceptance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acceptance_debate_id'), ['debate_id'], unique=False)

    op.create_table('edge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=80), nullable=False),
    sa.Column('target', sa.String(length=80), nullable=True),
    sa.Column('target_edge', sa.String(length=80), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('asserted_by', sa.JSON(), nullable=False),
    sa.CheckConstraint('(target IS NULL) <> (target_edge IS NULL)', name=op.f('ck_edge_one_target')),
    sa.ForeignKeyConstraint(['debate_id', 'source'], ['node.debate_id', 'node.key'], name=op.f('fk_edge_debate_id_source_node')),
    sa.ForeignKeyConstraint(['debate_id', 'target'], ['node.debate_id', 'node.key'], name=op.f('fk_edge_debate_id_target_node')),
    sa.ForeignKeyConstraint(['debate_id', 'target_edge'], ['edge.debate_id', 'edge.key'], name=op.f('fk_edge_debate_id_target_edge_edge')),
    sa.ForeignKeyConstraint(['debate_id'], ['debate.id'], name=op.f('fk_edge_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edge')),
    sa.UniqueConstraint('debate_id', 'key', name=op.f('uq_edge_debate_id_key'))
    )
    with op.batch_alter_table('edge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edge_debate_id'), ['debate_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('edge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edge_debate_id'))

    op.drop_table('edge')
    with op.batch_alter_table('acceptance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acceptance_debate_id'))

    op.drop_table('acceptance')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_debate_id'))

    op.drop_table('source')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_debate_id'))

    op.drop_table('revision')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_debate_id'))

    op.drop_table('party')
    with op.batch_alter_table('node', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_node_debate_id'))

    op.drop_table('node')
    with op.batch_alter_table('debate_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_role_user_id'))
        batch_op.drop_index(batch_op.f('ix_debate_role_debate_id'))

    op.drop_table('debate_role')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    op.drop_table('user')
    op.drop_table('debate')
