// Orders and revenue per channel under each attribution model: the five rule-based models whose
// shares every purchase event carries in `path.credit`, and the data-driven one computed here.
import { minorDigits } from './minorDigits.mjs'
import { splitValue } from './splitValue.mjs'

/** The models compared, in the order the dashboard shows them. */
export const ATTRIBUTION_MODELS = ['firstTouch', 'lastTouch', 'linear', 'positionBased', 'timeDecay', 'dataDriven']

/** Where a purchase's credit goes when its event carries none for a model (the collector does not validate `path`). */
export const NO_PATH = '(no path)'

const isShares = (o) => o !== null && typeof o === 'object' && !Array.isArray(o) && Object.values(o).some((s) => Number.isFinite(s) && s > 0)

/**
 * A purchase's shares under the data-driven model: the channels on its path, weighed by their credit
 * in the chain of all journeys; equal shares when none of them has any (a channel too new to tell).
 */
function dataDrivenShares(purchase, credit) {
  const path = Array.isArray(purchase.channels) && purchase.channels.length ? purchase.channels : purchase.channel ? [purchase.channel] : []
  const channels = [...new Set(path.filter((c) => typeof c === 'string'))]
  if (!channels.length) return null
  const weighed = Object.fromEntries(channels.map((c) => [c, credit[c] ?? 0]))
  return isShares(weighed) ? weighed : Object.fromEntries(channels.map((c) => [c, 1]))
}

/**
 * Splits every purchase among channels under each model: orders as fractions of a purchase, and
 * values in whole minor units per currency, so that each model's revenue adds up exactly to the
 * purchases' values. Currencies are kept apart. A purchase without a value or currency counts as
 * an order only.
 * @param {{ value?: unknown, currency?: unknown, credit?: unknown, channels?: unknown, channel?: string | null }[]} purchases
 * @param {Record<string, number> | null} dataDrivenCredit credit per channel from `removalEffects`;
 *   null leaves the data-driven model out
 */
export function revenueByModel(purchases, dataDrivenCredit) {
  const models = dataDrivenCredit ? ATTRIBUTION_MODELS : ATTRIBUTION_MODELS.filter((m) => m !== 'dataDriven')
  const empty = () => Object.fromEntries(models.map((m) => [m, {}]))
  const orders = empty()
  const byCurrency = new Map()
  let withoutValue = 0
  const add = (into, channel, n) => (into[channel] = (into[channel] ?? 0) + n)

  for (const p of purchases) {
    const shares = Object.fromEntries(
      models.map((m) => {
        const s = m === 'dataDriven' ? dataDrivenShares(p, dataDrivenCredit) : isShares(p.credit?.[m]) ? p.credit[m] : null
        return [m, s ?? { [NO_PATH]: 1 }]
      }),
    )
    for (const m of models) {
      const valid = Object.entries(shares[m]).filter(([, s]) => Number.isFinite(s) && s > 0)
      const sum = valid.reduce((n, [, s]) => n + s, 0)
      for (const [channel, s] of valid) add(orders[m], channel, s / sum)
    }
    const currency = typeof p.currency === 'string' && /^[A-Za-z]{3}$/.test(p.currency) ? p.currency.toUpperCase() : null
    const value = typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null
    if (currency === null || value === null) {
      withoutValue++
      continue
    }
    if (!byCurrency.has(currency)) byCurrency.set(currency, { currency, digits: minorDigits(currency), orders: 0, total: 0, byModel: empty() })
    const c = byCurrency.get(currency)
    const minor = Math.round(value * 10 ** c.digits)
    c.orders++
    c.total += minor
    for (const m of models) for (const [channel, part] of Object.entries(splitValue(minor, shares[m]))) add(c.byModel[m], channel, part)
  }

  // Four decimals of an order are enough to show, and keep float sums such as 0.9999999 out of the answer.
  for (const m of models) for (const channel in orders[m]) orders[m][channel] = Math.round(orders[m][channel] * 1e4) / 1e4
  return {
    models,
    orders: purchases.length,
    withoutValue,
    ordersByModel: orders,
    currencies: [...byCurrency.values()].sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency)),
  }
}
