import { onRouteChange } from './capture/onRouteChange.js'
import type { fivePhase, Model } from './journey/models.js'
import { isJourney, newJourney, serialise, step, type Capture, type JourneyState } from './journey/step.js'
import { toJson } from './lib/toJson.js'
import { resolveOptions, type TrackerOptions } from './options.js'
import { createQueue } from './queue/createQueue.js'
import { createFlusher, type FlushResult } from './transport/createFlusher.js'
import { send, sendOnHide, viaTransport } from './transport/send.js'
import type { Batch, Props, Touch } from './types.js'

export type { FlushResult, TrackerOptions }

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

/** A running tracker. Its methods never throw into the page; bad input is logged in debug mode and skipped. */
export interface Tracker {
  /** Records a page view of the current URL. */
  page(props?: Props): void
  /** Records a custom event. */
  track(name: string, props?: Props): void
  /** Records a checkout step (`'shipping'`, `'payment'`, `2`, …). */
  checkout(step?: string | number, props?: Props): void
  /** Records a purchase; once per order id. */
  purchase(order?: Order): void
  /** Records a share or a referral. */
  share(share?: Share): void
  /** The visitor's journey so far. */
  journey(): Promise<JourneySnapshot | undefined>
  /** Sends everything queued now, ignoring any backoff. */
  flush(): Promise<FlushResult>
  /** Stops capturing, sends what it can, stops sending. Unsent events stay stored for the next page. */
  shutdown(): Promise<void>
}

const STATE_KEY = 'journey'
const iso = (t: number) => new Date(t).toISOString()

/**
 * Creates a tracker that records page views and events, classifies each one into a journey phase,
 * buffers it in IndexedDB and sends it in batches to `endpoint`.
 * @param options see `TrackerOptions`; `endpoint` is required unless `transport` is given
 * @throws TypeError when an option or rule is invalid, naming it
 */
export const createTracker = <const M extends Model = typeof fivePhase>(options: TrackerOptions<M>): Tracker => {
  const cfg = resolveOptions(options as TrackerOptions)
  const log = cfg.debug ? (message: string, detail?: unknown) => console.info('[waymark] ' + message, detail ?? '') : () => {}
  const queue = createQueue({
    name: cfg.name,
    storage: cfg.storage,
    maxEvents: cfg.maxQueueEvents,
    maxBytes: cfg.maxQueueBytes,
    maxAgeMs: cfg.maxAge,
    chunkEvents: cfg.batchSize,
    chunkBytes: cfg.batchBytes,
    onFallback: (e) => log('IndexedDB unavailable, keeping events in memory', e),
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

  let journey: JourneyState | undefined
  // Calls made before the journey state was read from storage; classified, in order, once it is.
  let waiting: Capture[] = []
  let stopped = false
  let loaded: Promise<void>
  // The referrer of the current page view: the document's, or the previous route of a single-page app.
  let referrer = document.referrer
  let pageUrl = location.href

  const record = (c: Capture) => {
    if (!journey) return void waiting.push(c)
    const e = step(journey, c, cfg, (id, err) => log(`rule "${id}" threw and was skipped`, err))
    if (!e) return log(`${c.type} repeats what this page already recorded; skipped`)
    const json = serialise(e, c.props)
    log(`${e.kind} → ${e.phase} (rule ${e.rule}, channel ${e.channel})`, e)
    if (cfg.onEvent) cfg.onEvent(JSON.parse(json))
    queue.push(json)
    queue.put(STATE_KEY, journey)
  }

  const capture = (type: Capture['type'], props: unknown, extra?: Partial<Capture>) => {
    if (stopped) return
    const [json, problem] = toJson(props)
    if (problem) log(problem, props)
    record({ type, props: json, url: location.href, referrer, title: document.title, time: Date.now(), ...extra })
  }

  const pageView = (props?: unknown, from?: string) => {
    if (from != null) referrer = from
    else if (location.href != pageUrl) referrer = pageUrl
    pageUrl = location.href
    capture('page', props)
  }

  // Splits the fields the journey reads from the props that travel with the event.
  const call = (type: 'purchase' | 'share', data: Props | undefined, fields: string[]) => {
    const props: Props = { ...data }
    const extra: Partial<Capture> = {}
    for (const f of fields) {
      const v = props[f]
      delete props[f]
      if (v != null && v !== '') (extra as Record<string, unknown>)[f] = f == 'value' ? Number(v) : String(v)
    }
    capture(type, Object.keys(props).length ? props : undefined, extra)
  }

  // Every public method is guarded: a tracking SDK must never break the page it runs on.
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R, fallback?: R) =>
    (...args: A): R => {
      try {
        return fn(...args)
      } catch (e) {
        log('internal error', e)
        return fallback as R
      }
    }

  const tracker: Tracker = {
    page: guard((props?: Props) => pageView(props)),
    track: guard((name: string, props?: Props) => {
      if (typeof name != 'string' || !name) return log('track() needs an event name', name)
      capture('track', props, { name })
    }),
    checkout: guard((stepName?: string | number, props?: Props) => capture('checkout', props, stepName != null && stepName !== '' ? { step: String(stepName) } : {})),
    purchase: guard((order?: Order) => call('purchase', order, ['orderId', 'value', 'currency'])),
    share: guard((share?: Share) => call('share', share, ['method'])),
    journey: guard(async () => {
      await loaded
      const s = journey
      return s
        ? {
            anonymousId: s.anonymousId,
            model: cfg.classifier.model,
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
    flush: guard(() => flusher.flush(), Promise.resolve({ sent: 0, ok: false })),
    shutdown: guard(async () => {
      stopped = true
      for (const stop of stops) stop()
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn)
      await flusher.flush()
      flusher.stop()
    }, Promise.resolve()),
  }

  loaded = queue.get<JourneyState>(STATE_KEY).then(
    (s) => {
      journey = isJourney(s) ? s : newJourney(waiting[0]?.time ?? Date.now())
      const early = waiting
      waiting = []
      early.forEach(record)
    },
    () => {},
  )

  // pagehide: the page is going away and async work may never finish, so hand this tab's unsent
  // events to sendBeacon. visibilitychange to hidden without a pagehide (tab switch, app switch on
  // mobile): the page lives on, so a normal flush can still learn whether the collector took them.
  let leaving = false
  const onPageHide = () => {
    leaving = true
    flusher.hide()
  }
  const onVisibility = () => {
    if (document.visibilityState == 'hidden') leaving || flusher.flush()
    else leaving = false
  }
  const listeners: [EventTarget, string, () => void][] = [
    [window, 'pageshow', () => (leaving = false)],
    [document, 'visibilitychange', onVisibility],
    [window, 'online', () => flusher.online()],
  ]
  const stops: (() => void)[] = []
  // Route changes register their pagehide first, so that a change still settling is recorded before
  // the beacon goes.
  if (cfg.navigation) stops.push(onRouteChange(guard((from: string) => pageView(undefined, from)), cfg.hash))
  listeners.push([window, 'pagehide', onPageHide])
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn)
  if (cfg.pageViews) pageView()
  for (const plugin of cfg.plugins)
    try {
      const stop = plugin(tracker)
      if (stop) stops.push(stop)
    } catch (e) {
      log('a plugin failed to start', e)
    }
  return tracker
}
