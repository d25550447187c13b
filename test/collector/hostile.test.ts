// @vitest-environment node
// Traffic a public collector gets from more than well-behaved SDKs: broken and oversized bodies,
// wrong types, senders that trickle, floods, and fields that carry markup or SQL. Each is refused
// with a 4xx (or told to come back later with a 503), and the clients around it are still served.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { MAX_JSON_DEPTH } from '../../examples/collector/parseBatch.mjs'
import { MAX_BODY_BYTES, MAX_IN_FLIGHT } from '../../examples/collector/server.mjs'
import { launchChromium, waitFor } from '../browser/driver.js'
import { event, post as postTo, spawnCollector, STORES, useCollector, useProcessStore, type Collector } from './helpers.js'

/**
 * Opens a raw connection, writes `head`, then each of `chunks` `everyMs` apart, and resolves with
 * what the server answered when it closes the connection (or after `timeoutMs`, with what came).
 */
function rawRequest(port: number, head: string, { chunks = [] as string[], everyMs = 0, timeoutMs = 15000 } = {}) {
  return new Promise<{ answer: string; ms: number }>((resolve) => {
    const started = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    let timer: NodeJS.Timeout | undefined
    const done = () => {
      clearTimeout(timer)
      clearTimeout(deadline)
      socket.destroy()
      resolve({ answer, ms: Date.now() - started })
    }
    const deadline = setTimeout(done, timeoutMs)
    socket.on('data', (d) => (answer += d))
    socket.on('close', done)
    socket.on('error', done)
    socket.write(head)
    let i = 0
    const next = () => {
      if (i >= chunks.length || socket.destroyed) return
      socket.write(chunks[i++])
      timer = setTimeout(next, everyMs)
    }
    timer = setTimeout(next, everyMs)
  })
}

const head = (length: number | null, extra = '') =>
  `POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n${length == null ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n${extra}\r\n`

