import { Say } from './say.js'

/** Props bigger than this, serialised, are dropped: one event should never crowd out a batch. */
export const MAX_PROPS_BYTES = 16384

// Slow path for what JSON.stringify refuses: cycles, BigInt, throwing getters and toJSON methods.
const clean = (v: unknown, seen: unknown[]): unknown => {
  if (typeof v == 'bigint') return String(v)
  if (typeof v == 'number') return isFinite(v) ? v : null
  if (!v || typeof v != 'object') return typeof v == 'function' || typeof v == 'symbol' ? undefined : v
  if (seen.includes(v)) return '[Circular]'
  seen.push(v)
  let out: unknown
  try {
    const j = (v as { toJSON?: () => unknown }).toJSON
    if (typeof j == 'function') out = clean(j.call(v), seen)
    else if (Array.isArray(v)) out = v.map((x) => clean(x, seen) ?? null)
    else {
      const o: Record<string, unknown> = {}
      for (const k of Object.keys(v)) {
        try {
          o[k] = clean((v as Record<string, unknown>)[k], seen)
        } catch {
          o[k] = '[Unreadable]'
        }
      }
      out = o
    }
  } catch {
    out = '[Unreadable]'
  }
  seen.pop()
  return out
}

/**
 * Serialises event props for storage, never throwing: cycles, BigInts, functions and throwing
 * getters are replaced, non-objects and oversize payloads dropped.
 * @param props what the caller passed
 * @returns the JSON ('' for no props) and, when something had to be changed, why
 */
export const toJson = (props: unknown): [json: string, problem?: Say] => {
  let json: string | undefined
  let problem: Say | undefined
  try {
    if (props == null) return ['']
    if (typeof props != 'object' || Array.isArray(props)) return ['', Say.PropsNotObject]
    try {
      json = JSON.stringify(props)
    } catch {
      problem = Say.PropsReplaced
      const cleaned = clean(props, [])
      // An object that cannot even be read (a trapping Proxy) is no props at all.
      json = cleaned && typeof cleaned == 'object' ? JSON.stringify(cleaned) : ''
    }
  } catch {
    // A revoked Proxy throws even on Array.isArray.
    return ['', Say.PropsUnreadable]
  }
  if (!json) return ['', Say.PropsUnreadable]
  if (json.length > MAX_PROPS_BYTES) return ['', Say.PropsTooBig]
  return [json, problem]
}
