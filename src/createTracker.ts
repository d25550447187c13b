import { onRouteChange } from './capture/onRouteChange.js'
import type { Arrival, DetectOptions } from './detect/detectTouchpoint.js'
import { knowledgeFor, touchpoint } from './detect/touchpoint.js'
import type { Classifier } from './journey/compileRules.js'
import { FIVE_PHASE } from './journey/fivePhaseRules.js'
import { iso } from './journey/touches.js'
import type { fivePhase, Model } from './journey/models.js'
import { isJourney, newJourney, splitCall, step, type Capture, type JourneyState, type StepConfig, type Waiting } from './journey/step.js'
import { load, TAG, type Part, type Parts } from './lazy.js'
import { Say, type Log } from './lib/say.js'
import { toJson } from './lib/toJson.js'
import { eventId } from './lib/uid.js'
import { CONSENTS, resolveOptions, type Consent, type OnBadOption, type TrackerOptions } from './options.js'
import { createQueue } from './queue/createQueue.js'
import { storeIn } from './queue/storeIn.js'
import { createFlusher, type FlushResult } from './transport/createFlusher.js'
import { send, sendOnHide, viaTransport } from './transport/send.js'
import type { Batch, Props, Touch, WireEvent } from './types.js'
import { unclassified } from './unclassified.js'

export type { Consent, FlushResult, TrackerOptions }

/** An order, as `purchase()` takes it; other fields travel as props. */
export interface Order extends Props {
  orderId?: string | number
  value?: number
  currency?: string
}

/** A share, as `share()` takes it; other fields travel as props. */
export interface Share extends Props {
  /** How it was shared: `facebook`, `whatsapp`, `email`, `copy`, `web-share`, … */
  method?: string
  /** What was shared. */
  url?: string
}

/** Where a visitor stands, as `journey()` reports it. */
export interface JourneySnapshot {
  anonymousId: string
  /** The id given with `identify()`, if any. */
  userId?: string
  model: string
  /** Phase of the latest event. */
  phase?: string
  sessions: number
  touchpoints: number
  purchases: number
  firstSeen: string
  lastSeen: string
  firstTouch?: Touch
  lastTouch?: Touch
}

/** Custom event names and the props each one takes, for a typed `track()`. */
export type EventMap = Record<string, Props>

/**
 * A running tracker. Its methods never throw into the page; bad input is logged in debug mode and
 * skipped. Give it your events to type `track()`: `const tracker: Tracker<MyEvents> = createTracker(…)`.
 */
export interface Tracker<E extends EventMap = EventMap> {
  /** Records a page view of the current URL. */
  page(props?: Props): void
  /** Records a custom event; its props are required where the event's type requires any. */
  track<K extends keyof E & string>(name: K, ...props: {} extends E[K] ? [props?: E[K]] : [props: E[K]]): void
  /** Records a checkout step (`'shipping'`, `'payment'`, `2`, …). */
  checkout(step?: string | number, props?: Props): void
  /** Records a purchase; once per order id. */
  purchase(order?: Order): void
  /** Records a share or a referral. */
  share(share?: Share): void
  /**
   * Says who the visitor is: `userId` (an opaque customer number, or a hash the shop computes, never
   * an e-mail address) travels on every later event, and in the journey, until `reset()`; `traits`
   * travel as the identify event's props. Consent governs it as every other call.
   */
  identify(userId: string | number, traits?: Props): void
  /** The visitor's journey so far. */
  journey(): Promise<JourneySnapshot | undefined>
  /** Sends everything queued now, ignoring any backoff. */
  flush(): Promise<FlushResult>
  /** Stops capturing, sends what it can, stops sending. Unsent events stay stored for the next page. */
  shutdown(): Promise<void>
  /**
   * Sets the visitor's consent. `granted` stores and sends what was held while `pending`; `denied`
   * discards it and deletes everything stored on the device.
   */
  setConsent(state: Consent): void
  /** Starts a new anonymous visitor: a new id and a new journey. */
  reset(): void
  /** Stops tracking this visitor on this device, deletes what is stored, and remembers the choice. */
  optOut(): void
}

