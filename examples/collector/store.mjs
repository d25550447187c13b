// The collector's storage, behind one small interface so that a team can point it at a server
// database when it outgrows the embedded one. This one is PGlite: PostgreSQL compiled to WebAssembly,
// installed from npm with no native build, persisted to a folder (or kept in memory).
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'

const SCHEMA = `
create table if not exists events (
  id text primary key,
  time timestamptz not null,
  received_at timestamptz not null default now(),
  kind text not null,
  name text,
  phase text,
  rule text,
  model text,
  anonymous_id text,
  session_id text,
  channel text,
  url text,
  batch_id text,
  body jsonb not null
);
create index if not exists events_visitor on events (anonymous_id, time);
create table if not exists batches (
  seq serial primary key,
  batch_id text,
  received_at timestamptz not null default now(),
  events int not null,
  inserted int not null,
  dropped jsonb
);`

/**
 * Opens (and creates) the event store.
 * @param {{ dataDir?: string }} [options] a folder to persist to; in memory when absent
 */
export async function openStore({ dataDir } = {}) {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = new PGlite(dataDir)
  await db.exec(SCHEMA)
  return {
    /**
     * Stores one batch. Events whose id is already stored are skipped, so a resend counts once.
     * @param {{ batchId?: string, dropped?: object, batch: object[] }} batch a validated batch
     * @returns {Promise<{ inserted: number, duplicates: number }>}
     */
    async insertBatch({ batchId = null, dropped = null, batch }) {
      const res = await db.query(
        `insert into events (id, time, kind, name, phase, rule, model, anonymous_id, session_id, channel, url, batch_id, body)
         select e->>'id', (e->>'time')::timestamptz, e->>'kind', e->>'name', e->>'phase', e->>'rule', e->>'model',
                e->>'anonymousId', e->>'sessionId', e->>'channel', e->>'url', $2, e
         from jsonb_array_elements($1::jsonb) e
         on conflict (id) do nothing`,
        [JSON.stringify(batch), batchId],
      )
      const inserted = res.affectedRows ?? 0
      await db.query('insert into batches (batch_id, events, inserted, dropped) values ($1, $2, $3, $4)', [
        batchId,
        batch.length,
        inserted,
        dropped && JSON.stringify(dropped),
      ])
      return { inserted, duplicates: batch.length - inserted }
    },
    /**
     * Stored events in time order, as they arrived (the `body` of each).
     * @param {{ anonymousId?: string, limit?: number }} [filter]
     */
    async events({ anonymousId, limit = 100000 } = {}) {
      const res = await db.query(
        `select body from events where ($1::text is null or anonymous_id = $1) order by time, received_at limit $2`,
        [anonymousId ?? null, limit],
      )
      return res.rows.map((r) => r.body)
    },
    /** Received batches, oldest first: ids, counts and reported drops. */
    async batches() {
      const res = await db.query('select batch_id, events, inserted, dropped from batches order by seq')
      return res.rows
    },
    /** Runs a read-only SQL query; for the dashboard and for tests. */
    async query(sql, params = []) {
      return (await db.query(sql, params)).rows
    },
    close: () => db.close(),
  }
}
