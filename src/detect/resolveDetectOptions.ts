import type { Channel } from '../types.js'
import type { DetectOptions } from './detectTouchpoint.js'
import { toPattern } from './toPattern.js'

const CHANNELS =
  'direct internal cross-network paid-shopping paid-search paid-social paid-video display paid-other organic-shopping organic-social organic-video organic-search referral email affiliate audio sms mobile-push ai-assistant review-site offline unassigned'
const HOST = /^[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*$/

const fail = (name: string, what: string): never => {
  throw new TypeError(`waymark: autoCapture${name && '.' + name} ${what}`)
}

/** A bad setting: without `onBad` it throws; with it, it is reported and left out. */
type OnBad = ((message: string) => void) | undefined

const attempt = (fn: () => void, onBad: OnBad) => {
  try {
    fn()
  } catch (e) {
    if (!onBad) throw e
    onBad((e as Error).message + '; left out')
  }
}

// Each entry checked on its own: a bad one is left out (or thrown, without `onBad`).
const list = <T>(name: string, v: unknown, each: (x: unknown, name: string) => T, onBad: OnBad): T[] => {
  if (!Array.isArray(v)) return fail(name, 'must be an array')
  const out: T[] = []
  v.forEach((x, i) => attempt(() => out.push(each(x, `${name}[${i}]`)), onBad))
  return out
}

const host = (x: unknown, name: string) => {
  const h = typeof x == 'string' ? x.toLowerCase().replace(/^\*?\./, '') : ''
  return HOST.test(h) ? h : fail(name, `is not a host name: ${JSON.stringify(x)}`)
}

/**
 * Checks detector options up front and returns a normalised copy (hosts and parameter names in
 * lower case, patterns compiled to RegExps) that `detectTouchpoint` takes as it is, so a tracker
 * compiles once and detects cheaply per arrival. The caller's object is left alone.
 * @param options the caller's options, or undefined for none
 * @param onBad when given, each bad setting is reported here and left out instead of thrown
 * @throws TypeError naming the bad entry, e.g. `waymark: autoCapture.checkout[2] is not a valid pattern: …`
 */
export const resolveDetectOptions = (options: DetectOptions | undefined, onBad?: OnBad): DetectOptions => {
  const out: DetectOptions = {}
  if (options == null) return out
  if (typeof options != 'object') fail('', 'must be an object')
  const { hosts, checkout, purchase, referralParams, internalHosts } = options
  const each = (fn: () => void) => attempt(fn, onBad)
  if (hosts !== undefined)
    each(() => {
      if (!hosts || typeof hosts != 'object') fail('hosts', 'must be an object of host lists by channel')
      const all: DetectOptions['hosts'] = (out.hosts = {})
      for (const c in hosts)
        each(() => {
          if (!CHANNELS.split(' ').includes(c)) fail(`hosts.${c}`, `is not a channel (one of ${CHANNELS.replace(/ /g, ', ')})`)
          all[c as Channel] = list(`hosts.${c}`, hosts[c as Channel], host, onBad)
        })
    })
  const pattern = (x: unknown, name: string) => {
    try {
      return toPattern(x as string | RegExp)
    } catch (e) {
      return fail(name, `is not a valid pattern: ${(e as Error).message}`)
    }
  }
  for (const [key, v] of [['checkout', checkout], ['purchase', purchase]] as const) if (v !== undefined) each(() => (out[key] = list(key, v, pattern, onBad)))
  if (referralParams !== undefined)
    each(() => (out.referralParams = list('referralParams', referralParams, (x, name) => (typeof x == 'string' && x ? x.toLowerCase() : fail(name, 'must be a non-empty string')), onBad)))
  if (internalHosts !== undefined) each(() => (out.internalHosts = list('internalHosts', internalHosts, host, onBad)))
  if (options.shops !== undefined) each(() => (out.shops = typeof options.shops == 'boolean' ? options.shops : fail('shops', 'must be true or false')))
  return out
}
