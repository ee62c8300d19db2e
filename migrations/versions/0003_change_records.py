"""change records: stances recorded one by one; indexes for single writes

A Revision now records each party's stance on each item as its own entry
(``stance:PARTY:ITEM`` -> stance), so a change of one stance records that stance only;
older records of a party's whole acceptance (``acceptance:PARTY`` -> {item: stance}) are
split into the stances that changed. Indexes let a single write find the edges resting on
an item, the stances naming it and the last position without reading the whole debate.

Revision ID: 0003_change_records
Revises: 0006
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0003_change_records'
down_revision = '0006'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_edge_source', 'edge', ['debate_id', 'source']),
    ('ix_edge_target', 'edge', ['debate_id', 'target']),
    ('ix_edge_target_edge', 'edge', ['debate_id', 'target_edge']),
    ('ix_edge_position', 'edge', ['debate_id', 'position']),
    ('ix_node_position', 'node', ['debate_id', 'position']),
    ('ix_party_position', 'party', ['debate_id', 'position']),
    ('ix_source_position', 'source', ['debate_id', 'position']),
    ('ix_acceptance_item', 'acceptance', ['debate_id', 'item']),
]
RECORDS = sa.table('revision', sa.column('id', sa.Integer), sa.column('debate_id', sa.Integer),
                   sa.column('number', sa.Integer), sa.column('before', sa.JSON),
                   sa.column('after', sa.JSON))


def _split(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any],
                                                                  dict[str, Any]]:
    """Replace whole-acceptance entries by the stances that differ."""
    old = {k: v for k, v in before.items() if not k.startswith('acceptance:')}
    new = {k: v for k, v in after.items() if not k.startswith('acceptance:')}
    for ident in sorted({k for k in (*before, *after) if k.startswith('acceptance:')}):
        party = ident.partition(':')[2]
        was, now = before.get(ident) or {}, after.get(ident) or {}
        for item in sorted(set(was) | set(now)):
            if was.get(item) != now.get(item):
                old[f'stance:{party}:{item}'] = was.get(item)
                new[f'stance:{party}:{item}'] = now.get(item)
    return old, new


def _join(before: dict[str, Any], after: dict[str, Any], acceptance: dict[str, dict[str, str]],
          ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace stance entries by whole acceptances, `acceptance` being the state before."""
    old = {k: v for k, v in before.items() if not k.startswith('stance:')}
    new = {k: v for k, v in after.items() if not k.startswith('stance:')}
    for ident in sorted(k for k in after if k.startswith('stance:')):
        party, _, item = ident[len('stance:'):].partition(':')
        was = acceptance.setdefault(party, {})
        old.setdefault(f'acceptance:{party}', dict(was) or None)
        if after[ident] is None:
            was.pop(item, None)
        else:
            was[item] = after[ident]
        new[f'acceptance:{party}'] = dict(sorted(was.items())) or None
    return old, new


def _rewrite(join: bool) -> None:
    bind = op.get_bind()
    found = bind.execute(sa.select(RECORDS).order_by(RECORDS.c.debate_id, RECORDS.c.number))
    acceptance: dict[int, dict[str, dict[str, str]]] = {}
    for row in found.mappings().all():
        before, after = dict(row['before'] or {}), dict(row['after'] or {})
        if join:
            # Replayed in order from the first record, which holds the whole debate.
            new = _join(before, after, acceptance.setdefault(row['debate_id'], {}))
        else:
            new = _split(before, after)
        if new != (before, after):
            bind.execute(RECORDS.update().where(RECORDS.c.id == row['id'])
                         .values(before=new[0], after=new[1]))


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    _rewrite(join=False)


def downgrade() -> None:
    _rewrite(join=True)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
