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
export const toJson = (props: unknown): [json: string, problem?: string] => {
  let json: string | undefined
  let problem: string | undefined
  try {
    if (props == null) return ['']
    if (typeof props != 'object' || Array.isArray(props)) return ['', 'props must be a plain object; dropped']
    try {
      json = JSON.stringify(props)
    } catch {
      problem = 'props could not be serialised as they were; unserialisable values were replaced'
      const cleaned = clean(props, [])
      // An object that cannot even be read (a trapping Proxy) is no props at all.
      json = cleaned && typeof cleaned == 'object' ? JSON.stringify(cleaned) : ''
    }
  } catch {
    // A revoked Proxy throws even on Array.isArray.
    return ['', 'props are unreadable; dropped']
  }
  if (!json || json.length > MAX_PROPS_BYTES) return ['', `props over ${MAX_PROPS_BYTES} bytes; dropped`]
  return [json, problem]
}
