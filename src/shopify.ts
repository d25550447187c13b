import { createTracker, type Tracker } from './createTracker.js'
import type { fivePhase, Model } from './journey/models.js'
import type { AutoCapture, TrackerOptions } from './options.js'
import type { KeyValueStore } from './queue/storeIn.js'
import type { Props } from './types.js'

/** The page an event of Shopify's pixel API happened on, as the event's context tells it. */
interface ShopifyContext {
  document?: { location?: { href?: string }; referrer?: string; title?: string }
}

/** A standard event of Shopify's pixel API, as far as waymark reads it. */
export interface ShopifyEvent {
  context?: ShopifyContext
  data?: any
}

/**
 * What waymark uses of Shopify's pixel API: the `api` of an app pixel's `register((api) => …)`, or
 * the globals of a custom pixel (`{ analytics, browser, init, customerPrivacy }`). Shaped after
 * `@shopify/web-pixels-extension`, whose `ExtensionApi` fits it.
 */
export interface ShopifyPixelApi {
  analytics: { subscribe(name: string, callback: (event: ShopifyEvent) => void): unknown }
  browser?: { localStorage?: KeyValueStore }
  init?: { customerPrivacy?: { analyticsProcessingAllowed?: boolean } }
  customerPrivacy?: { subscribe?(name: 'visitorConsentCollected', callback: (event: { customerPrivacy?: { analyticsProcessingAllowed?: boolean } }) => void): unknown }
}

/** Options of `waymarkShopify`: the tracker's that make sense in a pixel, and where it stands beside a theme's tag. */
export interface ShopifyOptions<M extends Model = Model> extends Omit<TrackerOptions<M>, 'storage' | 'consent' | 'plugins' | 'autoCapture'> {
  /** Detector settings (hosts, internal hosts, referral parameters). */
  autoCapture?: Pick<AutoCapture, 'hosts' | 'internalHosts' | 'referralParams'>
  /**
   * `false` when the theme also runs waymark's script tag: the pixel then records only the checkout
   * (its pages and steps, and the purchase), so that storefront page views are not counted twice.
   * Default true: the pixel records the whole journey.
   */
  storefront?: boolean
}

const money = (m: { amount?: number; currencyCode?: string } | null | undefined) => (m ? { value: m.amount, currency: m.currencyCode } : {})
// A product variant as the props of a browse or cart event.
const item = (v: any, quantity?: number): Props =>
  v ? { id: v.id, product: v.product?.id, title: v.product?.title ?? v.title, sku: v.sku || undefined, ...money(v.price), ...(quantity != null && { quantity }) } : {}
// What the checkout events carry of the checkout.
const checkoutProps = (c: any): Props => (c ? { ...money(c.totalPrice), items: c.lineItems?.length } : {})

/**
 * Records the customer journey from Shopify's pixel API, in a custom pixel (a sandboxed iframe) or
 * an app pixel (a Web Worker), where the shop's checkout runs no script tags: page views classified
 * from each event's page (ad clicks, review portals and channels as everywhere), the browse and cart
 * events as the models' custom events (`view_item`, `view_item_list`, `search`, `add_to_cart`,
 * `remove_from_cart`, `view_cart`), the checkout steps (`begin`, `contact`, `address`, `shipping`,
 * `payment`), and one purchase per order with its id, value and currency, its path and credit. The
 * journey and the unsent events are kept in the shop's `localStorage` through `browser.localStorage`,
 * so one journey runs from the first storefront page to the thank-you page. Nothing is stored or
 * sent before the visitor allows analytics (`init.customerPrivacy`, `visitorConsentCollected`).
 * @param api Shopify's pixel API
 * @param options the tracker's options (`endpoint` at least), and `storefront`
 * @returns the tracker
 */
export const waymarkShopify = <const M extends Model = typeof fivePhase>(api: ShopifyPixelApi, options: ShopifyOptions<M>): Tracker => {
  const { analytics, browser, init, customerPrivacy } = api
  const { storefront = true, autoCapture, ...rest } = options
  const tracker = createTracker({
    // The page that sent an event may be gone a moment later: send soon.
    flushInterval: 1000,
    // The shop's localStorage holds about 5 MB for everything the shop keeps there.
    maxQueueBytes: 1048576,
    ...(rest as TrackerOptions),
    storage: browser?.localStorage || 'memory',
    // Shopify's own consent: pending until the visitor allowed analytics processing.
    consent: init?.customerPrivacy?.analyticsProcessingAllowed ? 'granted' : 'pending',
    // Pages and their steps come from Shopify's events, never from the pixel's own document.
    autoCapture: { ...autoCapture, pageViews: false, navigation: false, shops: false },
  })
  const at = (tracker as Tracker & { _at(page: { url: string; referrer: string; title: string }): void })._at
  customerPrivacy?.subscribe?.('visitorConsentCollected', (e: { customerPrivacy?: { analyticsProcessingAllowed?: boolean } }) =>
    tracker.setConsent(e?.customerPrivacy?.analyticsProcessingAllowed ? 'granted' : 'denied'),
  )
  // Each event on the page it happened on; browse events only where the pixel records the storefront.
  const on = (name: string, record: (data: any) => void, browse?: boolean) =>
    analytics.subscribe(name, (event: ShopifyEvent) => {
      const d = event?.context?.document
      const url = d?.location?.href || ''
      if (browse && !storefront && !/\/checkouts?\//.test(url)) return
      at({ url, referrer: d?.referrer || '', title: d?.title || '' })
      record(event?.data || {})
    })
  on('page_viewed', () => tracker.page(), true)
  on('product_viewed', (d) => tracker.track('view_item', item(d.productVariant)), true)
  on('collection_viewed', (d) => tracker.track('view_item_list', { id: d.collection?.id, title: d.collection?.title }), true)
  on('search_submitted', (d) => tracker.track('search', { query: d.searchResult?.query }), true)
  on('product_added_to_cart', (d) => tracker.track('add_to_cart', item(d.cartLine?.merchandise, d.cartLine?.quantity)), true)
  on('product_removed_from_cart', (d) => tracker.track('remove_from_cart', item(d.cartLine?.merchandise, d.cartLine?.quantity)), true)
  on('cart_viewed', (d) => tracker.track('view_cart', { ...money(d.cart?.cost?.totalAmount), items: d.cart?.lines?.length }), true)
  const steps: [string, string][] = [
    ['checkout_started', 'begin'],
    ['checkout_contact_info_submitted', 'contact'],
    ['checkout_address_info_submitted', 'address'],
    ['checkout_shipping_info_submitted', 'shipping'],
    ['payment_info_submitted', 'payment'],
  ]
  for (const [name, step] of steps) on(name, (d) => tracker.checkout(step, checkoutProps(d.checkout)))
  on('checkout_completed', (d) => {
    const c = d.checkout || {}
    tracker.purchase({ orderId: c.order?.id ?? c.token ?? undefined, currency: c.currencyCode ?? undefined, ...money(c.totalPrice), items: c.lineItems?.length })
    // The thank-you page may be left at once: send it now.
    void tracker.flush()
  })
  return tracker
}
