// The data-driven attribution model: a first-order Markov chain over the channels of all journeys,
// those that ended in a purchase and those that did not, and each channel's removal effect, the
// share of purchases that would be lost if the channel were taken out of every journey.

const START = '(start)'
const PURCHASE = '(purchase)'
const NO_PURCHASE = '(none)'

/**
 * The probability of reaching a purchase from the start, with the channels in `removed` turned into
 * dead ends (a journey that reaches one of them buys nothing).
 * @param {Map<string, Map<string, number>>} counts transitions between states, counted
 * @param {string[]} states the transient states, START first
 * @param {Set<string>} removed
 */
function conversionProbability(counts, states, removed) {
  // x[s] = P(s → purchase) + Σ_t P(s → t) x[t] over transient t, solved as (I − Q) x = r by
  // Gaussian elimination: a few dozen channels make a small dense system.
  const kept = states.filter((s) => !removed.has(s))
  const at = new Map(kept.map((s, i) => [s, i]))
  const n = kept.length
  const a = kept.map(() => new Array(n + 1).fill(0))
  kept.forEach((s, i) => {
    const out = counts.get(s) ?? new Map()
    const total = [...out.values()].reduce((m, c) => m + c, 0)
    a[i][i] = 1
    for (const [t, c] of out) {
      if (t === PURCHASE) a[i][n] += c / total
      else if (at.has(t)) a[i][at.get(t)] -= c / total
      // A transition to NO_PURCHASE or to a removed channel leads nowhere: nothing to add.
    }
  })
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r
    ;[a[col], a[pivot]] = [a[pivot], a[col]]
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue
      const f = a[r][col] / a[col][col]
      for (let k = col; k <= n; k++) a[r][k] -= f * a[col][k]
    }
  }
  return a[0][n] / a[0][0]
}

/**
 * Credit per channel from journeys: each channel's removal effect, normalised to add up to 1.
 * Every state has a way out (each journey ends in a purchase or not), so the system always solves.
 * @param {{ channels: string[], converted: boolean, count?: number }[]} journeys each journey's
 *   channels in order, whether it ended in a purchase, and how many journeys were exactly alike
 * @returns {{ conversionRate: number, removalEffects: Record<string, number>, credit: Record<string, number> | null }}
 *   `conversionRate` the chain's probability of a purchase; `credit` null when no journey converted
 */
export function removalEffects(journeys) {
  const counts = new Map()
  const add = (from, to, n) => {
    if (!counts.has(from)) counts.set(from, new Map())
    const out = counts.get(from)
    out.set(to, (out.get(to) ?? 0) + n)
  }
  const channels = new Set()
  for (const { channels: path, converted, count = 1 } of journeys) {
    if (!path.length || !(count > 0)) continue
    let from = START
    for (const channel of path) {
      channels.add(channel)
      add(from, channel, count)
      from = channel
    }
    add(from, converted ? PURCHASE : NO_PURCHASE, count)
  }
  const states = [START, ...[...channels].sort()]
  const base = counts.size ? conversionProbability(counts, states, new Set()) : 0
  const removalEffects = {}
  for (const channel of channels) {
    removalEffects[channel] = base > 0 ? Math.max(0, 1 - conversionProbability(counts, states, new Set([channel])) / base) : 0
  }
  const sum = Object.values(removalEffects).reduce((n, e) => n + e, 0)
  const credit = sum > 0 ? Object.fromEntries(Object.entries(removalEffects).map(([c, e]) => [c, e / sum])) : null
  return { conversionRate: base, removalEffects, credit }
}