/** Posts a valid batch and expects it stored, promptly: the collector still serves others. */
async function stillServes(collector: Collector, withinMs = 5000) {
  const e = event()
  const started = Date.now()
  const res = await fetch(collector.url + '/e', { method: 'POST', body: JSON.stringify({ batch: [e] }), signal: AbortSignal.timeout(withinMs) })
  expect(res.status).toBe(200)
  expect(Date.now() - started).toBeLessThan(withinMs)
  expect(await collector.store.query('select id from events where id = $1', [e.id])).toEqual([{ id: e.id }])
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const withProps = (props: string) => `{"batch":[{"id":"deep-${Math.random()}","time":"${new Date().toISOString()}","kind":"page","props":${props}}]}`

describe.each(STORES)('hostile traffic on %s', (kind) => {
  const suite = useCollector(kind, { requestTimeoutMs: 1500, headersTimeoutMs: 1000 })
  const post = (body: BodyInit, headers?: Record<string, string>) => postTo(suite.collector.url, body, headers)

  test.each([
    ['truncated JSON', JSON.stringify({ batch: [event(), event()] }).slice(0, 60)],
    ['a JSON string', '"batch"'],
    ['null', 'null'],
    ['an array for the batch', '[{"batch": []}]'],
    ['an event that is an array', '{"batch": [[]]}'],
    ['an id of 129 characters', JSON.stringify({ batch: [event({ id: 'x'.repeat(129) })] })],
    ['a time PostgreSQL would not read although JavaScript does', JSON.stringify({ batch: [event({ time: '1' }), event({ time: 'yesterday' })] }).replace('"1"', '"0"')],
    ['a NUL character in a field', JSON.stringify({ batch: [event({ name: 'a\u0000b' })] })],
    ['a lone surrogate in a field', JSON.stringify({ batch: [event({ name: 'a\ud800b' })] })],
    ['a NUL character in a key', JSON.stringify({ batch: [event({ props: { 'a\u0000': 1 } })] })],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b])],
    ['a gzip body that is cut off', gzipSync(JSON.stringify({ batch: [event()] })).subarray(0, 20)],
  ])('answers %s with 400 and stores nothing', async (_, body) => {
    const before = (await suite.collector.store.query('select count(*)::int as n from events'))[0].n
    const res = await post(body as BodyInit)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBeTruthy()
    expect((await suite.collector.store.query('select count(*)::int as n from events'))[0].n).toBe(before)
  })

  test(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels before parsing it, and stores what is within`, async () => {
    // 10,000 levels: JSON.parse takes it, JSON.stringify and jsonb do not.
    const deep = await post(withProps(nested(10000)))
    expect(deep.status).toBe(400)
    expect((await deep.json()).error).toMatch(/nested deeper/)
    // Brackets inside strings are text, not nesting.
    expect((await post(withProps(JSON.stringify({ note: '['.repeat(5000) })))).status).toBe(200)
    const body = withProps(nested(MAX_JSON_DEPTH - 3))
    expect((await post(body)).status).toBe(200)
    const [row] = await suite.collector.store.query('select body->$2 as props from events where id = $1', [JSON.parse(body).batch[0].id, 'props'])
    expect(JSON.stringify(row.props)).toBe(nested(MAX_JSON_DEPTH - 3))
  })

  test('refuses oversized bodies with 413: declared, streamed, or inflated', async () => {
    // Declared too big: answered before a byte of the body is read.
    const declared = await rawRequest(suite.collector.port, head(MAX_BODY_BYTES + 1), { timeoutMs: 5000 })
    expect(declared.answer).toMatch(/^HTTP\/1\.1 413/)
    // Declared too big and sent all the same: the sender reads the 413, not a broken pipe.
    expect((await post('x'.repeat(4 * MAX_BODY_BYTES))).status).toBe(413)
    // Sent without a length, in chunks, past the limit.
    const chunks = [...Array(20)].map(() => new TextEncoder().encode('x'.repeat(65536)))
    const streamed = await fetch(suite.collector.url + '/e', {
      method: 'POST',
      body: new ReadableStream({ pull: (c) => (chunks.length ? c.enqueue(chunks.pop()) : c.close()) }),
      headers: { 'content-type': 'text/plain' },
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    // Small on the wire, huge inflated.
    const bomb = gzipSync(Buffer.alloc(64 * 1048576, 32))
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES)
    expect((await post(bomb, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })).status).toBe(413)
    await stillServes(suite.collector)
  })

  test.each(['multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/html', 'application/xml'])('refuses %s with 415', async (type) => {
    const res = await post(JSON.stringify({ batch: [event()] }), { 'content-type': type })
    expect(res.status).toBe(415)
  })

  test('answers a body trickled slower than the request timeout with 408, and serves others meanwhile', async () => {
    const body = JSON.stringify({ batch: [event()] })
    // One byte every 100 ms would take most of a minute; the server gives it 1.5 s.
    const slow = rawRequest(suite.collector.port, head(body.length), { chunks: [...body], everyMs: 100, timeoutMs: 10000 })
    await new Promise((r) => setTimeout(r, 300))
    await stillServes(suite.collector, 1000)
    const { answer, ms } = await slow
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(ms).toBeLessThan(5000)
  })

  test('closes a connection whose headers trickle in', async () => {
    const lines = ['X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n', 'X-E: 5\r\n', 'X-F: 6\r\n', 'X-G: 7\r\n', 'X-H: 8\r\n', 'X-I: 9\r\n', '\r\n']
    const { answer, ms } = await rawRequest(suite.collector.port, 'POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\n', { chunks: lines, everyMs: 400, timeoutMs: 10000 })
    expect(answer).toMatch(/^HTTP\/1\.1 408|^$/)
    expect(ms).toBeLessThan(4000)
  })

  test('lets a client that goes away mid-body go, storing nothing of it', async () => {
    const e = event()
    const body = JSON.stringify({ batch: [e] })
    const socket = net.connect(suite.collector.port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.write(head(body.length) + body.slice(0, body.length / 2))
    await new Promise((r) => setTimeout(r, 100))
    socket.destroy()
    await stillServes(suite.collector)
    expect(await suite.collector.store.query('select id from events where id = $1', [e.id])).toEqual([])
  })

  test('stores fields that carry SQL or markup as they were sent', async () => {
    const nasty = {
      name: `'); drop table events; --`,
      channel: `<script>window.__pwned = 1</script>`,
      url: `https://shop.example/?q=<img src=x onerror=alert(1)>`,
      props: { "'; delete from batches; --": '$1 $$ \\x00 %s {{7*7}}' },
    }
    const e = event(nasty)
    expect((await post(JSON.stringify({ batch: [e] }))).status).toBe(200)
    const [row] = await suite.collector.store.query('select name, channel, url, body from events where id = $1', [e.id])
    expect(row).toEqual({ name: nasty.name, channel: nasty.channel, url: nasty.url, body: e })
    expect((await suite.collector.store.query('select count(*)::int as n from batches'))[0].n).toBeGreaterThan(0)
  })
})

