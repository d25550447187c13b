// The collector's schema, as the steps that build it, and the code that brings a database up to the
// last step when a collector starts. The version a database is at is recorded in it.

/**
 * Schema steps, in order; step n takes a database from version n to n + 1. Append, never edit: a
 * database that ran a step does not run it again.
 */
export const MIGRATIONS = [
  // 1. The tables of the first collector, which had no version table: `if not exists` adopts them.
  `create table if not exists events (
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
   );`,
  // 2. Every dashboard figure is filtered by a range of times.
  `create index if not exists events_time on events (time);`,
  // 3. The dashboard's site filter: the host of the page each event was on (port included, lower
  //    case, any user name left out), computed by the database from the URL.
  `alter table events add column if not exists host text
     generated always as (lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]*)'))) stored;
   create index if not exists events_host on events (host, time);`,
  // 4. Stitching: which anonymous ids came with which of the collector's cookies (the links user ids
  //    make are in the events themselves), and the user ids of identified events, found by index.
  `create table if not exists visitor_links (
     cookie_id text not null,
     anonymous_id text not null,
     linked_at timestamptz not null default now(),
     primary key (cookie_id, anonymous_id)
   );
   create index if not exists events_user on events ((body->>'userId'), anonymous_id) where body ? 'userId';`,
]

// Any constant the collector alone uses: the lock that makes collectors starting together on one
// empty database migrate it one after the other (concurrent `create table if not exists` can fail).
const MIGRATION_LOCK = 0x7761796d // "waym"

/**
 * Brings the database to the latest schema version, and returns that version.
 * @param {import('./openDatabase.mjs').Database} db
 */
export async function migrate(db) {
  return db.transaction(async ({ query, exec }) => {
    await query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await query('create table if not exists waymark_schema (version int not null)')
    const [row] = (await query('select version from waymark_schema')).rows
    const from = row?.version ?? 0
    if (from > MIGRATIONS.length) {
      throw new Error(`the database is at schema version ${from}, newer than this collector knows (${MIGRATIONS.length}): update the collector`)
    }
    for (const step of MIGRATIONS.slice(from)) await exec(step)
    if (!row) await query('insert into waymark_schema (version) values ($1)', [MIGRATIONS.length])
    else if (from < MIGRATIONS.length) await query('update waymark_schema set version = $1', [MIGRATIONS.length])
    return MIGRATIONS.length
  })
}
