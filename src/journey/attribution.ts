import type { Credit } from '../types.js'

const DAY_MS = 86400000

const share = (credit: Record<string, number>, channel: string, x: number) => (credit[channel] = (credit[channel] || 0) + x)

// Four decimals are plenty for a share, and keep the event small.
const round = (credit: Record<string, number>) => {
  for (const k in credit) credit[k] = Math.round(credit[k] * 1e4) / 1e4
  return credit
}

/**
 * The last touch that was not direct, or the last one when all were.
 * @param touches channel and epoch ms of each arrival, oldest first (at least one)
 */
export const lastNonDirect = <T extends readonly [string, number]>(touches: readonly T[]): T => {
  for (let i = touches.length; i--; ) if (touches[i][0] != 'direct') return touches[i]
  return touches[touches.length - 1]
}

/**
 * Splits the credit for a purchase among the channels that led to it, under the common attribution
 * models: first touch, last touch (direct only when nothing else led there, as in GA4's last-click
 * models), linear, position-based (40 % first, 40 % last, 20 % spread over the middle) and time
 * decay (a touch `halfLifeDays` older than the purchase earns half as much). The tracker credits
 * each purchase with it; a collector can credit a path it put together from several browsers.
 * @param touches channel and epoch ms of each arrival on the way, oldest first (at least one)
 * @param purchaseTime epoch ms of the purchase
 * @param halfLifeDays half-life of the time-decay model
 */
export const attribute = (touches: readonly [string, number][], purchaseTime: number, halfLifeDays: number): Credit => {
  const n = touches.length
  const credit: Credit = { firstTouch: {}, lastTouch: {}, linear: {}, positionBased: {}, timeDecay: {} }
  share(credit.firstTouch, touches[0][0], 1)
  share(credit.lastTouch, lastNonDirect(touches)[0], 1)
  let weights = 0
  const decay = touches.map(([, t]) => 2 ** (-Math.max(0, purchaseTime - t) / (halfLifeDays * DAY_MS)))
  for (const w of decay) weights += w
  touches.forEach(([c], i) => {
    share(credit.linear, c, 1 / n)
    share(credit.positionBased, c, n == 1 ? 1 : n == 2 ? 0.5 : i == 0 || i == n - 1 ? 0.4 : 0.2 / (n - 2))
    share(credit.timeDecay, c, decay[i] / weights)
  })
  for (const k in credit) round(credit[k as keyof Credit])
  return credit
}
