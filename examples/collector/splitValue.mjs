/**
 * Splits an amount in whole minor units (cents) among channels by their shares, so that the parts
 * are whole minor units too and add up to the amount exactly: each part is rounded, and what the
 * rounding left over or took too much goes to the channel with the largest share. Shares need not
 * add up to 1: events carry them rounded to four decimals, so they often add up to 0.9999 or 1.0001.
 * @param {number} minor the amount, a whole number of minor units
 * @param {Record<string, number>} shares share of each channel; those not above zero get nothing
 * @returns {Record<string, number> | null} minor units per channel, or null when no share is above zero
 */
export function splitValue(minor, shares) {
  const entries = Object.entries(shares).filter(([, s]) => Number.isFinite(s) && s > 0)
  if (!entries.length) return null
  const sum = entries.reduce((n, [, s]) => n + s, 0)
  const parts = Object.fromEntries(entries.map(([channel, s]) => [channel, Math.round((minor * s) / sum)]))
  // Ties go to the channel first in alphabetical order, so that every read of the same data agrees.
  const [largest] = entries.reduce((best, e) => (e[1] > best[1] || (e[1] === best[1] && e[0] < best[0]) ? e : best))
  parts[largest] += minor - Object.values(parts).reduce((n, p) => n + p, 0)
  return parts
}
