// The five rule-based attribution models over a path of visits, as the SDK computes them on a
// purchase in the browser (src/journey/attribution.ts and purchaseStep.ts): the collector uses it
// for a path it stitched across a customer's devices, which no single browser saw whole.

const DAY_MS = 86400000
/** The SDK's default half-life of time decay: a site's own setting is not on its events. */
export const HALF_LIFE_DAYS = 7
/** Visits a path keeps, first and latest, as the SDK keeps them in the journey state. */
export const MAX_PATH = 100

const add = (shares, channel, x) => (shares[channel] = (shares[channel] ?? 0) + x)

// Four decimals, as purchase events carry their shares.
const rounded = (shares) => Object.fromEntries(Object.entries(shares).map(([c, s]) => [c, Math.round(s * 1e4) / 1e4]))

/**
 * The credit of each channel under first touch, last (non-direct) touch, linear, position-based
 * (40/20/40) and time decay.
 * @param {[string, number][]} touches channel and epoch ms of each visit on the way, oldest first (at
 *   least one); over MAX_PATH, the first and the latest count
 * @param {number} purchaseTime epoch ms of the purchase
 * @param {number} [halfLifeDays] a visit this much older than the purchase earns half as much under time decay
 */
export function attributePath(touches, purchaseTime, halfLifeDays = HALF_LIFE_DAYS) {
  const path = touches.length > MAX_PATH ? [touches[0], ...touches.slice(touches.length - MAX_PATH + 1)] : touches
  const n = path.length
  const credit = { firstTouch: {}, lastTouch: {}, linear: {}, positionBased: {}, timeDecay: {} }
  add(credit.firstTouch, path[0][0], 1)
  // Direct takes the last touch only when nothing else led to the purchase, as in GA4.
  const last = path.findLast(([c]) => c !== 'direct') ?? path[n - 1]
  add(credit.lastTouch, last[0], 1)
  const decay = path.map(([, t]) => 2 ** (-Math.max(0, purchaseTime - t) / (halfLifeDays * DAY_MS)))
  const weights = decay.reduce((s, w) => s + w, 0)
  path.forEach(([c], i) => {
    add(credit.linear, c, 1 / n)
    add(credit.positionBased, c, n === 1 ? 1 : n === 2 ? 0.5 : i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2))
    add(credit.timeDecay, c, decay[i] / weights)
  })
  return Object.fromEntries(Object.entries(credit).map(([m, shares]) => [m, rounded(shares)]))
}
