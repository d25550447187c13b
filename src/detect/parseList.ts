import type { Channel } from '../types.js'

// The one-letter channel tokens of the host and click-id tables, and the channel each stands for.
const TOKENS = 'sovbeuraidfpq'
const CHANNELS = 'organic-search organic-social organic-video organic-shopping email audio review-site ai-assistant internal display affiliate paid-search paid-social'.split(' ') as Channel[]

/**
 * Reads a compact space-separated list, which ships smaller than the objects it stands for. A
 * one-letter token switches the channel of the keys after it; a key may carry `=name`.
 * @param list e.g. `'s bing ^google o t.co=x'`
 * @param name the name of a key without `=name`
 */
export const parseList = (list: string, name: (key: string) => string): Map<string, [Channel, string]> => {
  const map = new Map<string, [Channel, string]>()
  let c: Channel
  for (const t of list.split(' ')) {
    const [k, n] = t.split('=')
    if (k.length < 2) c = CHANNELS[TOKENS.indexOf(k)]
    else map.set(k, [c!, n ?? name(k)])
  }
  return map
}
