import { newJourney, step, type Capture, type JourneyState } from './journey/step.js'
import { toJson } from './lib/toJson.js'
import { resolveOptions, type TrackerOptions } from './options.js'
import { createQueue } from './queue/createQueue.js'
import { createFlusher, type FlushResult } from './transport/createFlusher.js'
import { send, sendOnHide, viaTransport } from './transport/send.js'
import type { Batch, Props } from './types.js'

export type { FlushResult, TrackerOptions }

/** A running tracker. Its methods never throw into the page; bad input is logged in debug mode and skipped. */
export interface Tracker {
  /** Records a page view of the current URL. */
  page(props?: Props): void
  /** Records a custom event. */
  track(name: string, props?: Props): void
  /** Sends everything queued now, ignoring any backoff. */
  flush(): Promise<FlushResult>
  /** Stops capturing and sending. Queued events stay stored for the next page. */
  shutdown(): Promise<void>
}

const STATE_KEY = 'journey'

const isJourney = (s: unknown): s is JourneyState =>
  !!s && typeof (s as JourneyState).anonymousId == 'string' && typeof (s as JourneyState).lastSeen == 'number'

/**
 * Creates a tracker that records page views and events, classifies each one into a journey phase,
 * buffers it in IndexedDB and sends it in batches to `endpoint`.
 * @param options see `TrackerOptions`; `endpoint` is required
 * @throws TypeError when an option is invalid, naming it
 */
export const createTracker = (options: TrackerOptions): Tracker => {
  const cfg = resolveOptions(options)
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

  const record = (c: Capture) => {
    if (!journey) return void waiting.push(c)
    const json = step(journey, c)
    log(`${c.kind} → ${journey.phase}`, json)
    if (cfg.onEvent) cfg.onEvent(JSON.parse(json))
    queue.push(json)
    queue.put(STATE_KEY, journey)
  }

  const capture = (kind: Capture['kind'], props: unknown, name?: string) => {
    if (stopped) return
    const [json, problem] = toJson(props)
    if (problem) log(problem, props)
    record({ kind, name, props: json, url: location.href, referrer: document.referrer, title: document.title, time: Date.now() })
  }

  queue.get<JourneyState>(STATE_KEY).then(
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
  const onOnline = () => flusher.online()
  const listeners: [EventTarget, string, () => void][] = [
    [window, 'pagehide', onPageHide],
    [window, 'pageshow', () => (leaving = false)],
    [document, 'visibilitychange', onVisibility],
    [window, 'online', onOnline],
  ]
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn)

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

  if (cfg.autoCapture) capture('page', undefined)

  return {
    page: guard((props?: Props) => capture('page', props)),
    track: guard((name: string, props?: Props) => {
      if (typeof name != 'string' || !name) return log('track() needs an event name', name)
      capture('custom', props, name)
    }),
    flush: guard(() => flusher.flush(), Promise.resolve({ sent: 0, ok: false })),
    shutdown: guard(async () => {
      stopped = true
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn)
      await flusher.flush()
      flusher.stop()
    }, Promise.resolve()),
  }
}
