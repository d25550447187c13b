import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
import { uid } from '../lib/uid.js'

/**
 * A stored group of events written in one task: `[createdMs, seq, random, count, bytes]`. `seq`
 * keeps the order of chunks made in the same millisecond, `random` keeps tabs apart. Keeping the
 * count and size in the key lets the flusher pick a batch and enforce the bounds from `getAllKeys()`
 * alone, without reading a single event. Array keys sort after the string keys used for the rest.
 */
export type ChunkKey = [number, number, string, number, number]

export type DropReason = 'overflow' | 'expired' | 'rejected'
export type Dropped = Partial<Record<DropReason, number>>

export interface QueueOptions {
  /** IndexedDB database name; one database per store, as idb-keyval requires. */
  name: string
  storage: 'indexeddb' | 'memory'
  maxEvents: number
  maxBytes: number
  maxAgeMs: number
  /** Upper bounds of one stored chunk, so that any chunk fits into one batch. */
  chunkEvents: number
  chunkBytes: number
  /** Called once when the queue falls back to memory, with the reason. */
  onFallback?: (reason: unknown) => void
  /** Called after events were stored. */
  onWrite?: () => void
}

export interface Taken {
  keys: ChunkKey[]
  events: string[]
  dropped: Dropped
  /** Keys of the drop records that `dropped` was summed from; removed with the batch. */
  dropKeys: string[]
  /** When only the head of a chunk was taken: the chunk that replaces it, holding the rest. */
  rest?: [ChunkKey, string[]]
}

export interface Queue {
  /** Buffers one serialised event; everything pushed in the same task is written in one transaction. */
  push(json: string): void
  /** Resolves when everything pushed so far is stored (or failed over to memory). */
  written(): Promise<void>
  /** The oldest events, up to the limits, after dropping what is over the bounds or too old. */
  take(maxEvents: number, maxBytes: number): Promise<Taken | undefined>
  /** Removes a delivered batch; with a reason, counts it as dropped for the next batch. */
  remove(taken: Taken, reason?: DropReason): Promise<void>
  /**
   * Hands over this tab's most recent events that no flush has taken yet (about a beacon's worth,
   * oldest first) and forgets them, so that a second page-hide signal does not send them twice.
   * They stay stored until a collector confirms them.
   */
  handOver(): string[]
  /** Reads a small record kept beside the events (journey state, leases). */
  get<T>(key: string): Promise<T | undefined>
  /** Writes a small record in the same transaction as the next events, or on its own. */
  put(key: string, value: unknown): void
  /** Reads and rewrites a small record in one transaction, atomic across tabs. */
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<T | undefined>
  /** Number of events stored, as last seen by this tab. */
  size(): number
  clear(): Promise<void>
  readonly memory: boolean
}

const keyId = (k: ChunkKey) => k[2]
const byAge = (a: ChunkKey, b: ChunkKey) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1)
let seq = 0
/** Safari 14 could leave `indexedDB.open` pending forever on a first visit; give up on it after this. */
const OPEN_TIMEOUT_MS = 3000
/** How much of this tab's unsent data it keeps in memory for the page-hide beacon. */
const UNSENT_MAX_BYTES = 65536

/**
 * Creates the write-ahead event buffer: IndexedDB through idb-keyval with its own store, with a
 * memory fallback when IndexedDB is missing, blocked or failing (private modes, quota). Several tabs
 * share the IndexedDB store; nothing here assumes it is the only writer.
 * @param opts bounds and storage choice
 */
