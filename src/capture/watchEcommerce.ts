import type { Tracker } from '../createTracker.js'
import { watchDataLayer } from '../lib/watchDataLayer.js'
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
 * Records the e-commerce checkout steps and purchases a site pushes to Google Tag Manager's
 * `dataLayer` (also those pushed before), leaving Tag Manager working. The body of `dataLayer()`.
 * @param name the dataLayer's global name
 */
export const watchEcommerce =
  (name: string): Plugin =>
  (tracker) =>
    watchDataLayer(name, (entry) => readEntry(entry, tracker))
