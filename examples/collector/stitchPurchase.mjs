// A purchase as the dashboard counts it: over its customer's whole path when the customer came on
// other devices (or with wiped storage) since their previous purchase, else as the browser saw it.
import { attribute } from './waymark.mjs'

const DAY_MS = 86400000
/** The SDK's default half-life of time decay: a site's own setting is not on its events. */
export const HALF_LIFE_DAYS = 7
/** Channels a path lists, first and latest, as the SDK lists them on a purchase event. */
const MAX_CHANNELS = 20

/**
 * The figures of one purchase: its credit per model, the channels of its path, and the touchpoints
 * and days it took. The browser's own when every visit since the customer's previous purchase was
 * on the purchase's anonymous id; otherwise stitched from those visits, each counted by the channel
 * its first event came by, on whichever anonymous id it was.
 * @param {{ time: Date, anonymousId: string, value?: unknown, currency?: unknown, credit?: any, channels?: unknown,
 *   channel?: string | null, touchpoints?: unknown, days?: unknown,
 *   visits?: [string, number, string][] | null, customerTouchpoints?: number | null }} p a row of the
 *   store's `purchases`: `visits` are channel, epoch ms and anonymous id of each visit of the
 *   customer since their previous purchase, `customerTouchpoints` their touchpoints in that time
 * @returns {{ value: unknown, currency: unknown, credit: any, channels: unknown, channel: string | null,
 *   touchpoints: unknown, days: unknown, stitched: boolean }}
 */
export function stitchPurchase(p) {
  const browser = { value: p.value, currency: p.currency, credit: p.credit, channels: p.channels, channel: p.channel ?? null, touchpoints: p.touchpoints, days: p.days }
  const visits = p.visits ?? []
  if (!visits.some(([, , anonymousId]) => anonymousId !== p.anonymousId)) return { ...browser, stitched: false }
  const time = p.time.getTime()
  const touches = visits.map(([channel, t]) => [channel, t])
  const channels = touches.map(([c]) => c)
  return {
    ...browser,
    credit: attribute(touches, time, HALF_LIFE_DAYS),
    channels: channels.length > MAX_CHANNELS ? [channels[0], ...channels.slice(channels.length - MAX_CHANNELS + 1)] : channels,
    touchpoints: p.customerTouchpoints,
    days: Math.max(0, Math.floor((time - touches[0][1]) / DAY_MS)),
    stitched: true,
  }
}
