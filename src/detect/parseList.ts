import type { Channel } from '../types.js'

const CHANNELS: Record<string, Channel> = {
  s: 'organic-search',
  o: 'organic-social',
  e: 'email',
  r: 'review-site',
  a: 'ai-assistant',
  i: 'internal',
  d: 'display',
  f: 'affiliate',
  p: 'paid-search',
  q: 'paid-social',
}

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
    if (k.length < 2) c = CHANNELS[k]
    else map.set(k, [c!, n ?? name(k)])
  }
  return map
}
