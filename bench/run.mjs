#!/usr/bin/env node
// `npm run bench`: sizes, runtime against the peers with the physical floors, scale, memory under a
// collector that is down, and the reference collector's own throughput; prints the tables and
// writes them to BENCHMARKS.md.
// Options: --reps 3 (runs per row), --window-ms 10000 (delivery window), --only waymark,amplitude,
// --skip scale,memory,collector, --out BENCHMARKS.md.
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromiumVersion } from './lib/browser.mjs'
import { startServers } from './lib/servers.mjs'
import { cell, kb, median, num } from './lib/stats.mjs'
import { ROOT, version } from './lib/targets.mjs'
import { collectorSection, runCollector } from './collector.mjs'
import { runMemory, BOUNDS } from './memory.mjs'
import { runRuntime } from './runtime.mjs'
import { runScale, SIZES } from './scale.mjs'
import { runSize } from './size.mjs'
import { PAGES, runTagStart } from './tagStart.mjs'

const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name)
  return i > 0 ? process.argv[i + 1] : fallback
}
const reps = Number(arg('reps', 3))
const windowMs = Number(arg('window-ms', 10000))
const only = arg('only')?.split(',')
const skip = arg('skip', '').split(',')
const out = path.resolve(ROOT, arg('out', 'BENCHMARKS.md'))
const started = Date.now()
// Every part is bounded; this is the bound of the whole.
const watchdog = setTimeout(() => (console.error('bench: over 15 minutes, stopping'), process.exit(2)), 15 * 60000)
watchdog.unref()
const log = (line) => process.stderr.write(line + '\n')

