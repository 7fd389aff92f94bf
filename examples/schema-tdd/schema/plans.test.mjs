// Performance requirements as plan assertions (pgtestbed/schema): the planner must choose the
// index a query was written for, on enough rows that a sequential scan would be its default.
// No stopwatch, so no flaky thresholds on a busy CI machine.
// Run: npx pgtestbed run -- node --test schema/
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
import { expectQuery, explainQuery } from 'pgtestbed/schema'

/** 20 000 queries (1 in 100 tagged "performance", 1 in 50 inactive), 20 000 executions over 2026, schedules; ANALYZE. */
async function load(db) {
  await db.query(`
    INSERT INTO tb_endpoint (name, url) SELECT 'e' || i, 'https://e' || i || '.example.com' FROM generate_series(1, 20) AS i;
    INSERT INTO tb_query (name, query_text, tags, metadata, created_by, is_active)
      SELECT 'q' || i, 'query { q' || i || ' }',
             jsonb_build_array(CASE WHEN i % 100 = 0 THEN 'performance' ELSE 'smoke' END, 'cat-' || i % 7),
             jsonb_build_object('team', 'team-' || i % 40),
             'author-' || i % 200, i % 50 <> 0
      FROM generate_series(1, 20000) AS i;
    INSERT INTO tb_execution (fk_query, fk_endpoint, execution_start, status, response_time_ms)
      SELECT q.pk_query, e.pk_endpoint, timestamptz '2026-01-01' + (i * interval '26 minutes'),
             CASE WHEN i % 10 = 0 THEN 'error' ELSE 'success' END, i % 900
      FROM generate_series(1, 20000) AS i
      JOIN LATERAL (SELECT pk_query FROM tb_query WHERE name = 'q' || (i % 20000 + 1)) q ON true
      JOIN LATERAL (SELECT pk_endpoint FROM tb_endpoint WHERE name = 'e' || (i % 20 + 1)) e ON true;
    INSERT INTO tb_schedule (fk_query, fk_endpoint, cron_expression, next_run_at, is_active)
      SELECT q.pk_query, e.pk_endpoint, '@hourly', timestamptz '2026-06-01' + i * interval '1 minute', i % 3 <> 0
      FROM generate_series(1, 5000) AS i
      JOIN tb_query q ON q.name = 'q' || i
      JOIN tb_endpoint e ON e.name = 'e' || (i % 20 + 1);
    ANALYZE;
  `)
}

// The planner's estimate for JSONB containment is a fixed guess, so on a table this size it may
// still prefer reading it whole; turning sequential scans off for that one EXPLAIN asks what
// matters here: can this query use the GIN index at all (right operator class, right operator)?
const indexOnly = { settings: { enable_seqscan: 'off' } }

test(
  'tag and metadata search use the GIN indexes',
  withDatabase(async (db) => {
    await load(db)
    await expectQuery(
      db,
      `SELECT name FROM tb_query WHERE tags @> '["performance"]'`,
      [],
      indexOnly,
    ).toUseIndex('idx_query_tags_gin')
    await expectQuery(
      db,
      `SELECT count(*) FROM tb_query WHERE metadata @> '{"team": "team-3"}'`,
      [],
      indexOnly,
    ).toUseIndex('idx_query_metadata_gin')
    // `?` (key or element exists) is served by jsonb_ops, the default operator class.
    await expectQuery(db, `SELECT name FROM tb_query WHERE tags ? 'performance'`, [], indexOnly).toUseIndex(
      'idx_query_tags_gin',
    )
  }),
)

test(
  'the partial indexes serve the queries they were written for (the planner chooses them)',
  withDatabase(async (db) => {
    await load(db)
    // An author's active queries, newest first (inactive rows are not in the index).
    await expectQuery(
      db,
      'SELECT name FROM tb_query WHERE is_active AND created_by = $1 ORDER BY created_at DESC LIMIT 20',
      ['author-7'],
    ).toUseIndex('idx_query_active_by_author')
    // Due schedules.
    await expectQuery(
      db,
      'SELECT pk_schedule FROM tb_schedule WHERE is_active AND next_run_at <= $1 ORDER BY next_run_at LIMIT 50',
      ['2026-06-01T01:00:00Z'],
    ).toUseIndex('idx_schedule_due')
    // An endpoint's slowest successful executions: the partial index on each month.
    await expectQuery(
      db,
      `SELECT response_time_ms FROM tb_execution WHERE status = 'success' AND fk_endpoint = (SELECT pk_endpoint FROM tb_endpoint WHERE name = $1) ORDER BY response_time_ms DESC LIMIT 5`,
      ['e3'],
    ).toUseIndex('tb_execution_y2026m03_fk_endpoint_response_time_ms_idx')
  }),
)

test(
  'a query on one month reads only that month (partition pruning)',
  withDatabase(async (db) => {
    await load(db)
    const plan = await explainQuery(
      db,
      `SELECT count(*) FROM tb_execution WHERE execution_start >= '2026-03-01T00:00:00Z' AND execution_start < '2026-04-01T00:00:00Z'`,
    )
    const read = new Set(plan.nodes.map((node) => node.relation).filter((relation) => relation !== null))
    assert.deepEqual([...read], ['tb_execution_y2026m03'])
  }),
)
