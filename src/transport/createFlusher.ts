import type { Queue, Taken } from '../queue/createQueue.js'
import { splitEvents } from '../lib/splitEvents.js'
import { withLock } from '../lib/withLock.js'
import { Say, type Log } from '../lib/say.js'
import { uid } from '../lib/uid.js'
import { KEEPALIVE_MAX_BYTES, type SendResult } from './send.js'

/** What `flush()` reports. */
export interface FlushResult {
  /** Events the collector accepted during this flush. */
  sent: number
  /** False when a delivery failed and events wait for a retry. */
  ok: boolean
}

export interface FlusherOptions {
  queue: Queue
  /** Lock name shared by the tabs that share the queue. */
  name: string
  batchSize: number
  batchBytes: number
  flushIntervalMs: number
  /** Delivers one batch body; resolves with the HTTP status (0 for a network failure). */
  deliver: (body: string, events: number) => Promise<SendResult>
  /** Turns stored events into a batch body. */
  encode: (events: string[], batchId: string, dropped: Taken['dropped']) => string
  /** Sends what it can while the page goes away; defaults to sendBeacon to the endpoint. */
  deliverOnHide: (body: string) => boolean
  log: Log
}

const BACKOFF_BASE_MS = 1000
/** Five minutes: a collector that is down for longer still hears from an open tab now and then. */
const BACKOFF_MAX_MS = 300000
/** Where nobody takes batches yet, a minute to start with: a site that fixes its endpoint is heard from soon. */
const ABSENT_BASE_MS = 60000
/** Room for the batch envelope inside the beacon limit. */
const HIDE_BODY_BYTES = KEEPALIVE_MAX_BYTES - 1024
/** Retry-After beyond an hour is more likely a misconfiguration than a plan. */
const RETRY_AFTER_MAX_MS = 3600000

/**
 * What a collector's answer means for the batch: `sent`; `bad`, the batch itself is wrong (400, 422:
 * dropped and counted); `smaller` (413: halve the batches); `busy`, try again soon (a network error,
 * 408, 429, 5xx); `absent`, nobody takes batches here yet (404, 405 and every other 4xx: a wrong
 * path, a proxy not set up, a collector not deployed yet), so keep the events and ask again rarely.
 * @param status the HTTP status, 0 for a network failure
 */
export const verdict = (status: number) =>
  status >= 200 && status < 300 ? 'sent' : status == 400 || status == 422 ? 'bad' : status == 413 ? 'smaller' : status == 0 || status == 408 || status == 429 || status >= 500 ? 'busy' : 'absent'

/**
 * Exponential backoff with full jitter between half and one and a half times the step.
 * @param attempt 1 for the first retry
 * @param base the first step
 */
export const backoff = (attempt: number, base = BACKOFF_BASE_MS) => Math.min(BACKOFF_MAX_MS, base * 2 ** (attempt - 1)) * (0.5 + Math.random())

// The time of a retry is kept on the monotonic clock: a wall clock set back by a day must not hold
// a retry for a day.
const now = () => performance.now()

/**
 * Creates the sender: takes batches from the queue, one tab at a time, and removes them only after
 * a 2xx. Retries with backoff, honours `Retry-After`, drops what the collector refuses with a count.
 * @param o queue, limits and delivery functions
 */
export const createFlusher = (o: FlusherOptions) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<FlushResult> | undefined
  let attempt = 0
  let retryAt = 0
  // Shrinks after a 413 so that the next batch is smaller; stays for the life of the page.
  let maxEvents = o.batchSize
  let stopped = false

  const schedule = (ms: number) => {
    if (stopped || timer) return
    timer = setTimeout(() => {
      timer = undefined
      run(false)
    }, ms)
  }

  // The batch id is derived from what the batch holds, so a retry of the same batch keeps its id.
  const batchId = (t: Taken) => t.keys[0][2] + '.' + t.events.length

  const loop = async (renew: () => Promise<boolean>): Promise<FlushResult> => {
    let sent = 0
    while (!stopped && (await renew())) {
      const taken = await o.queue.take(maxEvents, o.batchBytes)
      if (!taken) break
      // Not earlier: a page hidden while the batch was still being read sends it in its beacon.
      o.queue.sending(taken)
      const res = await o.deliver(o.encode(taken.events, batchId(taken), taken.dropped), taken.events.length)
      const v = verdict(res.status)
      if (v == 'sent') {
        await o.queue.remove(taken)
        sent += taken.events.length
        attempt = 0
        o.log(Say.Sent, { batchId: batchId(taken), events: taken.events.length, dropped: taken.dropped }, [taken.events.length, res.status])
      } else if (v == 'busy' || v == 'absent') {
        attempt++
        const wait = res.retryAfterMs != null ? Math.min(res.retryAfterMs, RETRY_AFTER_MAX_MS) : backoff(attempt, v == 'absent' ? ABSENT_BASE_MS : undefined)
        retryAt = now() + wait
        v == 'busy' ? o.log(Say.Retry, undefined, [res.status, wait]) : o.log(Say.NotListening, undefined, [res.status, wait, o.queue.size()])
        return { sent, ok: false }
      } else if (v == 'smaller' && taken.events.length > 1) {
        maxEvents = Math.ceil(taken.events.length / 2)
        o.log(Say.Shrunk, undefined, [maxEvents])
      } else {
        await o.queue.remove(taken, 'rejected')
        o.log(Say.Refused, undefined, [taken.events.length, res.status])
      }
    }
    return { sent, ok: true }
  }

  /** Sends everything queued; `force` ignores a pending backoff. */
  const run = (force: boolean): Promise<FlushResult> => {
    if (running) return running
    if (stopped) return Promise.resolve({ sent: 0, ok: true })
    clearTimeout(timer)
    timer = undefined
    if (!force && now() < retryAt) {
      schedule(retryAt - now())
      return Promise.resolve({ sent: 0, ok: false })
    }
    running = withLock(o.name, o.queue, force, loop)
      .then((r) => r || { sent: 0, ok: true })
      .catch((e) => (o.log(Say.FlushFailed, e), { sent: 0, ok: false }))
      .finally(() => {
        running = undefined
        if (now() < retryAt) schedule(retryAt - now())
        else if (o.queue.size()) schedule(o.flushIntervalMs)
      })
    return running
  }

  return {
    /** Called after events were queued: flushes at once when a batch is full, else after the interval. */
    queued() {
      if (o.queue.size() >= maxEvents && now() >= retryAt) run(false)
      else schedule(o.flushIntervalMs)
    },
    flush: () => run(true),
    /** Back online: the backoff was probably about the network, so try now. */
    online() {
      retryAt = 0
      attempt = 0
      run(false)
    },
    /**
     * The page is being hidden and may never run code again: hand this tab's unsent events to the
     * browser. They stay queued, so if the collector does not take them they go out again later.
     * @param extra serialised events kept elsewhere that should go with them
     */
    hide(extra: string[] = []) {
      // One body per beacon; once the browser refuses one, it refuses the rest too.
      for (const part of splitEvents([...o.queue.handOver(), ...extra], Infinity, HIDE_BODY_BYTES)) if (!o.deliverOnHide(o.encode(part, uid(), {}))) return
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      timer = undefined
    },
    /** Sends again after a stop (consent granted once more). */
    start() {
      stopped = false
    },
  }
}

