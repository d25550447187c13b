import type { DetectOptions } from './detect/detectTouchpoint.js'
import type { Model, PhaseOf, Rule } from './journey/models.js'
import { createScrubber, type ScrubOptions } from './privacy/scrubUrl.js'
import type { KeyValueStore } from './queue/storeIn.js'
import type { Transport } from './transport/send.js'
import type { Batch, Storage, WireEvent } from './types.js'

/** What is captured without code, and how arrivals are read. */
export interface AutoCapture extends DetectOptions {
  /** A page view when the tracker starts. Default true. */
  pageViews?: boolean
  /** A page view per route change of a single-page app (History API, Navigation API), and on a return from the back/forward cache. Default true. */
  navigation?: boolean
  /** Count a change of the URL's hash as a route change (hash routers). Default false. */
  hash?: boolean
}

/** Whether the visitor agreed to be tracked: while `pending`, nothing is stored or sent. */
export type Consent = 'granted' | 'pending' | 'denied'
export const CONSENTS: readonly Consent[] = ['granted', 'pending', 'denied']

/** Runs beside a tracker, capturing something of the page through its public methods; returns its stop function. */
export type Plugin = (tracker: import('./createTracker.js').Tracker) => (() => void) | void

/** Options of `createTracker`. */
export interface TrackerOptions<M extends Model = Model> {
  /** Collector URL, absolute or relative to the page. Required unless `transport` is given. */
  endpoint?: string
  /**
   * Where the queue and journey state live. Default `'indexeddb'`, falling back to memory by itself;
   * `'memory'`; or a Web Storage-like store (`getItem`, `setItem`, synchronous or promise-based) for
   * where IndexedDB cannot be used, as Shopify's `browser.localStorage`.
   */
  storage?: Storage | KeyValueStore
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
  /** What is captured without code; `false` turns page views and route changes off. */
  autoCapture?: boolean | AutoCapture
  /** Capture plugins, e.g. `[shareClicks(), dataLayer(), orderData()]`. */
  plugins?: Plugin[]
  /** Names the IndexedDB database, to keep two trackers on one site apart. Default `'waymark'`. */
  name?: string
  /** Turns a batch into the request body; default the native JSON format. See `segmentFormat`. */
  format?: (batch: Batch) => string
  /** Delivers a body your own way instead of POSTing it to `endpoint` (which is then optional). */
  transport?: Transport
  /** Called with every event as it is queued, already classified. */
  onEvent?: (event: WireEvent) => void
  /** The journey model. Default `fivePhase`. */
  model?: M
  /** The site's own rules, tried in order before the model's own. */
  rules?: Rule<PhaseOf<M>>[]
  /** Use only `rules`, not the model's own. Default false. */
  replaceRules?: boolean
  /** Time-decay attribution: a touch this many days older than the purchase earns half. Default 7. */
  halfLifeDays?: number
  /**
   * Consent at start. `pending` keeps what is captured in memory, stores and sends nothing until
   * `setConsent('granted')`; `denied` captures nothing and deletes what is stored. Default `granted`.
   */
  consent?: Consent
  /** Treat Global Privacy Control and Do Not Track as a denial. Default true. */
  privacySignals?: boolean
  /** Query parameters to scrub from URLs beyond the defaults, and ones to keep; `false` scrubs nothing. */
  scrub?: ScrubOptions | false
}

/** The options after checking, with defaults filled in. */
export interface Config {
  endpoint: string
  storage: Storage
  /** The site's own store, when `storage` is one. */
  store?: KeyValueStore
  flushInterval: number
  batchSize: number
  batchBytes: number
  maxQueueEvents: number
  maxQueueBytes: number
  maxAge: number
  compress: boolean
  debug: boolean
  name: string
  pageViews: boolean
  navigation: boolean
  hash: boolean
  plugins: Plugin[]
  halfLifeDays: number
  consent: Consent
  privacySignals: boolean
  scrub: (text: string) => string
  format?: (batch: Batch) => string
  transport?: Transport
  onEvent?: (event: WireEvent) => void
  /**
   * The site configured another model, rules of its own or detector settings: those are checked and
   * compiled by the config knowledge file. Without them, the precompiled default model decides.
   */
  custom: boolean
}

/**
 * Told about a bad setting, which then takes its default (the message says which): an option, a
 * model, a rule or a detector setting.
 */
export type OnBadOption = (message: string) => void

// The detector settings among autoCapture's keys.
const DETECT_KEYS = ['hosts', 'checkout', 'purchase', 'referralParams', 'internalHosts', 'shops']
// Numeric options: default and least value.
const NUMBERS: [string, number, number][] = [
  ['flushInterval', 3000, 0],
  ['batchSize', 250, 1],
  ['batchBytes', 262144, 1024],
  ['maxQueueEvents', 10000, 1],
  ['maxQueueBytes', 5242880, 1024],
  ['maxAge', 604800000, 1],
  ['halfLifeDays', 7, 0.001],
]

