// What the dashboard shows, shaped from the store's aggregates. It talks to storage only through the
// store's methods, so it keeps working when the store is pointed at another database.
import { modelPhases, PHASE_WORDS, PURCHASE_PHASE } from './modelPhases.mjs'
import { removalEffects } from './removalEffects.mjs'
import { revenueByModel } from './revenueByModel.mjs'
import { stitchPurchase } from './stitchPurchase.mjs'

/**
 * Converting journeys below which the data-driven model is shown with a warning. Its credit is a
 * ratio of purchase probabilities estimated from how often journeys move between channels; below
 * 100 purchases, a single further purchase can shift a channel's share by a percentage point or
 * more, so the shares move with every order rather than tell something about the channels.
 */
export const MIN_CONVERTING_JOURNEYS = 100

/** Buckets of touchpoints before a purchase, by lower bound: one touchpoint at a time while paths are short. */
export const TOUCHPOINT_BUCKETS = [0, 2, 3, 4, 5, 6, 8, 11, 21]
/** Buckets of days before a purchase, by lower bound: same day, the next two, then a week, two, a month. */
export const DAY_BUCKETS = [0, 1, 2, 3, 7, 14, 30]

const bucketLabel = (min, next) => (next === undefined ? `${min}+` : next - min === 1 ? `${min}` : `${min}–${next - 1}`)

/**
 * Counts values into buckets given by their lower bounds; a value below the first bound counts in the
 * first bucket, so that every purchase is somewhere.
 * @param {{ value: number, purchases: number }[]} counts
 * @param {number[]} bounds ascending lower bounds
 */
function histogram(counts, bounds) {
  const buckets = bounds.map((min, i) => ({ label: bucketLabel(min, bounds[i + 1]), min, purchases: 0 }))
  for (const { value, purchases } of counts) {
    const at = bounds.findLastIndex((min) => value >= min)
    buckets[Math.max(at, 0)].purchases += purchases
  }
  return buckets
}

/**
 * The median of values given with their counts, or null when there are none.
 * @param {{ value: number, purchases: number }[]} counts sorted by value
 */
function median(counts) {
  const total = counts.reduce((n, c) => n + c.purchases, 0)
  if (total === 0) return null
  const nth = (k) => {
    let seen = 0
    for (const c of counts) if ((seen += c.purchases) > k) return c.value
  }
  return (nth(Math.floor((total - 1) / 2)) + nth(Math.floor(total / 2))) / 2
}

/** Counts purchases per distinct value of `key`, sorted by it. */
function countBy(purchases, key) {
  const counts = new Map()
  for (const p of purchases) counts.set(p[key], (counts.get(p[key]) ?? 0) + 1)
  return [...counts].map(([value, purchases]) => ({ value, purchases })).sort((a, b) => a.value - b.value)
}

const pathOf = (url) => {
  try {
    return new URL(url).pathname
  } catch {
    return url ?? ''
  }
}

/**
 * The dashboard's figures over a store.
 * @param {Awaited<ReturnType<typeof import('./store.mjs').openStore>>} store
 */