export const createQueue = (opts: QueueOptions): Queue => {
  let idb: UseStore | undefined
  let memory = opts.storage == 'memory'
  // Memory holds everything when IndexedDB is off, and whatever could not be written to it.
  const mem = new Map<string, [ChunkKey | string, unknown]>()
  // Keys this tab believes are stored (its own writes plus the last listing), for the write-time bounds.
  let known: ChunkKey[] = []
  // This tab's own recent events that no flush has taken yet, for the beacon on page hide.
  let recent: string[] = []
  let buffer: string[] = []
  // Small records keyed by name: a burst that updates the journey state a thousand times writes it once.
  let records = new Map<string, unknown>()
  let scheduled = false
  let writing: Promise<void> = Promise.resolve()

  const fallback = (reason: unknown) => {
    if (!memory) {
      memory = true
      opts.onFallback?.(reason)
    }
  }

  let opened = false
  // Runs `fn` on the IndexedDB store, or resolves to undefined when IndexedDB is not in use.
  const withIdb = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T | PromiseLike<T>): Promise<T | undefined> => {
    if (memory) return Promise.resolve(undefined)
    try {
      const run = (idb ||= createStore(opts.name, 'queue'))(mode, fn)
      if (opened) return run
      let timer: ReturnType<typeof setTimeout>
      return Promise.race([
        run.then((v) => ((opened = true), v)),
        new Promise<never>((_, reject) => (timer = setTimeout(reject, OPEN_TIMEOUT_MS, new Error('IndexedDB did not open')))),
      ]).finally(() => clearTimeout(timer))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  const chunk = (events: string[]): [ChunkKey, string[]][] => {
    const out: [ChunkKey, string[]][] = []
    let part: string[] = []
    let bytes = 0
    const close = () => {
      if (part.length) out.push([[Date.now(), seq++, uid(), part.length, bytes], part])
      part = []
      bytes = 0
    }
    for (const e of events) {
      if (part.length >= opts.chunkEvents || (part.length && bytes + e.length > opts.chunkBytes)) close()
      part.push(e)
      bytes += e.length + 1
    }
    close()
    return out
  }

  // Oldest keys to drop so that what is left fits the bounds; also the expired ones.
  const overBounds = (keys: ChunkKey[], now: number) => {
    let events = 0
    let bytes = 0
    for (const k of keys) {
      events += k[3]
      bytes += k[4]
    }
    const drop: [ChunkKey, DropReason][] = []
    for (const k of keys) {
      if (k[0] < now - opts.maxAgeMs) drop.push([k, 'expired'])
      else if (events > opts.maxEvents || bytes > opts.maxBytes) drop.push([k, 'overflow'])
      else break
      events -= k[3]
      bytes -= k[4]
    }
    return drop
  }

  const countDrops = (drop: [ChunkKey, DropReason][]): [string, Dropped] | undefined => {
    if (!drop.length) return
    const d: Dropped = {}
    for (const [k, r] of drop) d[r] = (d[r] || 0) + k[3]
    return ['d:' + uid(), d]
  }

  const write = async () => {
    scheduled = false
    if (!buffer.length && !records.size) return
    let chunks = chunk(buffer)
    buffer = []
    for (const c of chunks) known.push(c[0])
    let bytes = 0
    for (let i = recent.length; i--; )
      if ((bytes += recent[i].length) > UNSENT_MAX_BYTES) {
        recent = recent.slice(i + 1)
        break
      }
    const drop = overBounds(known.sort(byAge), Date.now())
    const dels = drop.map(([k]) => k)
    forget(dels)
    // Chunks of this very write can be over the bounds too: those are never stored at all.
    const gone = new Set(dels.map(keyId))
    chunks = chunks.filter(([k]) => !gone.has(keyId(k)))
    const puts: [ChunkKey | string, unknown][] = [...chunks, ...records]
    records = new Map()
    const dropRecord = countDrops(drop)
    if (dropRecord) puts.push(dropRecord)
    await commit(dels, puts)
    if (chunks.length) opts.onWrite?.()
  }

  // Deletes and puts in one transaction (or in memory once IndexedDB has failed).
  const commit = async (dels: (ChunkKey | string)[], puts: [ChunkKey | string, unknown][]) => {
    const toMem = () => {
      for (const k of dels) mem.delete(String(k))
      for (const p of puts) mem.set(String(p[0]), p)
    }
    if (memory) return toMem()
    try {
      await withIdb('readwrite', (s) => {
        for (const k of dels) s.delete(k)
        for (const [k, v] of puts) s.put(v, k)
        return promisifyRequest(s.transaction)
      })
      // Whatever was in memory under these keys is superseded.
      for (const k of dels) mem.delete(String(k))
    } catch (e) {
      fallback(e)
      toMem()
    }
  }

  const forget = (keys: ChunkKey[]) => {
    const gone = new Set(keys.map(keyId))
    known = known.filter((k) => !gone.has(keyId(k)))
  }

  const listKeys = async (): Promise<(ChunkKey | string)[]> => {
    let stored: IDBValidKey[] = []
    try {
      stored = (await withIdb('readonly', (s) => promisifyRequest(s.getAllKeys()))) || []
    } catch (e) {
      fallback(e)
    }
    return [...(stored as (ChunkKey | string)[]), ...[...mem.values()].map((p) => p[0])]
  }

  const getMany = async (keys: (ChunkKey | string)[]): Promise<unknown[]> => {
    const out: unknown[] = keys.map((k) => mem.get(String(k))?.[1])
    const missing = keys.filter((_, i) => out[i] === undefined)
    if (missing.length) {
      try {
        const got = (await withIdb('readonly', (s) => Promise.all(missing.map((k) => promisifyRequest(s.get(k)))))) || []
        let j = 0
        for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = got[j++]
      } catch (e) {
        fallback(e)
      }
    }
    return out
  }

  const flushWrites = () => (writing = writing.then(write, write))
  const schedule = () => {
    if (!scheduled) {
      scheduled = true
      // A microtask runs once the caller's task has queued all it is going to queue, so a burst of
      // calls in one task becomes one transaction.
      queueMicrotask(flushWrites)
    }
  }

  const queue: Queue = {
    push(json) {
      buffer.push(json)
      recent.push(json)
      schedule()
    },
    written: () => (scheduled ? flushWrites() : writing),
    async take(maxEvents, maxBytes) {
      await queue.written()
      const all = await listKeys()
      const chunks = all.filter((k): k is ChunkKey => Array.isArray(k)).sort(byAge)
      const drops = all.filter((k): k is string => typeof k == 'string' && k.startsWith('d:'))
      const over = overBounds(chunks, Date.now())
      if (over.length) {
        const rec = countDrops(over)!
        await commit(over.map(([k]) => k), [rec])
        forget(over.map(([k]) => k))
        drops.push(rec[0])
      }
      const left = chunks.slice(over.length)
      known = left
      const keys: ChunkKey[] = []
      let n = 0
      let bytes = 0
      for (const k of left) {
        if (keys.length && (n + k[3] > maxEvents || bytes + k[4] > maxBytes)) break
        keys.push(k)
        n += k[3]
        bytes += k[4]
      }
      if (!keys.length) return
      const values = await getMany([...keys, ...drops])
      const events: string[] = []
      // From here on the flush is responsible for these; a page-hide beacon need not send them too.
      if (recent.length) {
        const taken = new Set(values.slice(0, keys.length).flat() as string[])
        recent = recent.filter((e) => !taken.has(e))
      }
      const dropped: Dropped = {}
      values.forEach((v, i) => {
        if (i < keys.length) events.push(...((v as string[]) || []))
        else for (const [r, c] of Object.entries((v as Dropped) || {})) dropped[r as DropReason] = (dropped[r as DropReason] || 0) + c!
      })
      // One chunk larger than the limits (they shrank after a 413): hand out its head only.
      let rest: Taken['rest']
      let fit = 0
      for (let b = 0; fit < events.length && fit < maxEvents && (b += events[fit].length + 1) <= maxBytes; ) fit++
      if (fit < events.length) {
        const tail = events.splice(Math.max(fit, 1))
        const k = keys[0]
        rest = [[k[0], k[1], uid(), tail.length, tail.reduce((b, e) => b + e.length + 1, 0)], tail]
      }
      return { keys, events, dropped, dropKeys: drops, rest }
    },
    async remove(taken, reason) {
      forget(taken.keys)
      const puts: [ChunkKey | string, unknown][] = taken.rest ? [taken.rest] : []
      if (taken.rest) known.push(taken.rest[0])
      if (reason) puts.push(['d:' + uid(), { [reason]: taken.events.length }])
      // A refused batch may have carried earlier drop counts: those stay for the next batch.
      await commit([...taken.keys, ...(reason ? [] : taken.dropKeys)], puts)
    },
    handOver() {
      const events = recent
      recent = []
      return events
    },
    async get<T>(key: string) {
      if (mem.has(key)) return mem.get(key)![1] as T
      try {
        return (await withIdb('readonly', (s) => promisifyRequest(s.get(key)))) as T | undefined
      } catch (e) {
        fallback(e)
      }
    },
    put(key, value) {
      records.set(key, value)
      schedule()
    },
    async update<T>(key: string, fn: (old: T | undefined) => T) {
      await queue.written()
      if (!memory && !mem.has(key)) {
        try {
          return await withIdb(
            'readwrite',
            (s) =>
              new Promise<T>((resolve, reject) => {
                // Stay inside the request's success event: the transaction is still active there.
                s.get(key).onsuccess = function () {
                  try {
                    const v = fn(this.result)
                    s.put(v, key)
                    resolve(promisifyRequest(s.transaction).then(() => v))
                  } catch (e) {
                    reject(e)
                  }
                }
              }),
          )
        } catch (e) {
          fallback(e)
        }
      }
      const v = fn(mem.get(key)?.[1] as T | undefined)
      mem.set(key, [key, v])
      return v
    },
    size: () => known.reduce((n, k) => n + k[3], 0),
    async clear() {
      buffer = []
      records = new Map()
      known = []
      recent = []
      mem.clear()
      await writing
      try {
        await withIdb('readwrite', (s) => promisifyRequest(s.clear()))
      } catch (e) {
        fallback(e)
      }
    },
    get memory() {
      return memory
    },
  }
  return queue
}