const STATE_KEY = 'journey'
// Where the trackers of a page are known, by name, whatever copy of waymark made them.
const RUNNING = Symbol.for('waymark.trackers')
const nothing = () => {}
/** The tracker of a server: every method does nothing. */
const inert: Tracker = {
  page: nothing,
  track: nothing,
  checkout: nothing,
  purchase: nothing,
  share: nothing,
  journey: async () => undefined,
  flush: async () => ({ sent: 0, ok: true }),
  shutdown: async () => {},
  setConsent: nothing,
  identify: nothing,
  reset: nothing,
  optOut: nothing,
}
const CHUNK_MAX_BYTES = 60000
/** Calls held in memory while consent is pending; beyond this the oldest go. */
const MAX_PENDING = 1000
/** Most time one background task spends classifying: well under a long task (50 ms) with the write that follows. */
const SLICE_MS = 15
/** How long a purchase read from a URL waits for the page's own report of it, which brings its value. */
const REPORT_WAIT_MS = 1500


// Global Privacy Control, and the older Do Not Track.
const privacySignal = () => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean }
  return n.globalPrivacyControl === true || n.doNotTrack == '1' || (globalThis as { doNotTrack?: string }).doNotTrack == '1'
}

const readFlag = (key: string) => {
  try {
    return localStorage.getItem(key) == '1'
  } catch {
    return false
  }
}
const writeFlag = (key: string, on: boolean) => {
  try {
    on ? localStorage.setItem(key, '1') : localStorage.removeItem(key)
  } catch {}
}

/**
 * Creates a tracker that records page views and events, classifies each one into a journey phase,
 * buffers it in IndexedDB and sends it in batches to `endpoint`.
 *
 * The knowledge that classifying needs beyond the default model (host tables for arrivals from
 * outside, the shop systems' checkout URLs, the rule compiler) loads on demand; a call made before
 * it arrived is kept in order, on the device too, and classified when it has.
 * @param options see `TrackerOptions`; `endpoint` is required unless `transport` is given
 * @param onBad told about each bad option, which then takes its default; without it, a bad option throws
 * @throws TypeError when an option is invalid, naming it
 */
