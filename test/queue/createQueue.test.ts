import { describe, expect, test, vi } from 'vitest'
import { createQueue, type QueueOptions } from '../../src/queue/createQueue.js'

const make = (o: Partial<QueueOptions> = {}) =>
  createQueue({
    name: 'test',
    storage: 'indexeddb',
    maxEvents: 1000,
    maxBytes: 1e6,
    maxAgeMs: 864e5,
    chunkEvents: 100,
    chunkBytes: 1e5,
    ...o,
  })

const ev = (i: number) => JSON.stringify({ id: 'e' + i })

// Counts readwrite transactions opened on IndexedDB.
const countWrites = () => {
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction')
  return () => spy.mock.calls.filter((c) => c[1] == 'readwrite').length
}

describe('createQueue', () => {
  test('writes a burst of pushes in one task as one transaction', async () => {
    const q = make()
    await q.get('warm-up')
    const writes = countWrites()
    for (let i = 0; i < 1000; i++) q.push(ev(i))
    await q.written()
    expect(writes()).toBe(1)
    const taken = await q.take(1000, 1e6)
    expect(taken?.events.length).toBe(1000)
  })

  test('hands out the oldest events first, whole chunks within the limits', async () => {
    const q = make({ chunkEvents: 3 })
    for (let i = 0; i < 7; i++) q.push(ev(i))
    const first = await q.take(6, 1e6)
    expect(first!.events).toEqual([0, 1, 2, 3, 4, 5].map(ev))
    await q.remove(first!)
    const rest = await q.take(6, 1e6)
    expect(rest!.events).toEqual([ev(6)])
    await q.remove(rest!)
    expect(await q.take(6, 1e6)).toBeUndefined()
  })

  test('keeps events stored until they are removed', async () => {
    const q = make()
    q.push(ev(1))
    await q.written()
    const again = make()
    expect((await again.take(10, 1e6))!.events).toEqual([ev(1)])
  })

  test('drops the oldest events beyond the count bound and reports how many', async () => {
    const q = make({ maxEvents: 5, chunkEvents: 1 })
    for (let i = 0; i < 8; i++) q.push(ev(i))
    await q.written()
    const taken = await q.take(100, 1e6)
    expect(taken!.events).toEqual([3, 4, 5, 6, 7].map(ev))
    expect(taken!.dropped).toEqual({ overflow: 3 })
    await q.remove(taken!)
    q.push(ev(9))
    expect((await q.take(100, 1e6))!.dropped).toEqual({})
  })

  test('drops events older than the maximum age', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const q = make({ maxAgeMs: 1000, chunkEvents: 1 })
    q.push(ev(1))
    await q.written()
    vi.setSystemTime(Date.now() + 5000)
    q.push(ev(2))
    const taken = await q.take(100, 1e6)
    expect(taken!.events).toEqual([ev(2)])
    expect(taken!.dropped).toEqual({ expired: 1 })
    vi.useRealTimers()
  })

  test('falls back to memory and keeps every event when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const onFallback = vi.fn()
    const q = make({ onFallback })
    q.push(ev(1))
    q.push(ev(2))
    expect((await q.take(10, 1e6))!.events).toEqual([ev(1), ev(2)])
    expect(q.memory).toBe(true)
    expect(onFallback).toHaveBeenCalledOnce()
  })

  test('falls back to memory when a write fails, without losing that write', async () => {
    const q = make()
    await q.get('warm-up')
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    q.push(ev(1))
    await q.written()
    vi.restoreAllMocks()
    expect(q.memory).toBe(true)
    expect((await q.take(10, 1e6))!.events).toEqual([ev(1)])
  })

  test('after a write failed, still sends what IndexedDB held from before', async () => {
    const q = make()
    q.push(ev(0))
    await q.written()
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    q.push(ev(1))
    await q.written()
    vi.restoreAllMocks()
    const taken = await q.take(10, 1e6)
    expect(taken!.events).toEqual([ev(0), ev(1)])
    await q.remove(taken!)
    expect(await q.take(10, 1e6)).toBeUndefined()
  })

  test('counts a refused batch as rejected in the next one', async () => {
    const q = make({ chunkEvents: 2 })
    for (let i = 0; i < 4; i++) q.push(ev(i))
    const bad = await q.take(2, 1e6)
    await q.remove(bad!, 'rejected')
    const next = await q.take(2, 1e6)
    expect(next!.events).toEqual([ev(2), ev(3)])
    expect(next!.dropped).toEqual({ rejected: 2 })
  })

  test('hands recent events over for a beacon once, and not those a flush is already sending', async () => {
    const q = make({ chunkEvents: 1 })
    q.push(ev(1))
    q.sending((await q.take(1, 1e6))!)
    q.push(ev(2))
    expect(q.handOver()).toEqual([ev(2)])
    expect(q.handOver()).toEqual([])
  })

  test('a batch a flush has taken but not yet sent still goes in the hand-over', async () => {
    const q = make({ chunkEvents: 1 })
    q.push(ev(1))
    q.push(ev(2))
    await q.take(1, 1e6)
    expect(q.handOver()).toEqual([ev(1), ev(2)])
  })

  test('hands out the head of a chunk that is over the limits and keeps the rest in its place', async () => {
    const q = make({ chunkEvents: 10 })
    for (let i = 0; i < 5; i++) q.push(ev(i))
    await q.written()
    q.push(ev(5))
    const head = await q.take(2, 1e6)
    expect(head!.events).toEqual([ev(0), ev(1)])
    await q.remove(head!)
    expect((await q.take(100, 1e6))!.events).toEqual([2, 3, 4, 5].map(ev))
  })

  test('a second hand-over does not repeat what the first one took, even before it was written', async () => {
    const q = make()
    q.push(ev(1))
    expect(q.handOver()).toEqual([ev(1)])
    q.push(ev(2))
    await q.written()
    expect(q.handOver()).toEqual([ev(2)])
    expect((await q.take(10, 1e6))!.events).toEqual([ev(1), ev(2)])
  })

  test('does not hand over events another tab has delivered', async () => {
    const a = make({ chunkEvents: 1 })
    const b = make({ chunkEvents: 1 })
    a.push(ev(1))
    await a.written()
    const taken = await b.take(10, 1e6)
    await b.remove(taken!)
    await new Promise((r) => setTimeout(r, 20))
    expect(a.handOver()).toEqual([])
  })

  test('treats an IndexedDB that stops answering as broken and keeps going in memory', async () => {
    const q = make()
    await q.get('warm-up')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      // A transaction that never completes, as a wedged IndexedDB gives.
      return { objectStore: () => ({ put() {}, delete() {} }), oncomplete: null } as never
    })
    q.push(ev(1))
    const done = q.written()
    await vi.advanceTimersByTimeAsync(10001)
    await done
    vi.useRealTimers()
    vi.restoreAllMocks()
    expect(q.memory).toBe(true)
    expect((await q.take(10, 1e6))!.events).toEqual([ev(1)])
  })

  test('store() runs a read-write transaction on the shared store, after what was pushed', async () => {
    const q = make()
    q.put('n', 1)
    expect(await q.store('readwrite', (s) => new Promise((resolve) => (s.get('n').onsuccess = function () { s.put(this.result + 1, 'n'); resolve(this.result) })))).toBe(1)
    expect(await make().get('n')).toBe(2)
    expect(await make({ storage: 'memory' }).store('readonly', () => 1)).toBeUndefined()
  })

  test('memory storage never opens IndexedDB', async () => {
    const open = vi.spyOn(indexedDB, 'open')
    const q = make({ storage: 'memory' })
    q.push(ev(1))
    expect((await q.take(10, 1e6))!.events).toEqual([ev(1)])
    expect(open).not.toHaveBeenCalled()
  })
})
