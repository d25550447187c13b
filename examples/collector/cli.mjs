#!/usr/bin/env node
// Runs the reference collector:
//   node cli.mjs [--port 8787] [--host 127.0.0.1] [--database postgres://…] [--data .data]
//                [--dashboard-token …] [--no-dashboard] [--trust-proxy]
// A PostgreSQL server (--database, or DATABASE_URL) can be shared by any number of these processes;
// without one, events go to PGlite in --data, which one process at a time may open.
import { parseArgs } from 'node:util'
import { startCollector } from './server.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    database: { type: 'string', default: process.env.DATABASE_URL || undefined },
    data: { type: 'string', default: '.data' },
    'dashboard-token': { type: 'string', default: process.env.WAYMARK_DASHBOARD_TOKEN || undefined },
    'no-dashboard': { type: 'boolean', default: false },
    // Behind the shop's proxy, which says in X-Forwarded-Proto whether the browser used https.
    'trust-proxy': { type: 'boolean', default: false },
  },
})

// The address without its password, for the log.
const where = (url) => {
  const u = new URL(url)
  u.password = ''
  return `PostgreSQL at ${u}`
}

try {
  const collector = await startCollector({
    port: Number(values.port),
    host: values.host,
    database: values.database,
    dataDir: values.database ? undefined : values.data,
    dashboard: !values['no-dashboard'],
    dashboardToken: values['dashboard-token'],
    trustProxy: values['trust-proxy'],
  })
  const dashboard = values['no-dashboard'] ? 'no dashboard' : `dashboard on ${collector.url}/${values['dashboard-token'] ? ' (token required)' : ''}`
  console.log(`waymark collector on ${collector.url}/e, ${dashboard}; events in ${values.database ? where(values.database) : `PGlite in ${values.data}`}`)
  // On SIGTERM (a deploy, a scale-down) batches being stored get a moment to finish and be answered.
  const stop = () => collector.close({ drainMs: 10000 }).then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (e) {
  console.error(`waymark collector: ${e.message}`)
  process.exit(1)
}
