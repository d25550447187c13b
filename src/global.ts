import { createTracker, type Tracker } from './createTracker.js'
import type { TrackerOptions } from './options.js'

type Command = [string, ...unknown[]]
interface Waymark {
  (...command: Command): unknown
  q?: ArrayLike<unknown>[]
  /** Set once the real script has taken over, so a second copy of the tag does nothing. */
  tracker?: Tracker
}

declare global {
  interface Window {
    waymark?: Waymark
  }
}

// `data-flush-interval="5000"` → flushInterval: 5000; `data-debug` → debug: true.
const fromDataset = (el: HTMLOrSVGScriptElement | null): Partial<TrackerOptions> => {
  const o: Record<string, unknown> = {}
  const d = el?.dataset || {}
  for (const k in d) {
    const v = d[k]!
    o[k] = v === '' || v == 'true' ? true : v == 'false' ? false : /^\d+$/.test(v) ? +v : v
  }
  return o
}

const start = () => {
  const w = window
  const stub = w.waymark
  if (stub?.tracker) return
  const script = document.currentScript || document.querySelector('script[data-endpoint][src*="waymark"]')
  let tracker: Tracker
  try {
    tracker = createTracker(fromDataset(script) as TrackerOptions)
  } catch (e) {
    // A bad tag must not break the shop: say why and stay a no-op.
    return console.error(e)
  }
  const waymark: Waymark = (name, ...args) => {
    const method = (tracker as unknown as Record<string, unknown>)[name]
    if (typeof method == 'function') return method(...args)
    console.warn('[waymark] unknown command', name)
  }
  waymark.tracker = tracker
  w.waymark = waymark
  for (const args of stub?.q || []) waymark(...(Array.from(args) as Command))
}

start()
