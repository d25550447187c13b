// The reference collector under sustained load: batches of 100 events posted over loopback with
// keep-alive by this process, to collectors running as processes of their own (as `cli.mjs` runs
// them), storing into PGlite (a data directory) or a PostgreSQL server (a throwaway cluster with
// Debian's defaults, fsync on). Reports events per second, answer times, and the CPU each process
// used, which says where the bottleneck is. Run alone with `node bench/collector.mjs`.
import http from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase } from '../examples/collector/openDatabase.mjs'
import { spawnCollector } from '../test/collector/spawnCollector.mjs'
import { startPostgres } from '../test/collector/startPostgres.mjs'
import { cpuSeconds, idleSeconds } from './lib/cpuSeconds.mjs'
import { num } from './lib/stats.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Events per batch, as the issue asks; the SDK sends up to this many per request. */
export const BATCH_EVENTS = 100
/**
 * Requests in flight from the load generator: enough to keep every collector busy, under the
 * collector's MAX_IN_FLIGHT (32), so that the figures are of storing, not of answering 503.
 */
export const CONCURRENCY = 16

let seq = 0
const batchBody = (run) => {
  const time = new Date().toISOString()
  const batch = []
  for (let i = 0; i < BATCH_EVENTS; i++) {
    const id = `${run}-${++seq}`
    const visitor = `v${seq % 5000}`
    batch.push({
      id,
      time,
      kind: i % 4 ? 'page' : 'custom',
      ...(i % 4 ? {} : { name: 'add_to_cart', props: { sku: `SKU-${seq % 300}`, price: 42.5, currency: 'EUR' } }),
      anonymousId: visitor,
      sessionId: `${visitor}-s1`,
      url: `https://shop.example/products/${seq % 300}`,
      referrer: 'https://www.google.com/',
      title: 'Trail shoe',
      model: 'fivePhase',
      phase: 'consideration',
      rule: 'consideration.search',
      channel: 'organic-search',
      journey: { touchpoint: 3, session: 1, days: 0 },
    })
  }
  return JSON.stringify({ sentAt: time, batchId: `${run}-b${seq}`, batch })
}

