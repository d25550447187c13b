import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
import { splitEvents } from '../lib/splitEvents.js'
import { uid } from '../lib/uid.js'

/**
 * A stored group of events written in one task: `[createdMs, seq, random, count, bytes]`. `seq`
 * keeps the order of chunks made in the same millisecond, `random` keeps tabs apart. Keeping the
 * count and size in the key lets the flusher pick a batch and enforce the bounds from `getAllKeys()`
 * alone, without reading a single event. Array keys sort after the string keys used for the rest.
 */
export type ChunkKey = [number, number, string, number, number]
export type Key = ChunkKey | string
type Chunk = [ChunkKey, string[]]

export type DropReason = 'overflow' | 'expired' | 'rejected'
export type Dropped = Partial<Record<DropReason, number>>

export interface QueueOptions {
  /** IndexedDB database name; one database per store, as idb-keyval requires. */
  name: string
  storage: 'indexeddb' | 'memory'
  maxEvents: number
  maxBytes: number
  maxAgeMs: number
  /** Upper bounds of one stored chunk. */
  chunkEvents: number
  chunkBytes: number
  /** Called once when the queue falls back to memory, with the reason. */
  onFallback?: (reason: unknown) => void
  /** Called after events were stored. */
  onWrite?: () => void
  /**
   * A store of the queue's own, for where IndexedDB cannot be used (a Shopify pixel's sandbox or
   * worker): what it held is read before anything else, and every change is written through to it.
   */
  persist?: Persist
}

/** A key-value store that keeps the queue's entries (chunks and records) where IndexedDB is not. */
export interface Persist {
  load(): Promise<[Key, unknown][]>
  save(deleted: Key[], written: [Key, unknown][]): void
}

export interface Taken {
  keys: ChunkKey[]
  events: string[]
  dropped: Dropped
  /** Keys of the drop records that `dropped` was summed from; removed with the batch. */
  dropKeys: string[]
  /** When only the head of a chunk was taken: the chunk that replaces it, holding the rest. */
  rest?: Chunk
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
   * Hands over this tab's most recent events that no flush has put on the network yet (about a
   * beacon's worth, oldest first) and forgets them, so that a second page-hide signal does not send
   * them twice. They stay stored until a collector confirms them.
   */
  handOver(): string[]
  /** The flush is putting a taken batch on the network: a page-hide beacon need not send it too. */
  sending(taken: Taken): void
  /** Reads a small record kept beside the events (journey state, leases). */
  get<T>(key: string): Promise<T | undefined>
  /** Writes a small record in the same transaction as the next events. */
  put(key: string, value: unknown): void
  /**
   * Runs `fn` on the IndexedDB store in a transaction of its own (after what is pushed so far is
   * written); resolves to undefined when the queue keeps to memory.
   */
  store<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T | PromiseLike<T>): Promise<T | undefined>
  /** Number of events stored, as last seen by this tab. */
  size(): number
  /**
   * Deletes the database itself and everything held in memory, without ever creating it: for a
   * visitor who denied consent. The queue can be used again afterwards.
   */
  destroy(): Promise<void>
  readonly memory: boolean
}

const id = (k: ChunkKey) => k[2]
const byAge = (a: ChunkKey, b: ChunkKey) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1)
const sizeOf = (events: string[]) => events.reduce((b, e) => b + e.length + 1, 0)
// A chunk is stored as one string, its events joined by newlines (serialised JSON has none): the
// structured clone of one string is a copy, that of an array of a thousand strings is not.
const pack = ([k, events]: Chunk): [Key, string] => [k, events.join('\n')]
const unpack = (v: unknown): string[] => (typeof v == 'string' ? (v ? v.split('\n') : []) : (v as string[]) || [])
let seq = 0
/**
 * An IndexedDB request that has not settled after this long is treated as a broken IndexedDB. Safari
 * 14 could leave `indexedDB.open` pending forever on a first visit; a hung write must not hold up
 * every later one. Generous, because on a busy phone a first open can take seconds, and giving up
 * too early would start the visitor's journey afresh in memory.
 */
