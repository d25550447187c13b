// `npm start`: builds the SDK, then serves the demo shop and the reference collector (with its
// dashboard) on localhost.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCollector } from './collector/server.mjs'
import { openStore } from './collector/store.mjs'
import { startShop } from './shop/server.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, WAYMARK_NO_DTS: '1' } })

// Preferred ports, or any free one when they are taken.
const listen = async (start, port) => {
  try {
    return await start(port)
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e
    return start(0)
  }
}

// DATABASE_URL points the demo at a PostgreSQL server; otherwise PGlite keeps the events in .data/.
const database = process.env.DATABASE_URL || undefined
const dataDir = path.join(root, '.data', 'collector')
let store
try {
  store = await openStore(database ? { database } : { dataDir })
} catch (e) {
  console.error(`npm start: ${e.message}`)
  process.exit(1)
}
const collector = await listen((port) => startCollector({ port, store }), 8787)
const shop = await listen((port) => startShop({ port, collectorUrl: collector.url }), 8080)

console.log(`
  waymark demo
  shop:      ${shop.url}/
  dashboard: ${collector.url}/
  collector: ${collector.url}/e  (events stored in ${database ? 'the PostgreSQL server of DATABASE_URL' : path.relative(root, dataDir)})

  Browse the shop; every page view and event lands in the collector, and the dashboard follows
  along. Ctrl+C stops both.
`)

const stop = async () => {
  await Promise.all([shop.close(), collector.close({ drainMs: 5000 })])
  await store.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
