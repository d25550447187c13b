import type { Channel } from '../types.js'
import type { DetectOptions } from './detectTouchpoint.js'
import { toPattern } from './toPattern.js'

const CHANNELS = 'direct internal organic-search paid-search organic-social paid-social display email review-site ai-assistant referral affiliate'
const HOST = /^[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*$/

const fail = (name: string, what: string): never => {
  throw new TypeError(`waymark: autoCapture${name && '.' + name} ${what}`)
}

const list = <T>(name: string, v: unknown, each: (x: unknown, name: string) => T): T[] =>
  Array.isArray(v) ? v.map((x, i) => each(x, `${name}[${i}]`)) : fail(name, 'must be an array')

const host = (x: unknown, name: string) => {
  const h = typeof x == 'string' ? x.toLowerCase().replace(/^\*?\./, '') : ''
  return HOST.test(h) ? h : fail(name, `is not a host name: ${JSON.stringify(x)}`)
}

/**
 * Checks detector options up front and returns a normalised copy (hosts and parameter names in
 * lower case, patterns compiled to RegExps) that `detectTouchpoint` takes as it is, so a tracker
 * compiles once and detects cheaply per arrival. The caller's object is left alone.
 * @param options the caller's options, or undefined for none
 * @throws TypeError naming the bad entry, e.g. `waymark: autoCapture.checkout[2] is not a valid pattern: …`
 */
export const resolveDetectOptions = (options: DetectOptions | undefined): DetectOptions => {
  const out: DetectOptions = {}
  if (options == null) return out
  if (typeof options != 'object') fail('', 'must be an object')
  const { hosts, checkout, purchase, referralParams, internalHosts } = options
  if (hosts !== undefined) {
    if (!hosts || typeof hosts != 'object') fail('hosts', 'must be an object of host lists by channel')
    out.hosts = {}
    for (const c in hosts) {
      if (!CHANNELS.split(' ').includes(c)) fail(`hosts.${c}`, `is not a channel (one of ${CHANNELS.replace(/ /g, ', ')})`)
      out.hosts[c as Channel] = list(`hosts.${c}`, hosts[c as Channel], host)
    }
  }
  for (const [key, v] of [['checkout', checkout], ['purchase', purchase]] as const)
    if (v !== undefined)
      out[key] = list(key, v, (x, name) => {
        try {
          return toPattern(x as string | RegExp)
        } catch (e) {
          return fail(name, `is not a valid pattern: ${(e as Error).message}`)
        }
      })
  if (referralParams !== undefined)
    out.referralParams = list('referralParams', referralParams, (x, name) =>
      typeof x == 'string' && x ? x.toLowerCase() : fail(name, 'must be a non-empty string'),
    )
  if (internalHosts !== undefined) out.internalHosts = list('internalHosts', internalHosts, host)
  return out
}
