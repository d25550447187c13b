import type { Campaign, Touch } from '../types.js'

const SESSION_FIELDS = ['source', 'medium', 'campaign'] as const
let isoAt = NaN
let isoText = ''

/**
 * An epoch-ms time as ISO 8601; calls in a burst share their millisecond, and the string.
 * @param t epoch ms
 */
export const iso = (t: number) => (t === isoAt ? isoText : ((isoAt = t), (isoText = new Date(t).toISOString())))

/**
 * Copies source, medium and campaign where they are set: events and states carry no empty fields.
 * @param to what gets them
 * @param from where they come from
 */
export const withCampaign = <T extends Partial<Campaign>>(to: T, from: Partial<Campaign>): T => {
  for (const f of SESSION_FIELDS) if (from[f]) to[f] = from[f]
  return to
}

/**
 * A channel contact: the channel and campaign of an arrival at a time.
 * @param c the campaign
 * @param time epoch ms
 */
export const touchOf = (c: Campaign, time: number): Touch => withCampaign({ channel: c.channel, time: iso(time) }, c)

/**
 * Keeps the first item and the latest ones, so that both ends of a long journey stay known.
 * @param list the items, oldest first
 * @param max how many to keep
 */
export const cap = <T>(list: T[], max: number) => (list.length > max ? [list[0], ...list.slice(list.length - max + 1)] : list)
