import type { Touchpoint } from '../detect/detectTouchpoint.js'
import type { Channel, Kind, PurchasePath, WireEvent } from '../types.js'
import { attribute, lastNonDirect } from './attribution.js'
import type { Capture, JourneyState, SessionTouch } from './step.js'
import { cap, touchOf } from './touches.js'

/** Channels kept on a purchase path; the middle of a longer one is left out. */
export const MAX_PATH = 20
const MAX_ORDERS = 50
/**
 * An id-less purchase signal this soon after a purchase, in the same session, reports that same
 * purchase: a single-page app calls purchase() and then shows its thank-you route.
 */
const SAME_PURCHASE_MS = 600000
const DAY_MS = 86400000

/**
 * Tells whether a purchase was already recorded, and remembers it if not. One page view is one
 * touchpoint: a purchase that the URL, the dataLayer and an explicit call all report is recorded
 * once; a purchase once per order id, even on a reload.
 * @param s journey state, updated in place
 * @param c the captured call
 * @param tp its touchpoint
 * @param isPage whether the call is a page view
 * @returns true when it repeats a recorded purchase
 */
export const dedupePurchase = (s: JourneyState, c: Capture, tp: Omit<Touchpoint, 'kind'> & { kind: Kind }, isPage: boolean): boolean => {
  const id = tp.orderId
  const idKey = id && 'o:' + id
  // An id-less confirmation URL is the same purchase only within the session: Magento's
  // /checkout/onepage/success/ is the URL of every order.
  const urlKey = 'u:' + s.sessionId + c.url
  const here = s.page.seen.filter((k) => k.startsWith('purchase'))
  const dup = !!(
    (idKey && s.orders.includes(idKey)) ||
    // Another signal of this page's purchase: without an id, or bringing the id it lacked.
    (!isPage && here.length && (!id || here.includes('purchase:'))) ||
    (!id && (s.orders.includes(urlKey) || (!!s.bought && s.bought[0] == s.sessionId && c.time - s.bought[1] < SAME_PURCHASE_MS)))
  )
  if (idKey && !s.orders.includes(idKey)) s.orders.push(idKey)
  if (!dup) {
    s.orders.push(urlKey)
    s.page.seen.push('purchase:' + (id || ''))
  }
  s.orders = s.orders.slice(-MAX_ORDERS)
  return dup
}

/**
 * Closes a purchase: the path that led to it, with the credit of each channel, and a new cycle.
 * @param s journey state, updated in place
 * @param e the purchase event, which gets its `path`
 * @param at the session's campaign
 * @param time epoch ms of the purchase
 * @param before touchpoints before it
 * @param halfLifeDays half-life of the time-decay model
 */
export const closePurchase = (s: JourneyState, e: WireEvent, at: SessionTouch, time: number, before: number, halfLifeDays: number) => {
  s.purchases++
  s.bought = [s.sessionId, time]
  const touches = s.path.length ? s.path : [[at.channel, time] as [Channel, number]]
  const shown = cap(touches, MAX_PATH)
  const last = lastNonDirect(touches)
  const path: PurchasePath = {
    touchpoints: before - s.cycleStart,
    days: Math.max(0, Math.floor((time - touches[0][1]) / DAY_MS)),
    channels: shown.map(([ch]) => ch),
    credit: attribute(touches, time, halfLifeDays),
    firstTouch: touchOf({ channel: touches[0][0] }, touches[0][1]),
    lastTouch: touchOf({ channel: last[0] }, last[1]),
  }
  if (touches.length > shown.length) path.omitted = touches.length - shown.length
  e.path = path
  // A new cycle: the next purchase's path starts here.
  s.path = []
  s.cycleStart = s.touchpoints
  s.reached = undefined
}
