import type { DetectOptions } from './detect/detectTouchpoint.js'
import { resolveDetectOptions } from './detect/resolveDetectOptions.js'
import { compileRules, type Classifier } from './journey/compileRules.js'
import { fivePhase, type Model, type PhaseOf, type Rule } from './journey/models.js'
import { createScrubber, type ScrubOptions } from './privacy/scrubUrl.js'
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
  detect: DetectOptions
  plugins: Plugin[]
  classifier: Classifier
  halfLifeDays: number
  consent: Consent
  privacySignals: boolean
  scrub: (text: string) => string
  format?: (batch: Batch) => string
  transport?: Transport
  onEvent?: (event: WireEvent) => void
}

const fail = (option: string, expected: string, got: unknown): never => {
  throw new TypeError(`waymark: option "${option}" must be ${expected}, got ${typeof got == 'string' ? JSON.stringify(got) : String(got)}`)
}

/**
 * Checks the caller's options and fills in the defaults, without changing the caller's object.
 * @throws TypeError naming the first option (or rule) that is wrong
 */
export const resolveOptions = (options: TrackerOptions): Config => {
  if (!options || typeof options != 'object') fail('options', 'an object', options)
  const o = { ...options } as Record<string, unknown> & TrackerOptions
  const count = (key: string, fallback: number, min = 1) => {
    const v = o[key]
    return v === undefined ? fallback : typeof v == 'number' && v >= min && v < Infinity ? v : fail(key, `a number of at least ${min}`, v)
  }
  const flag = (v: unknown, key: string, fallback: boolean) => (v === undefined ? fallback : typeof v == 'boolean' ? v : fail(key, 'true or false', v))
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
  const ac = o.autoCapture
  if (ac !== undefined && typeof ac != 'boolean' && (!ac || typeof ac != 'object')) fail('autoCapture', 'true, false or an object', ac)
  const capture: AutoCapture = typeof ac == 'object' ? ac : {}
  const plugins = o.plugins ?? []
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p != 'function')) fail('plugins', 'a list of plugin functions', plugins)
  return {
    endpoint,
    storage: o.storage || 'indexeddb',
    flushInterval: count('flushInterval', 3000, 0),
    batchSize: count('batchSize', 250),
    batchBytes: count('batchBytes', 262144, 1024),
    maxQueueEvents: count('maxQueueEvents', 10000),
    maxQueueBytes: count('maxQueueBytes', 5242880, 1024),
    maxAge: count('maxAge', 604800000),
    halfLifeDays: count('halfLifeDays', 7, 0.001),
    compress: flag(o.compress, 'compress', false),
    debug: flag(o.debug, 'debug', false),
    name,
    pageViews: ac !== false && flag(capture.pageViews, 'autoCapture.pageViews', true),
    navigation: ac !== false && flag(capture.navigation, 'autoCapture.navigation', true),
    hash: flag(capture.hash, 'autoCapture.hash', false),
    detect: resolveDetectOptions(capture),
    plugins,
    classifier: compileRules(o.model ?? fivePhase, o.rules, flag(o.replaceRules, 'replaceRules', false)),
    consent: o.consent === undefined ? 'granted' : CONSENTS.includes(o.consent) ? o.consent : fail('consent', '"granted", "pending" or "denied"', o.consent),
    privacySignals: flag(o.privacySignals, 'privacySignals', true),
    scrub: o.scrub === false ? (t) => t : o.scrub === undefined || (o.scrub && typeof o.scrub == 'object') ? createScrubber(o.scrub || {}) : fail('scrub', 'false or { deny, allow }', o.scrub),
    format: o.format,
    transport: o.transport,
    onEvent: o.onEvent,
  }
}
