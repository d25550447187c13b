import type { Transport } from './transport/send.js'
import type { Batch, Storage, WireEvent } from './types.js'

/** Options of `createTracker`. */
export interface TrackerOptions {
  /** Collector URL, absolute or relative to the page. Required unless `transport` is given. */
  endpoint?: string
  /** Where the queue and journey state live. Default `'indexeddb'`, falling back to memory by itself. */
  storage?: Storage
  /** Milliseconds between a first queued event and its flush. Default 3000. */
  flushInterval?: number
  /** Most events in one request; a full batch is sent at once. Default 250. */
  batchSize?: number
  /** Most bytes of events in one request. Default 256 KiB. */
  batchBytes?: number
  /** Most events kept while the collector cannot be reached; the oldest go first. Default 10,000. */
  maxQueueEvents?: number
  /** Most bytes of events kept while the collector cannot be reached. Default 5 MiB. */
  maxQueueBytes?: number
  /** Events older than this many milliseconds are dropped unsent. Default 7 days. */
  maxAge?: number
  /** Gzip request bodies (the collector must accept `Content-Encoding: gzip`). Default false. */
  compress?: boolean
  /** Log every touchpoint and every send to the console. Default false. */
  debug?: boolean
  /** Record a page view when the tracker starts. Default true. */
  autoCapture?: boolean
  /** Names the IndexedDB database, to keep two trackers on one site apart. Default `'waymark'`. */
  name?: string
  /** Turns a batch into the request body; default the native JSON format. See `segmentFormat`. */
  format?: (batch: Batch) => string
  /** Delivers a body your own way instead of POSTing it to `endpoint` (which is then optional). */
  transport?: Transport
  /** Called with every event as it is queued, already classified. */
  onEvent?: (event: WireEvent) => void
}

export type Config = Required<Omit<TrackerOptions, 'format' | 'transport' | 'onEvent'>> & Pick<TrackerOptions, 'format' | 'transport' | 'onEvent'>

const fail = (option: string, expected: string, got: unknown): never => {
  throw new TypeError(`waymark: option "${option}" must be ${expected}, got ${typeof got == 'string' ? JSON.stringify(got) : String(got)}`)
}

const count = (o: TrackerOptions, key: keyof TrackerOptions, fallback: number, min = 1) => {
  const v = o[key]
  if (v === undefined) return fallback
  return typeof v == 'number' && v >= min && v < Infinity ? v : fail(key, `a number of at least ${min}`, v)
}

const flag = (o: TrackerOptions, key: keyof TrackerOptions, fallback: boolean) => {
  const v = o[key]
  return v === undefined ? fallback : typeof v == 'boolean' ? v : fail(key, 'true or false', v)
}

/**
 * Checks the caller's options and fills in the defaults, without changing the caller's object.
 * @throws TypeError naming the first option that is wrong
 */
export const resolveOptions = (options: TrackerOptions): Config => {
  if (!options || typeof options != 'object') fail('options', 'an object', options)
  const o = { ...options }
  for (const key of ['format', 'transport', 'onEvent'] as const)
    if (o[key] !== undefined && typeof o[key] != 'function') fail(key, 'a function', o[key])
  // With a transport of its own, a site needs no endpoint.
  let endpoint = ''
  if (!o.transport || o.endpoint !== undefined)
    try {
      if (typeof o.endpoint != 'string' || !o.endpoint) throw 0
      const url = new URL(o.endpoint, typeof location == 'object' ? location.href : undefined)
      if (!/^https?:$/.test(url.protocol)) throw 0
      endpoint = url.href
    } catch {
      fail('endpoint', 'an http(s) URL', o.endpoint)
    }
  if (o.storage !== undefined && o.storage != 'indexeddb' && o.storage != 'memory') fail('storage', '"indexeddb" or "memory"', o.storage)
  const name = o.name === undefined ? 'waymark' : typeof o.name == 'string' && o.name ? o.name : fail('name', 'a non-empty string', o.name)
  return {
    endpoint,
    storage: o.storage || 'indexeddb',
    flushInterval: count(o, 'flushInterval', 3000, 0),
    batchSize: count(o, 'batchSize', 250),
    batchBytes: count(o, 'batchBytes', 262144, 1024),
    maxQueueEvents: count(o, 'maxQueueEvents', 10000),
    maxQueueBytes: count(o, 'maxQueueBytes', 5242880, 1024),
    maxAge: count(o, 'maxAge', 604800000),
    compress: flag(o, 'compress', false),
    debug: flag(o, 'debug', false),
    autoCapture: flag(o, 'autoCapture', true),
    name,
    format: o.format,
    transport: o.transport,
    onEvent: o.onEvent,
  }
}