describe.each(STORES)('a flood of tiny requests on %s', (kind) => {
  const MAX_IN_FLIGHT = 16
  const suite = useCollector(kind, { maxInFlight: MAX_IN_FLIGHT })

  test('is answered 200 or 503 with Retry-After, never holds more than its limit, and loses nothing it acknowledged', async () => {
    const REQUESTS = 2000
    const CONCURRENCY = 100
    const statuses: Record<number, number> = {}
    const acked: string[] = []
    let next = 0
    const worker = async () => {
      while (next < REQUESTS) {
        next++
        const e = event({ anonymousId: `flood-${kind}` })
        const res = await fetch(suite.collector.url + '/e', { method: 'POST', body: JSON.stringify({ batch: [e] }) })
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
        if (res.status === 503) expect(res.headers.get('retry-after')).toBe('1')
        if (res.status === 200) acked.push(e.id)
        await res.arrayBuffer()
      }
    }
    const heapBefore = process.memoryUsage().heapUsed
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    expect(Object.keys(statuses).sort()).toEqual(expect.arrayContaining(['200']))
    expect(Object.keys(statuses).every((s) => s === '200' || s === '503')).toBe(true)
    expect(statuses[200] + (statuses[503] ?? 0)).toBe(REQUESTS)
    expect(suite.collector.stats.busy).toBe(statuses[503] ?? 0)
    expect(suite.collector.stats.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT)
    // Nothing queued up in memory beyond the limit: the heap (this process holds the senders too)
    // ends within a few megabytes of where it started.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1048576)
    const stored = await suite.collector.store.query('select id from events where anonymous_id = $1', [`flood-${kind}`])
    expect(stored.length).toBe(acked.length)
    await stillServes(suite.collector)
  })
})