export function createDashboardQueries(store) {
  return {
    /** Models seen, and the one in use: that of the latest event. */
    async models() {
      const models = await store.models()
      return { models, inUse: models[0]?.model ?? null }
    },

    /** Events, visitors (anonymous ids), customers (visitors linked into one) and purchases within the filter. */
    summary: (filter) => store.totals(filter),

    /**
     * Each phase of the model, in the model's order: the customers who reached it, how many of them
     * went on to a later phase (null for the last), and how many came in without the phase before
     * (null for the first). Phases that need a purchase first are `notYet` while no buyer in the
     * range has been back since buying: they cannot have happened yet.
     */
    async funnel(filter) {
      const seen = await store.funnel(filter)
      const phases = modelPhases(filter.model, seen.map((r) => r.phase))
      const [flow, { buyers, back }] = await Promise.all([store.phaseFlow(filter, phases), store.buyersBack(filter)])
      const byPlace = new Map(flow.map((r) => [r.place, r]))
      const model = filter.model ?? null
      const known = model !== null && Object.hasOwn(PURCHASE_PHASE, model)
      const bought = known ? phases.indexOf(PURCHASE_PHASE[model]) : -1
      return {
        model,
        buyers,
        back,
        phases: phases.map((phase, i) => {
          const row = byPlace.get(i + 1)
          const customers = row?.customers ?? 0
          const afterPurchase = bought >= 0 && i > bought
          return {
            phase,
            means: (known && PHASE_WORDS[model][phase]) || null,
            customers,
            wentOn: i === phases.length - 1 ? null : (row?.wentOn ?? 0),
            skippedIn: i === 0 ? null : (row?.skippedIn ?? 0),
            afterPurchase,
            notYet: afterPurchase && customers === 0 && back === 0,
          }
        }),
      }
    },

    /**
     * How many touchpoints and days purchases took, over the customer's whole path where it ran over
     * several anonymous ids: medians and histograms.
     */
    async pathLengths(filter) {
      // The collector does not validate `path`: a purchase without numbers there is left out.
      const purchases = (await store.purchases(filter)).map(stitchPurchase).filter((p) => Number.isFinite(p.touchpoints) && Number.isFinite(p.days))
      const touchpoints = countBy(purchases, 'touchpoints')
      const days = countBy(purchases, 'days')
      return {
        purchases: purchases.length,
        touchpoints: { median: median(touchpoints), buckets: histogram(touchpoints, TOUCHPOINT_BUCKETS) },
        days: { median: median(days), buckets: histogram(days, DAY_BUCKETS) },
      }
    },

    /** Customers per channel in each phase; channels with the most customers first. */
    async channelsByPhase(filter) {
      const rows = await store.channelsByPhase(filter)
      const phases = modelPhases(filter.model, [...new Set(rows.map((r) => r.phase))])
      const byChannel = new Map()
      for (const { channel, phase, customers } of rows) {
        if (!byChannel.has(channel)) byChannel.set(channel, Object.fromEntries(phases.map((p) => [p, 0])))
        byChannel.get(channel)[phase] = customers
      }
      const total = (byPhase) => Object.values(byPhase).reduce((n, v) => n + v, 0)
      const channels = [...byChannel]
        .map(([channel, byPhase]) => ({ channel, byPhase }))
        .sort((a, b) => total(b.byPhase) - total(a.byPhase) || a.channel.localeCompare(b.channel))
      return { phases, channels }
    },

    /** Touchpoints in each cell of the digital/analog × direct/indirect matrix, empty cells included. */
    async matrix(filter) {
      const rows = await store.matrix(filter)
      const count = (analog, indirect) => rows.find((r) => r.analog === analog && r.indirect === indirect)?.touchpoints ?? 0
      const cells = [false, true].flatMap((analog) => [false, true].map((indirect) => ({ analog, indirect, touchpoints: count(analog, indirect) })))
      return { touchpoints: cells.reduce((n, c) => n + c.touchpoints, 0), cells }
    },

    /**
     * Orders and revenue per channel under each attribution model, currencies apart, each order over
     * its customer's whole path (`stitched` says how many ran over several anonymous ids), and what
     * the data-driven model rests on: every stored journey of every customer (of the site, when one
     * is chosen), whatever the model or time filter, since more journeys make its estimate surer.
     */
    async revenue(filter) {
      const [rows, journeyRows] = await Promise.all([store.purchases(filter), store.journeys({ site: filter.site })])
      const purchases = rows.map(stitchPurchase)
      const journeys = journeyRows.flatMap((j) => [
        { channels: j.channels, converted: j.converted, count: j.journeys },
        ...(j.repeats ? [{ channels: j.channels.slice(-1), converted: true, count: j.repeats }] : []),
      ])
      const chain = removalEffects(journeys)
      const converting = journeys.reduce((n, j) => n + (j.converted ? j.count : 0), 0)
      return {
        ...revenueByModel(purchases, chain.credit),
        stitched: purchases.filter((p) => p.stitched).length,
        dataDriven: {
          site: filter.site ?? null,
          journeys: journeys.reduce((n, j) => n + j.count, 0),
          converting,
          minimum: MIN_CONVERTING_JOURNEYS,
          enough: converting >= MIN_CONVERTING_JOURNEYS,
          credit: chain.credit,
        },
      }
    },

    /** The sites events came from. */
    sites: async () => ({ sites: await store.sites() }),

    /** The most recently active visitors (anonymous ids) within the filter. */
    visitors: (filter, limit) => store.visitors({ ...filter, limit }),

    /** The most recently active customers within the filter, each with their anonymous ids. */
    customers: (filter, limit) => store.customers({ ...filter, limit }),

    /**
     * The events of the customer of an anonymous id, on all their anonymous ids, in time order; each
     * with the path of its page and the anonymous id it came from.
     */
    async timeline(anonymousId) {
      const { customer, anonymousIds, events } = await store.timeline(anonymousId)
      return { anonymousId, customer, anonymousIds, events: events.map((e) => ({ ...e, path: pathOf(e.url) })) }
    },
  }
}