const servers = await startServers()
const lines = []
const say = (...l) => lines.push(...l)
try {
  log('size…')
  const size = await runSize()
  log('runtime…')
  const rt = await runRuntime(servers, { reps, windowMs, only, log })
  const start = skip.includes('start') ? [] : (log('tag start…'), await runTagStart(servers, { reps, log }))
  const scale = skip.includes('scale') ? [] : (log('scale…'), await runScale(servers, { log }))
  const memory = skip.includes('memory') ? null : (log('memory…'), await runMemory(servers, { log }))
  const collector = skip.includes('collector') ? null : (log('collector…'), await runCollector({ log }))

  say(
    '# Benchmarks',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (${reps} runs per row, each in a fresh Chromium process and profile) on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; ${chromiumVersion()} headless, driven by playwright-core ${version('playwright-core') ?? ''}. Cells are median (min–max).`,
    'The peers keep their defaults; they are bundled alike (esbuild, minified, iife, ES2020) for the same job: init, one page view, one custom event. Method: [bench/](bench/).',
    '',
    '## Size',
    '',
    '| bundle | version | raw (B) | gzip -9 (B) | brotli q11 (B) |',
    '| --- | --- | ---: | ---: | ---: |',
    ...size.map((r) => `| ${r.label} | ${r.version} | ${num(r.raw)} | ${num(r.gzip)} | ${num(r.brotli)} |`),
    '',
  )

  const T = rt.targets
  const col = (id, k) => T[id].runs.filter((r) => !r.error).map((r) => r[k])
  say(
    '## 1,000 track() calls in one task',
    '',
    `Each run: load the page, wait for the SDK to be ready, wait 1 s, then call track() 1,000 times in one task; events count as delivered when the local collector has them, within ${windowMs / 1000} s.`,
    '',
    '| SDK | ready (ms) | loop (ms) | loop + microtasks (ms) | main thread until delivered (ms) | long tasks (n / ms) | delivered | all delivered after (ms) | POSTs / preflights | KB on the wire | heap after GC (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const id of Object.keys(T)) {
    const runs = T[id].runs.filter((r) => !r.error)
    if (!runs.length) {
      say(`| ${T[id].label} | every run failed: ${T[id].runs[0]?.error} | | | | | | | | | |`)
      continue
    }
    say(
      `| ${T[id].label}${T[id].pkg ? ' ' + version(T[id].pkg) : ''} | ${cell(col(id, 'ready'))} | ${cell(col(id, 'loop'))} | ${cell(col(id, 'drained'))} | ${cell(col(id, 'mainThread'))} | ${cell(col(id, 'longTasks'), 0)} / ${cell(col(id, 'longTaskMs'), 0)} | ${cell(col(id, 'delivered'), 0)} | ${cell(col(id, 'allDelivered'), 0)} | ${cell(col(id, 'posts'), 0)} / ${cell(col(id, 'preflights'), 0)} | ${cell(col(id, 'postBytes').map((b) => b / 1024), 0)} | ${cell(col(id, 'heap').map((b) => b / 1048576), 2)} |`,
    )
  }
  const f = rt.floors
  const floorIdb = median(f.map((x) => x.idb))
  const floorFetch = median(f.map((x) => x.fetch))
  const floorBytes = median(f.map((x) => x.fetchBytes))
  const wm = (k) => median(col('waymark', k))
  const blankHeap = median(col('blank', 'heap'))
  say(
    '',
    '## Against the physical floor',
    '',
    '| measure | ms or bytes | waymark | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| one IndexedDB transaction of 1,000 puts, until complete (waymark: the burst until its write is complete) | ${cell(f.map((x) => x.idb))} ms | ${cell(col('waymark', 'persisted'))} ms | ${(wm('persisted') / floorIdb).toFixed(2)}× |`,
    `| one fetch of the same 1,000 events, until its answer (waymark: until all are at the collector) | ${cell(f.map((x) => x.fetch))} ms | ${cell(col('waymark', 'allDelivered'), 0)} ms | ${(wm('allDelivered') / floorFetch).toFixed(2)}× |`,
    `| bytes of those 1,000 events in one body (waymark: all its POST bodies) | ${num(floorBytes)} B | ${num(Math.round(wm('postBytes')))} B | ${(wm('postBytes') / floorBytes).toFixed(2)}× |`,
    `| the same with \`compress: true\` | | ${T['waymark-gzip'] ? num(Math.round(median(col('waymark-gzip', 'postBytes')))) + ' B' : 'n/a'} | ${T['waymark-gzip'] ? (median(col('waymark-gzip', 'postBytes')) / floorBytes).toFixed(2) + '×' : ''} |`,
    `| IndexedDB write transactions for the burst | 1 | ${cell(col('waymark', 'transactions'), 0)} | |`,
    `| JS heap after GC, against a blank page | ${(blankHeap / 1048576).toFixed(2)} MB | ${(wm('heap') / 1048576).toFixed(2)} MB | +${((wm('heap') - blankHeap) / 1048576).toFixed(2)} MB |`,
    '',
    'The transactions counted for waymark include the deletions after delivery; the write of the burst is one.',
  )
  if (T.amplitude && T['waymark-tag']) {
    const amp = median(col('amplitude', 'drained'))
    say('', `The first burst of 1,000 track() calls in a fresh page, loop and microtasks, against Amplitude's in the same run (${amp.toFixed(1)} ms): waymark script tag ${(median(col('waymark-tag', 'drained')) / amp).toFixed(2)}×, waymark from npm ${(wm('drained') / amp).toFixed(2)}×.`)
  }
  if (start.length) {
    say('', '## The script tag, from its fetch to the page view in IndexedDB', '', 'A first visit each run (fresh profile, empty cache); served from 127.0.0.1.', '', '| page | ms | files of the tag fetched |', '| --- | ---: | ---: |')
    for (const [label] of PAGES) {
      const rows = start.filter((r) => r.label == label && r.ms != null)
      say(`| ${label} | ${cell(rows.map((r) => r.ms))} | ${cell(rows.map((r) => r.files), 0)} |`)
    }
  }
  if (scale.length) {
    const by = (rows, k) => cell(rows.map((r) => r[k]))
    say('', '## Scale', '', '| case | loop + microtasks (ms) | main thread until written (ms) | written after (ms) |', '| --- | ---: | ---: | ---: |')
    for (const n of SIZES) {
      const rows = scale.filter((r) => r.n == n && !r.queued && !r.warm)
      say(`| burst of ${num(n)} calls, empty queue | ${by(rows, 'drained')} | ${by(rows, 'mainThread')} | ${by(rows, 'persisted')} |`)
    }
    for (const q of SIZES) {
      const rows = scale.filter((r) => r.queued == q)
      say(`| 100 calls with ${num(q)} already queued (collector down) | ${by(rows, 'drained')} | ${by(rows, 'mainThread')} | ${by(rows, 'persisted')} |`)
    }
    const warm = scale.filter((r) => r.warm)
    say(`| burst of 1,000 calls in a page that already made one (code compiled) | ${by(warm, 'drained')} | ${by(warm, 'mainThread')} | ${by(warm, 'persisted')} |`)
  }
  if (memory) {
    say(
      '',
      '## Memory with the collector down',
      '',
      `${num(memory.events)} events tracked over ${memory.seconds} s while the collector answers 503, bounds \`maxQueueEvents: ${BOUNDS.maxQueueEvents}\`, \`maxQueueBytes: ${BOUNDS.maxQueueBytes}\`:`,
      '',
      '| measure | value | bound |',
      '| --- | ---: | ---: |',
      `| events in IndexedDB at the end | ${num(memory.queue.events)} | ${num(BOUNDS.maxQueueEvents)} |`,
      `| bytes in IndexedDB at the end | ${num(memory.queue.bytes)} | ${num(BOUNDS.maxQueueBytes)} |`,
      `| JS heap after GC: blank page / tracker started / after the ${num(memory.events)} events | ${kb(memory.blank)} / ${kb(memory.start)} / ${kb(memory.end)} KB | |`,
    )
  }
  if (collector) say('', ...collectorSection(collector))
  say('', `Total time of the run: ${Math.round((Date.now() - started) / 1000)} s.`)
  const text = lines.join('\n') + '\n'
  console.log(text)
  writeFileSync(out, text)
  log(`wrote ${path.relative(process.cwd(), out)}`)
} finally {
  await servers.close()
  clearTimeout(watchdog)
}