/** POSTs a body; resolves with the status and the answer time in ms. */
const postBody = (agent, url, body) =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request(url + '/e', { method: 'POST', agent, headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

/**
 * Loads collectors for `seconds` after a warm-up, round-robin over `urls`.
 * @returns events stored per second, answer-time quantiles, and CPU use (percent of one core) of
 *   each collector, the database server (when `dbPid`), and the load generator
 */
async function load({ urls, pids, dbPid, seconds, warmupSeconds, run }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const warmUntil = performance.now() + warmupSeconds * 1000
  const until = warmUntil + seconds * 1000
  const latencies = []
  let events = 0
  let busy = 0
  let errors = 0
  let next = 0
  let before
  const sample = () => ({ at: performance.now(), collectors: pids.map((pid) => cpuSeconds(pid)), db: dbPid ? cpuSeconds(dbPid) : 0, self: process.cpuUsage(), machine: idleSeconds() })
  const worker = async () => {
    while (performance.now() < until) {
      if (!before && performance.now() >= warmUntil) before = sample()
      const body = batchBody(run)
      const measured = performance.now() >= warmUntil
      let answer
      try {
        answer = await postBody(agent, urls[next++ % urls.length], body)
      } catch {
        // A kept-alive connection closed by the server just as it was reused: sent again, as a
        // client would, and counted.
        errors++
        continue
      }
      const { status, ms } = answer
      if (status === 503) busy++
      else if (status !== 200) throw new Error(`collector answered ${status}`)
      else if (measured && performance.now() <= until) {
        latencies.push(ms)
        events += BATCH_EVENTS
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const after = sample()
  agent.destroy()
  const wall = (after.at - before.at) / 1000
  const percent = (s) => (100 * s) / wall
  latencies.sort((a, b) => a - b)
  return {
    eventsPerSecond: events / wall,
    batchesPerSecond: latencies.length / wall,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    busy,
    errors,
    cpu: {
      collectors: after.collectors.map((s, i) => percent(s - before.collectors[i])),
      db: dbPid ? percent(after.db - before.db) : null,
      load: percent((after.self.user + after.self.system - before.self.user - before.self.system) / 1e6),
      idle: percent(after.machine.idle - before.machine.idle),
      iowait: percent(after.machine.iowait - before.machine.iowait),
    },
  }
}

/** CPU that none of the measured processes used: the kernel (loopback, disk) and anything else running. */
const otherCpu = ({ cpu }, cores) => Math.max(0, 100 * cores - cpu.idle - cpu.iowait - cpu.collectors.reduce((a, b) => a + b, 0) - (cpu.db ?? 0) - cpu.load)

/** What limited the rate, from the CPU each process used and the machine's idle and disk-wait time. */
function bottleneck(r, cores) {
  const { cpu } = r
  if (Math.max(...cpu.collectors) >= 85) return cpu.db == null ? 'the collector process: one core, shared by its JavaScript and PGlite' : 'the collector process: one core'
  if (cpu.db != null && cpu.db >= 85 * cores) return 'PostgreSQL: every core'
  if (cpu.idle + cpu.iowait < 10 * cores) return `the machine: all ${cores} cores busy, ${Math.round(cpu.db ?? 0)}% of them PostgreSQL's`
  if (cpu.iowait >= 10 * cores) return 'the disk: WAL flushes at commit'
  return 'none at its limit: the round trips of each commit'
}

/**
 * Runs the three loads: PGlite, PostgreSQL with one collector process, and with two.
 * @param {{ log?: (line: string) => void, seconds?: number, warmupSeconds?: number }} [options]
 */
export async function runCollector({ log = () => {}, seconds = 20, warmupSeconds = 3 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-collector-'))
  // Debian's defaults: fsync and synchronous_commit on, as a production server has them.
  const server = await startPostgres()
  const rows = []
  try {
    const database = async (name) => {
      const admin = await openDatabase({ database: server.url })
      await admin.exec(`create database ${name}`)
      await admin.close()
      return server.url.replace(/\/postgres$/, '/' + name)
    }
    const configs = [
      { store: 'PGlite 0.5.16 (data directory)', args: [['--data', path.join(dir, 'pglite')]] },
      { store: 'PostgreSQL 15', db: true, args: [['--database', await database('one')]] },
      { store: 'PostgreSQL 15', db: true, args: await database('two').then((url) => [['--database', url], ['--database', url]]) },
    ]
    for (const [i, config] of configs.entries()) {
      const collectors = await Promise.all(config.args.map((args) => spawnCollector([...args, '--no-dashboard'])))
      try {
        log(`collector: ${config.store}, ${collectors.length} process(es), ${seconds} s…`)
        const r = await load({
          urls: collectors.map((c) => c.url),
          pids: collectors.map((c) => c.child.pid),
          dbPid: config.db ? server.pid() : null,
          seconds,
          warmupSeconds,
          run: `r${i}`,
        })
        const cores = os.cpus().length
        rows.push({ store: config.store, processes: collectors.length, ...r, other: otherCpu(r, cores), bottleneck: bottleneck(r, cores) })
        log(`collector: ${Math.round(r.eventsPerSecond)} events/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.busy} answered 503, ${r.errors} connection errors`)
      } finally {
        await Promise.all(collectors.map((c) => c.kill()))
      }
    }
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

/** The section of BENCHMARKS.md. */
export function collectorSection(rows, { seconds = 20 } = {}) {
  const pct = (x) => (x == null ? '–' : `${Math.round(x)}%`)
  return [
    '## The reference collector',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)} with \`node bench/collector.mjs\` (also part of \`npm run bench\`). Sustained load for ${seconds} s after a 3 s warm-up: batches of ${BATCH_EVENTS} events (${CONCURRENCY} requests in flight, keep-alive, over loopback) from the bench process to collectors started as \`node examples/collector/cli.mjs\`, each event new. PostgreSQL is a throwaway cluster of Debian's server with its defaults (fsync and synchronous commit on); PGlite persists to a data directory. CPU is per cent of one core over the measured window (the machine has ${os.cpus().length}, so ${os.cpus().length * 100}% in all), read from /proc.`,
    '',
    '| store | collector processes | events/s | batches/s | answer p50 (ms) | answer p99 (ms) | CPU: collector(s) | CPU: PostgreSQL | CPU: load generator | CPU: kernel and other processes | idle | bottleneck |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.store} | ${r.processes} | ${num(Math.round(r.eventsPerSecond))} | ${num(Math.round(r.batchesPerSecond))} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpu.collectors.map(pct).join(' + ')} | ${pct(r.cpu.db)} | ${pct(r.cpu.load)} | ${pct(r.other)} | ${pct(r.cpu.idle + r.cpu.iowait)} | ${r.bottleneck} |`,
    ),
    '',
    'How to read it: a collector process uses one core at most (Node runs its JavaScript, and PGlite, on one thread). With PGlite that core is the ceiling, since one process alone may open its directory. With PostgreSQL a collector needs a fraction of a core and the server does most of the work; where all cores of this machine are busy, a second collector process on the same machine only shares them, so its row shows the overhead of a process, not its gain. Behind a load balancer, collector processes on other machines add throughput until the PostgreSQL column fills the database\'s machine. "Kernel and other processes" includes loopback networking and whatever else ran on the machine meanwhile.',
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Alone: `node bench/collector.mjs [--seconds 20] [--write]`; --write puts the section into
  // BENCHMARKS.md in place of the one there, leaving the browser sections as they are.
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, write: { type: 'boolean', default: false } } })
  const seconds = Number(values.seconds)
  const rows = await runCollector({ seconds, log: (l) => process.stderr.write(l + '\n') })
  const section = collectorSection(rows, { seconds }).join('\n')
  console.log(section)
  if (values.write) {
    const file = path.join(ROOT, 'BENCHMARKS.md')
    const text = readFileSync(file, 'utf8')
    const start = text.indexOf('## The reference collector')
    const end = start < 0 ? -1 : text.slice(start + 1).search(/\n(## |Total time)/) + start + 1
    const next = start >= 0 ? text.slice(0, start) + section + '\n' + text.slice(end) : text.replace(/\nTotal time/, `\n${section}\n\nTotal time`)
    writeFileSync(file, next)
  }
}