describe.each(STORES)('a collector process on %s sent big bodies by many clients at once', (kind) => {
  const processStore = useProcessStore(kind)

  test('stays within a bound of memory, however many arrive', async () => {
    const { args: store } = await processStore()
    const args = [...store, '--no-dashboard']
    // PGlite's first start, which creates the database, leaves hundreds of MiB behind that later
    // allocations reuse: measured from a second start, as a collector runs most of its life.
    if (kind === 'pglite') await (await spawnCollector(args)).kill()
    const collector = await spawnCollector(args)
    let sampler: NodeJS.Timeout | undefined
    const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${collector.child.pid}/status`, 'utf8'))![1]) / 1024
    try {
      // Near 1 MiB each, refused only once parsed and checked to its last event: the whole path runs.
      const batch = Array.from({ length: 2500 }, () => ({ ...event(), props: { note: 'x'.repeat(200) } }))
      const body = JSON.stringify({ batch: [...batch, { id: 'no-time', kind: 'page' }] })
      expect(body.length).toBeLessThan(MAX_BODY_BYTES)
      await postTo(collector.url, JSON.stringify({ batch: [event()] }))
      const before = rssMiB()
      let peak = before
      sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 25)
      const statuses = new Set<number>()
      // 3 rounds of 150 at once, 360 MiB in all: far more than the limit in flight.
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          Array.from({ length: 150 }, async () => {
            const res = await postTo(collector.url, body)
            statuses.add(res.status)
            await res.arrayBuffer()
          }),
        )
      }
      clearInterval(sampler)
      expect([...statuses].every((s) => s === 400 || s === 503)).toBe(true)
      // MAX_IN_FLIGHT bodies, their text and their parse, at most; measured near 110 MiB.
      expect(peak - before).toBeLessThan(MAX_IN_FLIGHT * 12)
      const res = await postTo(collector.url, JSON.stringify({ batch: [event()] }))
      expect(res.status).toBe(200)
    } finally {
      clearInterval(sampler)
      await collector.kill()
    }
  })
})

describe('a collector at its limit of batches in flight', () => {
  const LIMIT = 4
  const suite = useCollector('pglite', { maxInFlight: LIMIT })

  test('answers the next one 503 with Retry-After at once, and takes batches again when one is done', async () => {
    // Each of the first LIMIT batches is stored, then held for a second before its answer.
    suite.collector.faults.push({ delayMs: 1000, times: LIMIT })
    const held = Array.from({ length: LIMIT }, () => postTo(suite.collector.url, JSON.stringify({ batch: [event()] })))
    await waitFor(() => suite.collector.stats.posts === LIMIT, 'the held batches to arrive')
    const started = Date.now()
    const busy = await postTo(suite.collector.url, JSON.stringify({ batch: [event()] }))
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('1')
    expect(Date.now() - started).toBeLessThan(500)
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(LIMIT).fill(200))
    await stillServes(suite.collector)
  })
})

describe('the dashboard', () => {
  const suite = useCollector('pglite')
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined
  afterAll(() => chromium?.close())

  test('shows fields that carry markup as text, and runs none of it', async () => {
    const visitor = `"><img src=x onerror="window.__pwned=1">`
    const marked = [
      event({ anonymousId: visitor, kind: 'custom', name: '<img src=x onerror="window.__pwned=2">', phase: 'awareness', model: 'fivePhase', channel: '<b>bold</b>', rule: "'); drop table events; --" }),
      event({ anonymousId: visitor, url: 'https://shop.example/<script>window.__pwned=3</script>', phase: '<svg onload="window.__pwned=4">', model: 'fivePhase' }),
      // An order whose id and channels carry markup: the timeline and the revenue table show them.
      event({
        anonymousId: visitor, kind: 'purchase', phase: 'conversion', model: 'fivePhase', value: 10, currency: 'EUR',
        orderId: '<img src=x onerror="window.__pwned=5">',
        path: { channels: ['<b>path</b>'], credit: { firstTouch: { '<img src=x onerror="window.__pwned=6">': 1 }, lastTouch: { '<b>last</b>': 1 } } },
      }),
    ]
    await suite.collector.store.insertBatch({ batch: marked })
    chromium = await launchChromium()
    const tab = await chromium.newTab()
    await tab.goto(`${suite.collector.url}/?visitor=${encodeURIComponent(visitor)}`)
    const text = await waitFor(
      () => tab.evaluate(() => (document.querySelectorAll('[data-timeline] [data-event]').length === 3 && document.querySelector('[data-revenue] td') ? document.body.innerText : '')),
      'the timeline of the visitor',
    )
    expect(text).toContain('<img src=x onerror="window.__pwned=2">')
    expect(text).toContain("'); drop table events; --")
    expect(text).toContain('Order <img src=x onerror="window.__pwned=5"> · €10.00')
    expect(text).toContain('<img src=x onerror="window.__pwned=6">')
    expect(text).toContain('<b>last</b>')
    expect(await tab.evaluate(() => [(window as any).__pwned ?? null, document.querySelectorAll('img, script:not([src]), b').length])).toEqual([null, 0])
  })
})
