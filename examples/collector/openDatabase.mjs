// One small interface over the two databases the collector stores into: a PostgreSQL server reached
// by URL (node-postgres), or PGlite embedded in this process. The store's SQL runs on both; what
// differs is how to connect and how to run a transaction.
import { lockDataDir } from './lockDataDir.mjs'

/** Connections per collector process; beyond them, requests wait their turn inside the pool. */
export const POOL_SIZE = 10

/**
 * @typedef {{ rows: any[], rowCount: number }} Result
 * @typedef {(sql: string, params?: unknown[]) => Promise<Result>} Query
 * @typedef {{ query: Query, exec: (sql: string) => Promise<void> }} Session `exec` runs several statements
 * @typedef {Session & { kind: 'postgres' | 'pglite', transaction: <T>(fn: (s: Session) => Promise<T>) => Promise<T>,
 *   close: () => Promise<void> }} Database
 */

/**
 * Connects to the database: the PostgreSQL server at `database` when given, else PGlite in `dataDir`
 * (in memory when that is absent too).
 * @param {{ database?: string, dataDir?: string }} options `database` as a `postgres://` URL
 * @returns {Promise<Database>}
 */
export async function openDatabase({ database, dataDir } = {}) {
  if (database) return openPostgres(database)
  return openPGlite(dataDir)
}

async function openPostgres(connectionString) {
  if (!/^postgres(ql)?:\/\//.test(connectionString)) throw new TypeError(`database must be a postgres:// URL, not ${JSON.stringify(connectionString)}`)
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString, max: POOL_SIZE })
  // An idle connection that the server drops (restart, failover) emits this; unhandled, it would
  // end the process. The pool replaces the connection on the next query.
  pool.on('error', (e) => console.error('[collector] idle database connection lost:', e.message))
  // Fail at start, with the server's own words, rather than at the first batch.
  await pool.query('select 1')
  // Without parameters, node-postgres sends the simple protocol, which runs several statements.
  const session = (client) => ({
    async query(sql, params) {
      const res = await client.query(sql, params)
      return { rows: res.rows, rowCount: res.rowCount ?? 0 }
    },
    exec: async (sql) => void (await client.query(sql)),
  })
  return {
    kind: 'postgres',
    ...session(pool),
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await fn(session(client))
        await client.query('commit')
        return result
      } catch (e) {
        await client.query('rollback').catch(() => {})
        throw e
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

// Durability of PGlite 0.5.16 in a data directory, as checked: it runs with synchronous_commit on
// and fsync off, and its file system hands every write straight to the kernel (fs.writeSync), so a
// commit's WAL is in the kernel's page cache before the query resolves. A killed process therefore
// loses nothing it acknowledged (test/collector/durability.test.ts); a crash of the machine or a
// power cut can, since nothing is ever flushed to the disk (its fsync and fdatasync do nothing).
// What must survive those belongs on a PostgreSQL server.
async function openPGlite(dataDir) {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {}
  try {
    const { PGlite } = await import('@electric-sql/pglite')
    const db = new PGlite(dataDir)
    await db.waitReady
    const session = (run) => ({
      async query(sql, params) {
        const res = await run.query(sql, params)
        return { rows: res.rows, rowCount: res.affectedRows ?? 0 }
      },
      exec: async (sql) => void (await run.exec(sql)),
    })
    return {
      kind: 'pglite',
      ...session(db),
      transaction: (fn) => db.transaction((tx) => fn(session(tx))),
      async close() {
        try {
          await db.close()
        } finally {
          unlock()
        }
      },
    }
  } catch (e) {
    unlock()
    throw e
  }
}