const show = (v: unknown) => (typeof v == 'string' ? JSON.stringify(v) : String(v))

/**
 * Checks the caller's options and fills in the defaults, without changing the caller's object.
 * Another model, rules and detector settings are checked where they are compiled (the config file).
 * @param options the caller's options
 * @param onBad told about each bad option, which then takes its default; without it, the first bad
 *   option throws
 * @throws TypeError naming the first option that is wrong, without `onBad`, and always for a missing
 *   or unusable endpoint
 */
export const resolveOptions = (options: TrackerOptions, onBad?: OnBadOption): Config => {
  if (!options || typeof options != 'object') throw new TypeError(`waymark: option "options" must be an object, got ${show(options)}`)
  const o = { ...options } as Record<string, any>
  const ac = o.autoCapture
  const capture: Record<string, unknown> = ac && typeof ac == 'object' ? ac : {}
  // The option's value when `ok` holds (or it is not given), else its default, with a word.
  const take = <T>(key: string, ok: (v: any) => unknown, expected: string, fallback: T, v = key.includes('.') ? capture[key.slice(12)] : o[key]): T => {
    if (v === undefined) return fallback
    if (ok(v)) return v
    const message = `waymark: option "${key}" must be ${expected}, got ${show(v)}`
    if (!onBad) throw new TypeError(message)
    onBad(`${message}; using ${fallback === undefined ? 'none' : 'the default, ' + JSON.stringify(fallback)}`)
    return fallback
  }
  const flag = (key: string, fallback: boolean) => take(key, (v) => typeof v == 'boolean', 'true or false', fallback)
  const fn = (key: string) => take(key, (v) => typeof v == 'function', 'a function', undefined)
  const transport = fn('transport')
  // With a transport of its own, a site needs no endpoint. Without a usable endpoint there is
  // nowhere to send to: that one always throws. On a server (no page to resolve a relative URL
  // against) any URL passes: the tracker is inert there.
  let endpoint = ''
  if (!transport || o.endpoint !== undefined)
    try {
      const page = typeof location == 'object' ? location.href : undefined
      const url = new URL(o.endpoint, page || 'http://server/')
      if (typeof o.endpoint != 'string' || !o.endpoint || !/^https?:$/.test(url.protocol)) throw 0
      endpoint = page ? url.href : o.endpoint
    } catch {
      throw new TypeError(`waymark: option "endpoint" must be an http(s) URL, got ${show(o.endpoint)}`)
    }
  const on = take<unknown>('autoCapture', (v) => typeof v == 'boolean' || (v && typeof v == 'object'), 'true, false or an object', true) !== false
  const scrub = take('scrub', (v) => v === false || (v && typeof v == 'object'), 'false or { deny, allow }', {})
  const cfg = {
    endpoint,
    storage: take('storage', (v) => v == 'indexeddb' || v == 'memory' || (v && typeof v.getItem == 'function' && typeof v.setItem == 'function'), '"indexeddb", "memory" or a store with getItem and setItem', 'indexeddb'),
    name: take('name', (v) => typeof v == 'string' && v, 'a non-empty string', 'waymark'),
    compress: flag('compress', false),
    debug: flag('debug', false),
    privacySignals: flag('privacySignals', true),
    pageViews: on && flag('autoCapture.pageViews', true),
    navigation: on && flag('autoCapture.navigation', true),
    hash: flag('autoCapture.hash', false),
    plugins: take('plugins', (v) => Array.isArray(v) && v.every((p) => typeof p == 'function'), 'a list of plugin functions', []),
    consent: take('consent', (v) => CONSENTS.includes(v), '"granted", "pending" or "denied"', 'granted'),
    scrub: scrub === false ? (t: string) => t : createScrubber(scrub),
    format: fn('format'),
    transport,
    onEvent: fn('onEvent'),
    // A model object is compiled even when it is fivePhase itself: the core cannot tell without
    // carrying the models.
    custom: (o.model !== undefined && o.model !== 'fivePhase') || o.rules !== undefined || o.replaceRules !== undefined || DETECT_KEYS.some((k) => k in capture),
  } as Record<string, unknown>
  // A store of the site's own: the queue keeps to memory and writes through to it.
  if (typeof cfg.storage == 'object') (cfg.store = cfg.storage as KeyValueStore), (cfg.storage = 'memory')
  for (const [key, fallback, min] of NUMBERS) cfg[key] = take(key, (v) => typeof v == 'number' && v >= min && v < Infinity, `a number of at least ${min}`, fallback)
  return cfg as unknown as Config
}
