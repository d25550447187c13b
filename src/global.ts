import { consentMode, tcfConsent } from './capture/consent.js'
import { lazyPlugin } from './capture/lazyPlugin.js'
import { orderData } from './capture/orderData.js'
import { shareClicks } from './capture/shareClicks.js'
import { createTracker, type Tracker } from './createTracker.js'
import { load, useTag } from './lazy.js'
import { dataAttribute } from './lib/dataAttribute.js'
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

/** How the shop owner wrote an option: `data-batch-size`, or `init` when code gave it. */
const written = (key: string, init: object): string =>
  key.includes('.') ? `"${key.split('.')[1]}" in ${written('autoCapture', init)}` : key in init ? `init option "${key}"` : dataAttribute(key)

// `data-flush-interval="5000"` → flushInterval: 5000; `data-debug` (or "true", "1", "yes", "on")
// → debug: true; JSON where the value is meant as JSON. What does not parse is said and left out.
const fromDataset = (d: DOMStringMap) => {
  const o: Record<string, unknown> = {}
  for (const k in d) {
    const v = d[k]!
    const flag = /^(|true|1|yes|on)$/i.test(v) ? true : /^(false|0|no|off)$/i.test(v) ? false : undefined
    if (flag != null && /^(debug|compress|privacySignals|replaceRules|autoCapture)$/.test(k)) o[k] = flag
    else if (/^[[{]/.test(v))
      try {
        o[k] = JSON.parse(v)
      } catch (e) {
        console.warn(`waymark: ${written(k, {})} is not valid JSON (${(e as Error).message}); it is left out, tracking goes on`)
      }
    else o[k] = /^-?\d+(\.\d+)?$/.test(v) ? +v : v
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
  const init = Object.assign({}, ...queued.filter(([name]) => name == 'init').map(([, o]) => o))
  const dataset = script?.dataset || {}
  const o = Object.assign(fromDataset(dataset), init) as TrackerOptions & { autoCapture?: TagCapture | boolean }
  const ac: TagCapture = typeof o.autoCapture == 'object' ? o.autoCapture : {}
  const { shares, dataLayer: layer, orderData: order, ...rest } = ac
  const on = o.autoCapture !== false
  // `data-consent="tcf"` / `"gcm"`: pending until the site's consent platform says.
  const from = o.consent as string
  const consent = from == 'tcf' ? tcfConsent() : from == 'gcm' ? consentMode() : undefined
  let tracker: Tracker
  // A bad option takes its default, and the shop owner reads which, in the words they wrote it.
  const say = (m: string) => m.replace(/option "([\w.]+)"/, (_, k) => written(k, init))
  const onBad = (m: string) => console.warn(say(m) + '; tracking goes on')
  const options = {
    ...o,
    ...(typeof o.autoCapture == 'object' && { autoCapture: rest }),
    ...(consent && { consent: 'pending' as const }),
    plugins: [
      ...(consent ? [consent] : []),
      ...(on && shares !== false ? [shareClicks(rest, true)] : []),
      // Each plugin's code loads only on pages with its subject: a dataLayer, a JSON-LD order.
      ...(on && layer !== false ? [lazyPlugin('dataLayer', (p) => p.watchEcommerce('dataLayer'), () => Array.isArray((w as { dataLayer?: unknown }).dataLayer))] : []),
      ...(on && order !== false ? [orderData()] : []),
      ...(o.plugins || []),
    ],
  }
  try {
    tracker = createTracker(options, onBad)
  } catch (e) {
    // Nowhere to send to (no endpoint, or an unusable one): say so plainly, and stop the stub
    // from keeping calls that would never go anywhere. A bad tag must not break the shop.
    w.waymark = () => {}
    return console.error('waymark: tracking is off: ' + say((e as Error).message).replace(/^waymark: /, ''))
  }
  // In debug mode, data- attributes waymark does not know, with the closest name it does.
  if (o.debug) load('debug').then((p) => p.unknownAttributes(Object.keys(dataset)), () => {})
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
