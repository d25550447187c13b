import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createQueue, type Queue } from '../../src/queue/createQueue.js'
import { backoff, createFlusher, verdict } from '../../src/transport/createFlusher.js'
import type { SendResult } from '../../src/transport/send.js'

const ev = (i: number) => JSON.stringify({ id: 'e' + i })
let queue: Queue
let bodies: string[]
let answers: SendResult[]
let onHide: string[]
let stops: (() => void)[] = []

const make = (o: { batchSize?: number; onHideOk?: boolean } = {}) => {
  // Bound to this test's arrays, so that a timer left over from an earlier test cannot touch them.
  const [sink, script, hidden] = [bodies, answers, onHide]
  const f = createFlusher({
    queue,
    name: 'test',
    batchSize: o.batchSize ?? 10,
    batchBytes: 1e6,
    flushIntervalMs: 1000,
    encode: (events, batchId, dropped) => JSON.stringify({ batchId, dropped, batch: events.map((e) => JSON.parse(e)) }),
    deliver: async (body) => {
      sink.push(body)
      return script.shift() ?? { status: 200 }
    },
    deliverOnHide: (body) => (hidden.push(body), o.onHideOk ?? true),
    log: () => {},
  })
  stops.push(f.stop)
  return f
}

const sent = () => bodies.flatMap((b) => JSON.parse(b).batch.map((e: { id: string }) => e.id))

const newQueue = (storage: 'indexeddb' | 'memory') =>
  createQueue({ name: 't', storage, maxEvents: 1e4, maxBytes: 1e7, maxAgeMs: 1e9, chunkEvents: 10, chunkBytes: 1e6 })
// Timing tests fake the clock; fake-indexeddb runs on real macrotasks, so they use the memory queue.
const withFakeClock = () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] })
  queue = newQueue('memory')
}

beforeEach(() => {
  queue = newQueue('indexeddb')
  bodies = []
  answers = []
  onHide = []
})
afterEach(() => {
  stops.forEach((stop) => stop())
  stops = []
  vi.useRealTimers()
})

