// @vitest-environment node
// The store's schema on start, and the embedded database's lock, with real processes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { LOCK_FILE } from '../../examples/collector/lockDataDir.mjs'
import { MIGRATIONS } from '../../examples/collector/migrate.mjs'
import { openStore } from '../../examples/collector/store.mjs'
import { createDatabase, event, spawnCollector, type CollectorProcess } from './helpers.js'

// The tables as the first collector made them, before the schema had a version.
const UNVERSIONED = `
create table events (id text primary key, time timestamptz not null, received_at timestamptz not null default now(), kind text not null,
  name text, phase text, rule text, model text, anonymous_id text, session_id text, channel text, url text, batch_id text, body jsonb not null);
create index events_visitor on events (anonymous_id, time);
create table batches (seq serial primary key, batch_id text, received_at timestamptz not null default now(), events int not null, inserted int not null, dropped jsonb);
insert into events (id, time, kind, url, body) values ('old-1', '2026-01-02T03:04:05Z', 'page', 'https://Shop.example/a?b', '{"id": "old-1"}');`

describe('schema on a PostgreSQL server', () => {
  const drops: (() => Promise<void>)[] = []
  afterAll(() => Promise.all(drops.map((d) => d())))
  const database = async () => {
    const { url, drop } = await createDatabase()
    drops.push(drop)
    return url
  }

  test('is created on an empty database, with its version recorded', async () => {
    const store = await openStore({ database: await database() })
    try {
      expect(store.schemaVersion).toBe(MIGRATIONS.length)
      expect(await store.query('select version from waymark_schema')).toEqual([{ version: MIGRATIONS.length }])
      expect((await store.query(`select indexname from pg_indexes where tablename = 'events' order by 1`)).map((r: any) => r.indexname)).toEqual(['events_host', 'events_pkey', 'events_time', 'events_user', 'events_visitor'])
    } finally {
      await store.close()
    }
  })

  test('is migrated from the unversioned first tables, keeping their rows', async () => {
    const url = await database()
    const seed = await openStore({ database: url })
    await seed.query('drop table events, batches, waymark_schema')
    for (const statement of UNVERSIONED.split(';').filter((s) => s.trim())) await seed.query(statement)
    await seed.close()
    const store = await openStore({ database: url })
    try {
      expect(await store.query('select version from waymark_schema')).toEqual([{ version: MIGRATIONS.length }])
      expect((await store.events()).map((e: any) => e.id)).toEqual(['old-1'])
      expect(await store.query(`select 1 as ok from pg_indexes where indexname = 'events_time'`)).toEqual([{ ok: 1 }])
      // Rows stored before the site filter existed have their host too.
      expect(await store.query('select host from events')).toEqual([{ host: 'shop.example' }])
    } finally {
      await store.close()
    }
  })

  test('is migrated once when several collectors start together on an empty database', async () => {
    const url = await database()
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ database: url })))
    try {
      expect(await stores[0].query('select version from waymark_schema')).toEqual([{ version: MIGRATIONS.length }])
    } finally {
      await Promise.all(stores.map((s) => s.close()))
    }
  })

  test('refuses a database that a newer collector migrated', async () => {
    const url = await database()
    const store = await openStore({ database: url })
    await store.query('update waymark_schema set version = 999')
    await store.close()
    await expect(openStore({ database: url })).rejects.toThrow(/schema version 999, newer than this collector knows/)
  })

  test('says what is wrong with a URL that is not a PostgreSQL one', async () => {
    await expect(openStore({ database: 'mysql://localhost/shop' })).rejects.toThrow(/postgres:\/\/ URL/)
  })
})

describe('PGlite in a data directory', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-lock-'))
  const started: CollectorProcess[] = []
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill()))
    rmSync(dir, { recursive: true, force: true })
  })
  const spawnOn = async (data: string) => {
    const p = await spawnCollector(['--data', data, '--no-dashboard'])
    started.push(p)
    return p
  }

  test('is refused to a second process, with a message that names the first', async () => {
    const data = path.join(dir, 'shared')
    const first = await spawnOn(data)
    const second = spawnCollector(['--data', data])
    await expect(second).rejects.toThrow(new RegExp(`exited \\(1\\).*in use by another collector: process ${first.child.pid}\\b`, 's'))
    // The first one still works.
    const res = await fetch(first.url + '/e', { method: 'POST', body: JSON.stringify({ batch: [event()] }) })
    expect(res.status).toBe(200)
  })

  test('is taken over from a process that is gone, and keeps what it stored', async () => {
    const data = path.join(dir, 'stale')
    const first = await spawnOn(data)
    const e = event()
    expect((await fetch(first.url + '/e', { method: 'POST', body: JSON.stringify({ batch: [e] }) })).status).toBe(200)
    await first.kill()
    expect(JSON.parse(readFileSync(path.join(data, LOCK_FILE), 'utf8')).pid).toBe(first.child.pid)
    const store = await openStore({ dataDir: data })
    try {
      expect((await store.events()).map((x: any) => x.id)).toEqual([e.id])
      expect(JSON.parse(readFileSync(path.join(data, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
    } finally {
      await store.close()
    }
  })

  test('is opened once in one process too, and released on close', async () => {
    const data = path.join(dir, 'one-process')
    const store = await openStore({ dataDir: data })
    await expect(openStore({ dataDir: data })).rejects.toThrow(new RegExp(`process ${process.pid}\\b`))
    await store.close()
    const again = await openStore({ dataDir: data })
    await again.close()
  })

  test('treats an unreadable lock as stale', async () => {
    const data = path.join(dir, 'garbage')
    await (await openStore({ dataDir: data })).close()
    writeFileSync(path.join(data, LOCK_FILE), 'not json')
    const store = await openStore({ dataDir: data })
    await store.close()
  })
})
