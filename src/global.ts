import { consentMode, tcfConsent } from './capture/consent.js'
import { lazyPlugin } from './capture/lazyPlugin.js'
import { orderData } from './capture/orderData.js'
import { shareClicks } from './capture/shareClicks.js'
import { createTracker, type Tracker } from './createTracker.js'
import { useTag } from './lazy.js'
import type { AutoCapture, TrackerOptions } from './options.js'

type Command = [string, ...unknown[]]
interface Waymark {
  (...command: Command): unknown
  q?: ArrayLike<unknown>[]
  /** Set once the real script has taken over, so that a second copy of the tag does nothing. */
  tracker?: Tracker
}

/** What the script tag's `autoCapture` adds to the npm options: the plugins it runs. */
interface TagCapture extends AutoCapture {
  shares?: boolean
  dataLayer?: boolean
  orderData?: boolean
}

declare global {
  interface Window {
    waymark?: Waymark
  }
}

// `data-flush-interval="5000"` → flushInterval: 5000; `data-debug` → debug: true; JSON where it parses.
const fromDataset = (el: HTMLOrSVGScriptElement | null) => {
  const o: Record<string, unknown> = {}
  const d = el?.dataset || {}
  for (const k in d) {
    const v = d[k]!
    try {
      o[k] = v === '' ? true : /^[[{\d]|^(true|false)$/.test(v) ? JSON.parse(v) : v
    } catch {
      o[k] = v
    }
  }
  return o
}

const start = () => {
  const w = window
  const stub = w.waymark
  if (stub?.tracker) return
  const script = (document.currentScript || document.querySelector('script[src*="waymark"][data-endpoint]')) as HTMLScriptElement | null
  useTag(script)
  const queued = Array.from(stub?.q || [], (args) => Array.from(args) as Command)
  // `waymark('init', {...})` in the queue: options from code, over those of the tag.
  const init = queued.filter(([name]) => name == 'init').map(([, o]) => o)
  const o = Object.assign(fromDataset(script), ...init) as TrackerOptions & { autoCapture?: TagCapture | boolean }
  const ac: TagCapture = typeof o.autoCapture == 'object' ? o.autoCapture : {}
  const { shares, dataLayer: layer, orderData: order, ...rest } = ac
  const on = o.autoCapture !== false
  // `data-consent="tcf"` / `"gcm"`: pending until the site's consent platform says.
  const from = o.consent as string
  const consent = from == 'tcf' ? tcfConsent() : from == 'gcm' ? consentMode() : undefined
  let tracker: Tracker
  try {
    tracker = createTracker({
      ...o,
      ...(typeof o.autoCapture == 'object' && { autoCapture: rest }),
      ...(consent && { consent: 'pending' }),
      plugins: [
        ...(consent ? [consent] : []),
        ...(on && shares !== false ? [shareClicks(rest)] : []),
        // Each plugin's code loads only on pages with its subject: a dataLayer, a JSON-LD order.
        ...(on && layer !== false ? [lazyPlugin('dataLayer', (p) => p.watchEcommerce('dataLayer'), () => Array.isArray((w as { dataLayer?: unknown }).dataLayer))] : []),
        ...(on && order !== false ? [orderData()] : []),
        ...(o.plugins || []),
      ],
    })
  } catch (e) {
    // A bad tag must not break the shop: say why and stay a no-op.
    return console.error(e)
  }
  const waymark: Waymark = (name, ...args) => {
    // `waymark('consent', 'granted')` is the tag's name for setConsent; `waymark('detect', { url,
    // referrer })` tells how the tag reads an arrival.
    const method = name == 'detect' ? (tracker as Tracker & { _detect: unknown })._detect : (tracker as unknown as Record<string, unknown>)[name == 'consent' ? 'setConsent' : name]
    if (typeof method == 'function') return method(...args)
    if (name != 'init') console.warn('[waymark] unknown command', name)
  }
  waymark.tracker = tracker
  w.waymark = waymark
  for (const args of queued) waymark(...args)
}

start()
