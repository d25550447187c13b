// What the collector's tests share: the two stores every test body runs against, a database of its
// own per suite, and collectors started as processes of their own.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { openDatabase } from '../../examples/collector/openDatabase.mjs'
import { startCollector } from '../../examples/collector/server.mjs'

export type Collector = Awaited<ReturnType<typeof startCollector>>
export type CollectorOptions = NonNullable<Parameters<typeof startCollector>[0]>

/** Every collector test runs once per store: `describe.each(STORES)`. */
export const STORES = ['pglite', 'postgres'] as const
export type StoreKind = (typeof STORES)[number]

/** Runs SQL as the test server's superuser, on its `postgres` database. */
async function admin(sql: string) {
  const db = await openDatabase({ database: inject('postgresUrl') })
  try {
    await db.exec(sql)
  } finally {
    await db.close()
  }
}

/**
 * A new, empty database on the test server, so that reruns and other suites never see its rows.
 * @returns its URL, and `drop` to delete it
 */
export async function createDatabase() {
  const name = `t_${randomBytes(6).toString('hex')}`
  await admin(`create database ${name}`)
  const url = new URL(inject('postgresUrl'))
  url.pathname = '/' + name
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

/**
 * Where a suite's collector stores: a database of its own on the test server, or PGlite in memory
 * (new for each suite; a PGlite takes seconds to start, too slow to make one per test).
 */
export async function freshStoreOptions(kind: StoreKind): Promise<{ database?: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') return { drop: async () => {} }
  const { url, drop } = await createDatabase()
  return { database: url, drop }
}

/**
 * A collector for the suite it is called in, on a fresh database of `kind`; started before its
 * tests, stopped (and its database dropped) after them.
 */
export function useCollector(kind: StoreKind, options: CollectorOptions = {}) {
  const suite = {} as { collector: Collector; database?: string }
  let drop = async () => {}
  beforeAll(async () => {
    const fresh = await freshStoreOptions(kind)
    drop = fresh.drop
    suite.database = fresh.database
    suite.collector = await startCollector({ database: fresh.database, ...options })
  })
  afterAll(async () => {
    await suite.collector?.close()
    await drop()
  })
  return suite
}

export { spawnCollector, type CollectorProcess } from './spawnCollector.mjs'

/**
 * Where a suite's collector processes store: a database of its own on the test server, or a PGlite
 * data directory of its own; deleted after the suite.
 * @returns a function that makes it, and gives the CLI's arguments and `openStore`'s options for it
 */
export function useProcessStore(kind: StoreKind) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-process-'))
  let drop = async () => {}
  afterAll(async () => {
    await drop()
    rmSync(dir, { recursive: true, force: true })
  })
  return async () => {
    const fresh = await freshStoreOptions(kind)
    drop = fresh.drop
    const target = fresh.database ? { database: fresh.database } : { dataDir: path.join(dir, 'data') }
    return { target, args: fresh.database ? ['--database', fresh.database] : ['--data', target.dataDir!] }
  }
}

let n = 0
/** A valid waymark event with a unique id. */
export const event = (over: Record<string, unknown> = {}) => ({
  id: `evt-${++n}-${randomBytes(4).toString('hex')}`,
  time: new Date().toISOString(),
  kind: 'page',
  phase: 'awareness',
  anonymousId: 'a1',
  sessionId: 's1',
  url: 'https://shop.example/',
  ...over,
})

/** POSTs a body to a collector's path, as the SDK does (text/plain) unless headers say otherwise. */
export const post = (base: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'text/plain' }, route = '/e') =>
  fetch(base + route, { method: 'POST', body, headers })