describe('createFlusher', () => {
  test('sends queued events in batches and removes them after a 2xx', async () => {
    const f = make({ batchSize: 4 })
    for (let i = 0; i < 10; i++) queue.push(ev(i))
    const r = await f.flush()
    expect(r).toEqual({ sent: 10, ok: true })
    expect(bodies.length).toBe(3)
    expect(sent()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => 'e' + i))
    expect(await queue.take(100, 1e6)).toBeUndefined()
  })

  test('keeps a batch and its ids after a 500, and sends the same ids with the same batch id later', async () => {
    const f = make()
    queue.push(ev(1))
    answers.push({ status: 500 })
    expect(await f.flush()).toEqual({ sent: 0, ok: false })
    expect(await f.flush()).toEqual({ sent: 1, ok: true })
    const [a, b] = bodies.map((x) => JSON.parse(x))
    expect(a.batch).toEqual(b.batch)
    expect(a.batchId).toBe(b.batchId)
  })

  test('waits out Retry-After before the next automatic attempt', async () => {
    withFakeClock()
    const f = make()
    queue.push(ev(1))
    answers.push({ status: 429, retryAfterMs: 30000 })
    await f.flush()
    f.queued()
    await vi.advanceTimersByTimeAsync(29000)
    expect(bodies.length).toBe(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(bodies.length).toBe(2)
    expect(await queue.take(10, 1e6)).toBeUndefined()
  })

  test('drops a batch the collector refuses with a 400 and reports it in the next batch', async () => {
    const f = make({ batchSize: 1 })
    queue.push(ev(1))
    await queue.written()
    queue.push(ev(2))
    answers.push({ status: 400 })
    expect(await f.flush()).toEqual({ sent: 1, ok: true })
    expect(JSON.parse(bodies[1]).dropped).toEqual({ rejected: 1 })
    expect(sent()).toEqual(['e1', 'e2'])
  })

  test('halves the batch after a 413 instead of dropping it', async () => {
    const f = make({ batchSize: 10 })
    for (let i = 0; i < 8; i++) queue.push(ev(i))
    answers.push({ status: 413 })
    await f.flush()
    expect(bodies.map((b) => JSON.parse(b).batch.length)).toEqual([8, 4, 4])
  })

  test('flushes at once when a batch is full, and after the interval otherwise', async () => {
    withFakeClock()
    const f = make({ batchSize: 5 })
    queue.push(ev(1))
    await queue.written()
    f.queued()
    await vi.advanceTimersByTimeAsync(900)
    expect(bodies.length).toBe(0)
    await vi.advanceTimersByTimeAsync(200)
    expect(bodies.length).toBe(1)
    for (let i = 0; i < 5; i++) queue.push(ev(10 + i))
    await queue.written()
    f.queued()
    await vi.advanceTimersByTimeAsync(10)
    expect(bodies.length).toBe(2)
  })

  test('on page hide hands this tab’s unsent events to the beacon once, split under 64 KiB', async () => {
    const f = make()
    const big = (i: number) => JSON.stringify({ id: 'b' + i, pad: 'x'.repeat(20000) })
    for (let i = 0; i < 5; i++) queue.push(big(i))
    f.hide()
    f.hide()
    expect(onHide.length).toBe(2)
    expect(onHide.every((b) => b.length < 65536)).toBe(true)
    expect(onHide.flatMap((b) => JSON.parse(b).batch.map((e: { id: string }) => e.id))).toEqual(['b0', 'b1', 'b2', 'b3', 'b4'])
    // Still stored: a beacon does not say whether the collector took it.
    expect((await queue.take(10, 1e7))!.events.length).toBe(5)
  })

  test('a page hidden while a flush is still reading its batch hands that batch to the beacon', async () => {
    const f = make()
    for (let i = 0; i < 3; i++) queue.push(ev(i))
    await queue.written()
    // The tab goes hidden (a flush starts), and the page is closed before the flush reaches the network.
    const take = queue.take
    queue.take = async (n, bytes) => {
      const taken = await take(n, bytes)
      f.hide()
      return taken
    }
    await f.flush()
    const inBeacon = onHide.flatMap((b) => JSON.parse(b).batch.map((e: { id: string }) => e.id))
    expect(inBeacon).toEqual(['e0', 'e1', 'e2'])
    expect(sent()).toEqual(['e0', 'e1', 'e2'])
  })

  test('a batch already on its way to the collector is not sent again by the beacon', async () => {
    const f = make()
    for (let i = 0; i < 3; i++) queue.push(ev(i))
    // The page is closed while the request is out: after deliver(), before the answer is acted on.
    const remove = queue.remove
    queue.remove = (taken, reason) => {
      f.hide()
      return remove(taken, reason)
    }
    await f.flush()
    expect(onHide).toEqual([])
    expect(sent()).toEqual(['e0', 'e1', 'e2'])
  })

  test('tells a bad batch (400, 422) from a busy collector (network, 408, 429, 5xx) and from none at all (404, 405, other 4xx)', () => {
    expect([200, 202, 204].map(verdict)).toEqual(['sent', 'sent', 'sent'])
    expect([400, 422].map(verdict)).toEqual(['bad', 'bad'])
    expect(verdict(413)).toBe('smaller')
    expect([0, 408, 429, 500, 502, 503].every((s) => verdict(s) == 'busy')).toBe(true)
    expect([401, 403, 404, 405, 410, 415].every((s) => verdict(s) == 'absent')).toBe(true)
  })

  test('keeps the events when nobody takes batches at the endpoint (404), and asks again a minute or more later', async () => {
    withFakeClock()
    const f = make()
    queue.push(ev(1))
    answers.push({ status: 404 }, { status: 405 })
    expect(await f.flush()).toEqual({ sent: 0, ok: false })
    f.queued()
    await vi.advanceTimersByTimeAsync(29000)
    expect(bodies.length).toBe(1)
    await vi.advanceTimersByTimeAsync(62000)
    expect(bodies.length).toBe(2)
    // The second answer (405) backs off further; then the collector is there.
    await vi.advanceTimersByTimeAsync(190000)
    expect(bodies.length).toBe(3)
    expect(sent()).toEqual(['e1', 'e1', 'e1'])
    expect(await queue.take(10, 1e6)).toBeUndefined()
  })

  test('a wall clock set back does not hold a retry back: the wait is kept on the monotonic clock', async () => {
    withFakeClock()
    const f = make()
    queue.push(ev(1))
    answers.push({ status: 503 })
    await f.flush()
    f.queued()
    vi.setSystemTime(Date.now() - 86400000)
    await vi.advanceTimersByTimeAsync(2000)
    expect(bodies.length).toBe(2)
  })

  test('backs off exponentially with jitter, capped at five minutes', () => {
    const samples = (n: number) => Array.from({ length: 200 }, () => backoff(n))
    expect(Math.min(...samples(1))).toBeGreaterThanOrEqual(500)
    expect(Math.max(...samples(1))).toBeLessThanOrEqual(1500)
    expect(Math.min(...samples(4))).toBeGreaterThanOrEqual(4000)
    expect(Math.max(...samples(30))).toBeLessThanOrEqual(450000)
    expect(new Set(samples(3)).size).toBeGreaterThan(100)
  })
})