const OP_TIMEOUT_MS = 10000
/** How much of this tab's unsent data it keeps in memory for the page-hide beacon: one beacon. */
const RECENT_MAX_BYTES = 65536

/**
 * Creates the write-ahead event buffer: IndexedDB through idb-keyval with its own store, with a
 * memory fallback when IndexedDB is missing, blocked or failing (private modes, quota). Several tabs
 * share the IndexedDB store; nothing here assumes it is the only writer.
 * @param opts bounds and storage choice
 */
export const createQueue = (opts: QueueOptions): Queue => {
  let idb: UseStore | undefined
  let opened = false
  // New writes go to memory; set when IndexedDB is off or a write failed (quota).
  let memory = opts.storage == 'memory'
  // IndexedDB cannot even be read; set when it is missing or stops answering. While it can still be
  // read, what was stored before a write failed keeps being sent from there.
  let dead = memory
  // Memory holds everything when IndexedDB is off, and whatever could not be written to it.
  const mem = new Map<string, [Key, unknown]>()
  // Keys this tab believes are stored (its own writes plus the last listing), for the write-time bounds.
  let known: ChunkKey[] = []
  // This tab's own chunks that no flush has taken yet, for the beacon on page hide.
  let recent: Chunk[] = []
  let buffer: string[] = []
  // How many of the buffered events a page-hide beacon already took.
  let handed = 0
  // Small records keyed by name: a burst that updates the journey state a thousand times writes it once.
  let records = new Map<string, unknown>()
  let scheduled = false
  let writing: Promise<void> = Promise.resolve()
  // Tells the other tabs which chunks were delivered, so that they do not beacon them again.
  let channel = !memory && typeof BroadcastChannel == 'function' ? new BroadcastChannel('waymark:' + opts.name) : undefined

  const fallback = (reason: unknown, unreadable?: boolean) => {
    if (!memory) opts.onFallback?.(reason)
    memory = true
    if (unreadable) {
      dead = true
      channel?.close()
      channel = undefined
    }
  }

  // Runs `fn` on the IndexedDB store, or resolves to undefined when IndexedDB is not in use.
  const withIdb = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T | PromiseLike<T>): Promise<T | undefined> => {
    if (dead) return Promise.resolve(undefined)
    let timer: ReturnType<typeof setTimeout>
    try {
      return Promise.race([
        (idb ||= createStore(opts.name, 'queue'))(mode, (s) => {
          // Another tab deleting the database (consent denied there) must not be blocked by us.
          const db = s.transaction.db
          db.onversionchange = () => {
            db.close()
            idb = undefined
          }
          return fn(s)
        }).then((v) => ((opened = true), v)),
        new Promise<never>((_, reject) => (timer = setTimeout(reject, OP_TIMEOUT_MS, new Error('IndexedDB did not answer')))),
      ]).finally(() => clearTimeout(timer))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  // Deletes and puts in one transaction; puts go to memory once a write has failed.
  const commit = async (dels: Key[], puts: [Key, unknown][]) => {
    const stored = memory ? [] : puts
    if (dels.length || stored.length)
      try {
        await withIdb('readwrite', (s) => {
          for (const k of dels) s.delete(k)
          for (const [k, v] of stored) s.put(v, k)
          return promisifyRequest(s.transaction)
        })
        if (!memory) puts = []
      } catch (e) {
        fallback(e, !opened)
      }
    for (const k of dels) mem.delete(String(k))
    for (const p of puts) mem.set(String(p[0]), p)
    opts.persist?.save(dels, puts)
  }
  // What the queue's own store held, before anything else is read or written.
  const loaded = opts.persist?.load().then(
    (entries) => entries.forEach((e) => mem.has(String(e[0])) || mem.set(String(e[0]), e)),
    () => {},
  )

  const listKeys = async (): Promise<Key[]> => {
    let stored: Key[] = []
    try {
      stored = ((await withIdb('readonly', (s) => promisifyRequest(s.getAllKeys()))) || []) as Key[]
    } catch (e) {
      fallback(e, true)
    }
    return [...stored, ...[...mem.values()].map((p) => p[0])]
  }

  const getMany = async (keys: Key[]): Promise<unknown[]> => {
    const out = keys.map((k) => mem.get(String(k))?.[1])
    const missing = keys.filter((_, i) => out[i] === undefined)
    if (missing.length)
      try {
        const got = (await withIdb('readonly', (s) => Promise.all(missing.map((k) => promisifyRequest(s.get(k)))))) || []
        let j = 0
        for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = got[j++]
      } catch (e) {
        fallback(e, true)
      }
    return out
  }

  const split = (events: string[]): Chunk[] =>
    splitEvents(events, opts.chunkEvents, opts.chunkBytes).map((part) => [[Date.now(), seq++, uid(), part.length, sizeOf(part)], part])

  // The oldest keys to drop so that what is left fits the bounds, and the expired ones.
  const overBounds = (keys: ChunkKey[]) => {
    let events = 0
    let bytes = 0
    for (const k of keys) {
      events += k[3]
      bytes += k[4]
    }
    const drop: [ChunkKey, DropReason][] = []
    for (const k of keys) {
      if (k[0] < Date.now() - opts.maxAgeMs) drop.push([k, 'expired'])
      else if (events > opts.maxEvents || bytes > opts.maxBytes) drop.push([k, 'overflow'])
      else break
      events -= k[3]
      bytes -= k[4]
    }
    return drop
  }

  // A record counting dropped events; one per drop, so that tabs never race on a shared counter.
  const dropRecord = (drop: [ChunkKey, DropReason][]): [string, Dropped][] => {
    const d: Dropped = {}
    for (const [k, r] of drop) d[r] = (d[r] || 0) + k[3]
    return drop.length ? [['d:' + uid(), d]] : []
  }

  const forget = (ids: Set<string>) => {
    known = known.filter((k) => !ids.has(id(k)))
    recent = recent.filter(([k]) => !ids.has(id(k)))
  }
  if (channel) channel.onmessage = (e: MessageEvent<string[]>) => forget(new Set(e.data))
  // Drops everything this tab holds in memory: unwritten events and records, and what it knows of the store.
  const forgetAll = () => {
    buffer = []
    handed = 0
    records = new Map()
    known = []
    recent = []
    mem.clear()
  }

  const write = async () => {
    await loaded
    scheduled = false
    if (!buffer.length && !records.size) return
    let chunks = split(buffer)
    // Events a beacon already took are stored, but not offered to the next beacon again.
    let start = 0
    const unhanded: Chunk[] = []
    for (const [k, e] of chunks) {
      if (start + e.length > handed) unhanded.push([k, e.slice(Math.max(0, handed - start))])
      start += e.length
    }
    buffer = []
    handed = 0
    known.push(...chunks.map(([k]) => k))
    const drop = overBounds(known.sort(byAge))
    const gone = new Set(drop.map(([k]) => id(k)))
    forget(gone)
    // Chunks of this very write can be over the bounds too: those are never stored at all.
    chunks = chunks.filter(([k]) => !gone.has(id(k)))
    recent.push(...unhanded.filter(([k]) => !gone.has(id(k))))
    // Keep only the newest beacon's worth.
    for (let i = recent.length, bytes = 0; i--; )
      if ((bytes += recent[i][0][4]) > RECENT_MAX_BYTES) {
        recent = recent.slice(i + 1)
        break
      }
    const puts: [Key, unknown][] = [...chunks.map(pack), ...records, ...dropRecord(drop)]
    records = new Map()
    await commit(
      drop.map(([k]) => k),
      puts,
    )
    if (chunks.length) opts.onWrite?.()
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
      schedule()
    },
    written: () => (scheduled ? flushWrites() : writing),
    async take(maxEvents, maxBytes) {
      await loaded
      await queue.written()
      const all = await listKeys()
      const chunks = all.filter((k): k is ChunkKey => Array.isArray(k)).sort(byAge)
      const drops = all.filter((k): k is string => typeof k == 'string' && k.startsWith('d:'))
      const over = overBounds(chunks)
      if (over.length) {
        const rec = dropRecord(over)
        await commit(
          over.map(([k]) => k),
          rec,
        )
        drops.push(rec[0][0])
      }
      known = chunks.slice(over.length)
      const keys: ChunkKey[] = []
      let n = 0
      let bytes = 0
      for (const k of known) {
        if (keys.length && (n + k[3] > maxEvents || bytes + k[4] > maxBytes)) break
        keys.push(k)
        n += k[3]
        bytes += k[4]
      }
      // Chunks no longer stored were delivered by another tab: a page-hide beacon need not send them.
      // Those taken here stay in the hand-over until the flush puts them on the network (sending()).
      const stored = new Set(known.map(id))
      recent = recent.filter(([k]) => stored.has(id(k)))
      if (!keys.length) return
      const values = await getMany([...keys, ...drops])
      const events = values.slice(0, keys.length).flatMap(unpack)
      const dropped: Dropped = {}
      for (const v of values.slice(keys.length))
        for (const [r, c] of Object.entries((v as Dropped) || {})) dropped[r as DropReason] = (dropped[r as DropReason] || 0) + c!
      // One chunk larger than the limits (they shrank after a 413): hand out its head only.
      let fit = 0
      for (let b = 0; fit < events.length && fit < maxEvents && (b += events[fit].length + 1) <= maxBytes; ) fit++
      let rest: Chunk | undefined
      if (fit < events.length) {
        const tail = events.splice(Math.max(fit, 1))
        const k = keys[0]
        rest = [[k[0], k[1], uid(), tail.length, sizeOf(tail)], tail]
      }
      return { keys, events, dropped, dropKeys: drops, rest }
    },
    async remove(taken, reason) {
      const ids = new Set(taken.keys.map(id))
      forget(ids)
      channel?.postMessage([...ids])
      if (taken.rest) known.push(taken.rest[0])
      // A refused batch may have carried earlier drop counts: those stay for the next batch.
      await commit(
        [...taken.keys, ...(reason ? [] : taken.dropKeys)],
        [...(taken.rest ? [pack(taken.rest)] : []), ...(reason ? [['d:' + uid(), { [reason]: taken.events.length }] as [string, Dropped]] : [])],
      )
    },
    sending(taken) {
      recent = recent.filter(([k]) => !taken.keys.some((t) => id(t) == id(k)))
    },
    handOver() {
      const events = [...recent.flatMap(([, e]) => e), ...buffer.slice(handed)]
      recent = []
      handed = buffer.length
      return events
    },
    async get<T>(key: string) {
      await loaded
      if (mem.has(key)) return mem.get(key)![1] as T
      try {
        return (await withIdb('readonly', (s) => promisifyRequest(s.get(key)))) as T | undefined
      } catch (e) {
        fallback(e, true)
      }
    },
    put(key, value) {
      records.set(key, value)
      schedule()
    },
    async store(mode, fn) {
      await queue.written()
      return memory ? undefined : withIdb(mode, fn)
    },
    size: () => known.reduce((n, k) => n + k[3], 0),
    async destroy() {
      forgetAll()
      await writing.catch(() => {})
      if (opened && idb) await idb('readonly', (s) => s.transaction.db.close()).catch(() => {})
      idb = undefined
      opened = false
      memory = dead = opts.storage == 'memory'
      if (!dead)
        await new Promise<void>((resolve) => {
          try {
            const r = indexedDB.deleteDatabase(opts.name)
            // Blocked by a tab that does not let go: the delete completes once it does.
            r.onsuccess = r.onerror = r.onblocked = () => resolve()
          } catch {
            resolve()
          }
        })
    },
    get memory() {
      return memory
    },
  }
  return queue
}
