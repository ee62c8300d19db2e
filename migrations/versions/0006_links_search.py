"""links across debates, their history, and the full-text index of nodes

Tables ``link`` and ``link_revision``; the full-text index (SQLite: FTS5 table ``node_fts``
with triggers; PostgreSQL: generated ``node.search`` tsvector with a GIN index), made by
:func:`kb.store.fts.install`.

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005_sign_in'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_debate_id', sa.Integer(), nullable=False),
    sa.Column('source_node', sa.String(length=80), nullable=False),
    sa.Column('target_debate_id', sa.Integer(), nullable=False),
    sa.Column('target_node', sa.String(length=80), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_debate_id'], ['debate.id'],
                            name=op.f('fk_link_source_debate_id_debate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_debate_id'], ['debate.id'],
                            name=op.f('fk_link_target_debate_id_debate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link')),
    sa.UniqueConstraint('source_debate_id', 'source_node', 'target_debate_id', 'target_node',
                        name=op.f('uq_link_source_debate_id_source_node_target_debate_id_target_node'))
    )
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_source_debate_id'), ['source_debate_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_link_target_debate_id'), ['target_debate_id'],
                              unique=False)
    op.create_table('link_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_revision'))
    )
    with op.batch_alter_table('link_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_revision_link_id'), ['link_id'], unique=False)
    from kb.store.fts import install

    install(op.get_bind())


def downgrade() -> None:
    from kb.store.fts import uninstall

    uninstall(op.get_bind())
    with op.batch_alter_table('link_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_revision_link_id'))
    op.drop_table('link_revision')
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_target_debate_id'))
        batch_op.drop_index(batch_op.f('ix_link_source_debate_id'))
    op.drop_table('link')