export const createTracker = <const M extends Model = typeof fivePhase>(options: TrackerOptions<M>, onBad?: OnBadOption): Tracker => {
  const cfg = resolveOptions(options as TrackerOptions, onBad)
  // Server rendering (Next.js, Remix, …) runs the app's modules on the server: nothing to track
  // there, nothing to open, no handle left behind. A Web Worker (Shopify's app pixels) is no server.
  if (!TAG && typeof document == 'undefined' && !(globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope) return inert
  // Debug output: one collapsed group per touchpoint and per send, printed by the debug file.
  const log: Log = cfg.debug ? (say, detail, args) => void load('debug').then((p) => p.print(say, detail, args), () => {}) : () => {}
  // One tracker per page and database: a second (a hot reload, a second import, the tag beside the
  // npm build) is the first.
  const running = ((globalThis as Record<symbol, Map<string, Tracker>>)[RUNNING] ||= new Map())
  const first = running.get(cfg.name)
  if (first) return log(Say.Again, undefined, [cfg.name]), first
  // Every public method, and the site's onEvent, is guarded: a tracking SDK must never break the
  // page it runs on.
  // Two parameters at most, and no rest array: track() runs a thousand times in a burst.
  const guard =
    <A, B, R>(fn: (a: A, b: B) => R, fallback?: R) =>
    (a?: A, b?: B): R => {
      try {
        return fn(a as A, b as B)
      } catch (e) {
        log(Say.Caught, e)
        return fallback as R
      }
    }

  // onEvent runs after the event is queued: when it throws, the event is still sent.
  const onEvent = cfg.onEvent && guard(cfg.onEvent)
  const queue = createQueue({
    name: cfg.name,
    storage: cfg.storage,
    // A store of the site's own is for where IndexedDB is not (a Shopify pixel's): not the tag's.
    persist: !TAG && cfg.store ? storeIn(cfg.store, cfg.name) : undefined,
    maxEvents: cfg.maxQueueEvents,
    maxBytes: cfg.maxQueueBytes,
    maxAgeMs: cfg.maxAge,
    chunkEvents: cfg.batchSize,
    // Chromium moves IndexedDB values over 64 KiB into blobs, a slow path: chunks stay under it.
    chunkBytes: Math.min(cfg.batchBytes, CHUNK_MAX_BYTES),
    onFallback: (e) => log(Say.NoIndexedDb, e),
    onWrite: () => flusher.queued(),
  })
  const flusher = createFlusher({
    queue,
    name: 'waymark:' + cfg.name,
    batchSize: cfg.batchSize,
    batchBytes: cfg.batchBytes,
    flushIntervalMs: cfg.flushInterval,
    encode: (events, batchId, dropped) => {
      const head: Omit<Batch, 'batch'> = { sentAt: new Date().toISOString(), batchId, ...(Object.keys(dropped).length && { dropped }) }
      // The native format is assembled from the stored strings: nothing is parsed on the way out.
      return cfg.format
        ? cfg.format({ ...head, batch: events.map((e) => JSON.parse(e)) })
        : JSON.stringify(head).slice(0, -1) + ',"batch":[' + events.join(',') + ']}'
    },
    deliver: cfg.transport ? (body) => viaTransport(cfg.transport!, body) : (body) => send(cfg.endpoint, body, cfg.compress),
    deliverOnHide: (body) => (cfg.transport ? (viaTransport(cfg.transport, body), true) : sendOnHide(cfg.endpoint, body)),
    log,
  })

  // The model and the detector settings: at once for the default model, else once the config file
  // has compiled what the site configured.
  let setup: { classifier: Classifier; detect: DetectOptions } | undefined
  const configured = cfg.custom
    ? load('config').then(
        (p) => (setup = p.configure(options as TrackerOptions, onBad || ((m) => console.error(m)))),
        () => (setup = { classifier: FIVE_PHASE, detect: {} }),
      )
    : ((setup = { classifier: FIVE_PHASE, detect: {} }), undefined)
  // The knowledge files loaded so far, and those that failed to.
  const parts: Partial<Parts> = {}
  const failed = new Set<Part>()
  const know = () => ({ arrival: parts.arrival?.detectArrival, shop: parts.checkout?.detectShop })
  // Loads a knowledge file and keeps it for the calls that follow.
  const fetchPart = (p: Part) => load(p).then((m) => ((parts as Record<Part, unknown>)[p] = m))
  const stepConfig: StepConfig = {
    get classifier() {
      return setup!.classifier
    },
    touchpoint: (c) => touchpoint(c, setup!.detect, know()),
    halfLifeDays: cfg.halfLifeDays,
    scrub: cfg.scrub,
    get purchase() {
      return parts.checkout
    },
  }

  let journey: JourneyState | undefined
  // Calls not classified yet, in order: made before the journey state was read, while consent is
  // pending, or waiting for the knowledge the first of them needs.
  let waiting: Waiting[] = []
  // The load the first waiting call waits for.
  let blocked: Promise<unknown> | undefined
  // Page views read as purchases whose page already reported its purchase: they wait no more.
  const reported = new WeakSet<Capture>()
  // Stopped: no more calls are captured. Closed: nothing more is classified (shutdown is done).
  let stopped = false
  let closed = false
  let loaded: Promise<void> | undefined
  const optOutKey = 'waymark:' + cfg.name + ':optout'
  let consent: Consent = readFlag(optOutKey) || (cfg.privacySignals && privacySignal()) ? 'denied' : cfg.consent
  // The referrer of the current page view: the document's, or the previous route of a single-page app.
  const doc = typeof document == 'object' ? document : undefined
  let referrer = doc ? doc.referrer : ''
  let pageUrl = location.href
  // The page the calls are made on, where it is not this document (a Shopify pixel runs in a
  // sandbox or a worker, and is told the page with each event): see `_at`.
  let at: { url: string; referrer: string; title: string } | undefined

  const record = (c: Capture) => {
    const s = journey!
    const json = step(s, c, stepConfig, (id, err) => log(Say.RuleThrew, err, [id]))
    if (!json) return log(Say.Repeat, undefined, [c.type])
    queue.push(json)
    if (cfg.debug || onEvent) {
      const e = JSON.parse(json) as WireEvent
      log(Say.Event, e)
      onEvent?.(e)
    }
  }

  // The knowledge files a call needs that are not loaded yet: a purchase needs the checkout file.
  const missing = (c: Waiting): Part[] => (c.type == 'page' ? knowledgeFor(c, setup!.detect) : c.type == 'purchase' ? ['checkout' as const] : []).filter((p) => !parts[p])

  // The waiting calls as the device keeps them: URLs scrubbed, as everything stored is.
  const stored = () =>
    waiting.map((c) => (c.type == 'reset' ? c : { ...c, url: cfg.scrub(c.url), referrer: cfg.scrub(c.referrer), title: cfg.scrub(c.title) }))

  // Classifies the waiting calls in order, as far as the knowledge at hand allows.
  // `sliceMs`: in a background task, yield after this long (the rest in the next task), so that a
  // burst of calls never makes a long task. `hold`: a purchase read from a URL may wait for the
  // page's own report of it (not when the page goes away or the tracker stops).
  const drain = (sliceMs = Infinity, hold = true) => {
    let s = journey
    // After shutdown, what still waits stays stored for the next page to classify.
    if (!s || !setup || consent != 'granted' || closed) return
    const before = waiting.length
    const until = performance.now() + sliceMs
    while (waiting.length) {
      if (performance.now() > until) {
        soon()
        break
      }
      const c = waiting[0]
      const need = missing(c)
      if (need.some((p) => failed.has(p))) {
        // Its knowledge did not arrive: sent as captured, for the collector to classify.
        queue.push(unclassified([c as Capture], s, setup.classifier.model, cfg.scrub)[0])
      } else if (need.length) {
        blocked ||= Promise.all(need.map((p) => fetchPart(p).catch(() => failed.add(p)))).then(() => {
          blocked = undefined
          drain()
        })
        // Write-ahead: the calls are on the device before their knowledge arrives.
        s.pending = stored()
        queue.put(STATE_KEY, s)
        return
      } else if (c.type == 'reset') s = journey = newJourney(c.time)
      else {
        // A purchase read from the URL waits a moment for the page's own report of it (a purchase()
        // call, the dataLayer, JSON-LD), which knows the value: that one goes first, and the page
        // view is then only a page view.
        if (c.type == 'page' && hold && !reported.has(c) && stepConfig.touchpoint(c).kind == 'purchase') {
          const report = waiting.findIndex((w) => w.type == 'purchase')
          if (report > 0) {
            reported.add(c)
            waiting.unshift(...waiting.splice(report, 1))
            continue
          }
          const left = c.time + REPORT_WAIT_MS - Date.now()
          if (left > 0) {
            setTimeout(drain, left)
            break
          }
        }
        record(c)
      }
      waiting.shift()
    }
    if (before || s.pending) {
      delete s.pending
      queue.put(STATE_KEY, s)
    }
  }

  // Calls are classified and stored in a task of their own, at background priority where the
  // browser has one: a burst of calls costs the caller's task little more than serialising their
  // props, and the page's own work goes first. The page hide classifies what is left at once.
  let later = false
  const soon = () => {
    if (later) return
    later = true
    const run = () => ((later = false), drain(SLICE_MS))
    const scheduler = (globalThis as { scheduler?: { postTask(fn: () => void, o: object): Promise<void> } }).scheduler
    scheduler ? scheduler.postTask(run, { priority: 'background' }).catch(() => {}) : setTimeout(run)
  }

  // Reading location.href and document.title costs as much as the rest of a track() call; calls in
  // one task share them.
  let href = ''
  let title = ''
  const here = () => href || ((href = location.href), (title = doc!.title), queueMicrotask(() => (href = '')), href)

  const capture = (type: Capture['type'], props: unknown, extra?: Partial<Capture>, name?: string) => {
    if (stopped || consent == 'denied') return
    const [json, problem] = toJson(props)
    if (problem != null) log(problem, props)
    const c: Capture = at ? { id: eventId(), type, name, props: json, ...at, time: Date.now() } : { id: eventId(), type, name, props: json, url: here(), referrer, title, time: Date.now() }
    // Props left out say so in the event itself.
    if (problem != null && !json) c.propsDropped = problem == Say.PropsTooBig ? 'too-large' : problem == Say.PropsNotObject ? 'not-an-object' : 'unreadable'
    // While consent is pending, what waits in memory is bounded; the oldest go.
    if (waiting.push(extra ? Object.assign(c, extra) : c) > MAX_PENDING && consent != 'granted') waiting.shift()
    soon()
  }

  const pageView = (props?: unknown, from?: string) => {
    href = ''
    if (from != null) referrer = from
    else if (location.href != pageUrl) referrer = pageUrl
    pageUrl = location.href
    capture('page', props)
  }

  const call = (type: 'purchase' | 'share', data: Props | undefined) => {
    const [props, fields] = splitCall(type, data)
    capture(type, props, fields)
  }

  // Everything captured so far is classified (or its knowledge failed) and queued.
  const settled = async () => {
    await configured
    await loaded
    drain()
    while (blocked) await blocked
  }

  const tracker: Tracker = {
    page: guard((props?: Props) => pageView(props)),
    track: guard((name: string, props?: Props) => {
      if (typeof name != 'string' || !name) return log(Say.NoName, name)
      capture('track', props, undefined, name)
    }),
    checkout: guard((stepName?: string | number, props?: Props) => capture('checkout', props, stepName != null && stepName !== '' ? { step: String(stepName) } : {})),
    purchase: guard((order?: Order) => call('purchase', order)),
    share: guard((share?: Share) => call('share', share)),
    identify: guard((userId: string | number, traits?: Props) => {
      if ((typeof userId != 'string' && typeof userId != 'number') || userId === '') return log(Say.NoUserId, userId)
      capture('identify', traits, { userId: String(userId) })
    }),
    journey: guard(async () => {
      await settled()
      const s = consent == 'granted' ? journey : undefined
      return s
        ? {
            anonymousId: s.anonymousId,
            userId: s.userId,
            model: setup!.classifier.model,
            phase: s.phase,
            sessions: s.session,
            touchpoints: s.touchpoints,
            purchases: s.purchases,
            firstSeen: iso(s.firstSeen),
            lastSeen: iso(s.lastSeen),
            firstTouch: s.firstTouch,
            lastTouch: s.lastTouch,
          }
        : undefined
    }, Promise.resolve(undefined)),
    // Calls still waiting for the journey state or their knowledge are part of "everything queued".
    flush: guard(async () => {
      await settled()
      return flusher.flush()
    }, Promise.resolve({ sent: 0, ok: false })),
    shutdown: guard(async () => {
      stopped = true
      if (running.get(cfg.name) == tracker) running.delete(cfg.name)
      for (const stop of stops) stop()
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn)
      // What was captured is classified and sent; what waits for knowledge stays stored
      // (journey.pending), and the next page classifies it.
      if (consent == 'granted') {
        await configured
        await loaded
        drain(Infinity, false)
        await flusher.flush()
      }
      closed = true
      flusher.stop()
    }, Promise.resolve()),
    setConsent: guard((state: Consent) => {
      if (!CONSENTS.includes(state)) return log(Say.BadConsent, state)
      if (state == 'granted' && cfg.privacySignals && privacySignal()) return log(Say.PrivacySignal)
      if (state == consent) return
      log(Say.Consent, undefined, [state])
      consent = state
      if (state == 'granted') {
        writeFlag(optOutKey, false)
        return open()
      }
      // Pending again: nothing more goes to storage or out; what is stored stays.
      journey = undefined
      loaded = undefined
      flusher.stop()
      if (state == 'denied') {
        waiting = []
        void queue.destroy()
      }
    }),
    // After the calls before it, even those still waiting for their knowledge.
    reset: guard(() => {
      waiting.push({ type: 'reset', time: Date.now() })
      drain()
    }),
    optOut: guard(() => {
      writeFlag(optOutKey, true)
      tracker.setConsent('denied')
    }),
  }

  // The page of the calls that follow, for a tracker that runs beside the page rather than in it
  // (a Shopify pixel; not the tag, which runs in its page).
  if (!TAG) (tracker as Tracker & { _at: unknown })._at = (page: typeof at) => (at = page)

  // How the tracker reads an arrival, with the knowledge it loads as a page view would: the tag's
  // `waymark('detect', …)`, for trying a campaign link on the site itself (npm has detectTouchpoint).
  if (TAG) (tracker as Tracker & { _detect: unknown })._detect = async (a: Arrival) => {
    await configured
    await Promise.all(knowledgeFor(a, setup!.detect).map(fetchPart))
    return touchpoint(a, setup!.detect, know())
  }

  // Reads the stored journey (creating the database if needed): only once consent is granted.
  const open = () => {
    flusher.start()
    loaded = Promise.all([queue.get<JourneyState>(STATE_KEY), configured]).then(
      ([s]) => {
        if (consent != 'granted') return
        journey = isJourney(s) ? s : newJourney((waiting[0] as Capture)?.time ?? Date.now())
        // Calls an earlier page kept while it waited for knowledge come first.
        if (journey.pending) waiting.unshift(...journey.pending.filter((p) => !waiting.some((w) => (w as Capture).id == (p as Capture).id)))
        drain()
      },
      () => {},
    )
  }
  if (consent == 'granted') open()
  else {
    // Not a byte to the device or the network until consent is granted.
    flusher.stop()
    // A denial remembered from an earlier visit, or a privacy signal: make sure nothing is stored.
    if (consent == 'denied') void queue.destroy()
  }

  // pagehide: the page is going away and async work may never finish, so hand this tab's unsent
  // events to sendBeacon, with the calls still waiting for knowledge as captured (the collector
  // classifies those, unless a later page does). visibilitychange to hidden without a pagehide (tab
  // switch, app switch on mobile): the page lives on, so a normal flush can still learn whether the
  // collector took them.
  let leaving = false
  const onPageHide = () => {
    leaving = true
    drain(Infinity, false)
    flusher.hide(journey && consent == 'granted' && setup ? unclassified(waiting.filter((c): c is Capture => c.type != 'reset'), journey, setup.classifier.model, cfg.scrub) : [])
  }
  const onVisibility = () => {
    if (doc!.visibilityState == 'hidden') leaving || flusher.flush()
    else leaving = false
  }
  // In a worker there is no document and no page hide: the events it sees are all there is.
  const listeners: [EventTarget, string, () => void][] = [
    [globalThis, 'pageshow', () => (leaving = false)],
    [globalThis, 'online', () => flusher.online()],
  ]
  if (doc) listeners.push([doc, 'visibilitychange', onVisibility])
  const stops: (() => void)[] = []
  // Route changes register their pagehide first, so that a change still settling is recorded before
  // the beacon goes.
  if (cfg.navigation) stops.push(onRouteChange(guard((from: string) => pageView(undefined, from)), cfg.hash))
  listeners.push([globalThis, 'pagehide', onPageHide])
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn)
  if (cfg.pageViews) pageView()
  running.set(cfg.name, tracker)
  for (const plugin of cfg.plugins) {
    // A plugin that fails to start is logged and left out; the tracker runs on.
    const stop = guard(plugin)(tracker)
    if (stop) stops.push(stop)
  }
  return tracker
}
