"""an index of edge keys by length, so the automatic edge key reads one row

Index ``ix_edge_key_length`` on ``edge (debate_id, length(key), key)``: the highest ``eN``
of a debate is the first ``eN`` key in descending (length, key) order, found without
reading every edge key.

Revision ID: 0007_edge_key_order
Revises: 0004_documents
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_edge_key_order'
down_revision = '0004_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_edge_key_length', 'edge',
                    ['debate_id', sa.text('length(key)'), 'key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_edge_key_length', table_name='edge')
