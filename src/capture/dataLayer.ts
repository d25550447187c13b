import type { Tracker } from '../createTracker.js'
import type { Plugin } from '../options.js'
import type { Props } from '../types.js'

type Entry = Record<string, any>

// GA4's checkout events, by the step they stand for.
const GA4_STEPS: Record<string, string> = { begin_checkout: 'begin', add_shipping_info: 'shipping', add_payment_info: 'payment' }

const items = (list: unknown) =>
  Array.isArray(list)
    ? list.slice(0, 50).map((i: Entry) => ({ id: i.item_id ?? i.id, name: i.item_name ?? i.name, price: i.price, quantity: i.quantity }))
    : undefined

/**
 * Turns one dataLayer entry into a tracker call, when it is an e-commerce checkout step or purchase:
 * GA4 events pushed as objects (`{ event: 'purchase', ecommerce: {…} }`) or through `gtag()`
 * (`['event', 'purchase', {…}]`), and Universal Analytics' enhanced e-commerce actions
 * (`ecommerce.checkout`, `ecommerce.purchase`).
 * @param entry what was pushed
 * @param tracker the tracker to record it with
 */
export const readEntry = (entry: unknown, tracker: Pick<Tracker, 'checkout' | 'purchase'>) => {
  if (!entry || typeof entry != 'object') return
  let name: unknown
  let ec: Entry | undefined
  const e = entry as Entry
  if (e[0] == 'event' && typeof e[1] == 'string') {
    name = e[1]
    ec = e[2]
  } else {
    name = e.event
    ec = e.ecommerce
  }
  if (!ec || typeof ec != 'object') return
  const ua = ec.purchase?.actionField || ec.checkout?.actionField
  if (name == 'purchase' || ec.purchase) {
    const f = ec.purchase?.actionField || ec
    tracker.purchase({
      orderId: f.transaction_id ?? f.id,
      value: Number(f.value ?? f.revenue) || undefined,
      currency: f.currency ?? ec.currencyCode,
      items: items(f.items ?? ec.purchase?.products),
      via: 'dataLayer',
    })
  } else if (typeof name == 'string' && GA4_STEPS[name]) {
    tracker.checkout(GA4_STEPS[name], { value: ec.value, currency: ec.currency, items: items(ec.items), via: 'dataLayer' } as Props)
  } else if (ec.checkout) tracker.checkout(ua?.step != null ? String(ua.step) : 'begin', { option: ua?.option, items: items(ec.checkout.products), via: 'dataLayer' })
}

/**
 * Records the e-commerce checkout steps and purchases a site already pushes to Google Tag Manager's
 * `dataLayer` (also those pushed before the tracker started). It wraps `dataLayer.push` through an
 * accessor, so that Tag Manager, which installs its own `push` when it loads, keeps working and
 * stays wrapped: calls go to whatever `push` was installed last, and reach the tracker after it.
 * @param name the dataLayer's global name. Default `dataLayer`.
 */
export const dataLayer =
  ({ name = 'dataLayer' } = {}): Plugin =>
  (tracker) => {
    const w = window as unknown as Record<string, Entry[]>
    // Creating it early is what the Tag Manager snippet does too.
    const layer = (w[name] ||= [])
    if (!Array.isArray(layer)) return
    const base = layer.push
    let inner = base
    let depth = 0
    // A push installed later may call the push it found, which is this one: it must not loop.
    function push(this: unknown, ...args: Entry[]) {
      if (depth) return base.apply(layer, args)
      depth++
      try {
        return inner.apply(layer, args)
      } finally {
        depth--
        for (const a of args) readEntry(a, tracker)
      }
    }
    for (const entry of layer) readEntry(entry, tracker)
    Object.defineProperty(layer, 'push', { configurable: true, get: () => push, set: (f) => (inner = f) })
    return () => {
      Object.defineProperty(layer, 'push', { configurable: true, writable: true, value: inner })
    }
  }
