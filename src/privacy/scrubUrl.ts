/**
 * Query parameters whose values are personal data or secrets, matched without regard to case, `-`
 * and `_`: tokens, passwords, session ids, auth codes, contact details. WooCommerce's `key`
 * (`wc_order_…`) opens an order page, so it goes too.
 */
export const SCRUB_PARAMS =
  'token accesstoken idtoken refreshtoken authtoken auth authorization code authcode password pass passwd pwd secret clientsecret apikey key ' +
  'session sessionid sid phpsessid jsessionid aspsessionid sessiontoken otp pin signature sig ticket ' +
  'email mail emailaddress phone tel mobile firstname lastname fullname name address street zip postcode iban card cardnumber cc cvv cvc ssn dob birthdate'

/** What to scrub beyond the defaults, and what to keep though a default would scrub it. */
export interface ScrubOptions {
  /** More parameter names to scrub. */
  deny?: string[]
  /** Parameter names to keep (a shop's `code` for coupons, say). */
  allow?: string[]
}

const norm = (name: string) => name.toLowerCase().replace(/[-_]/g, '')
// The local part as it shows in URLs: `+` may be a space in a query, so this errs towards
// redacting a few words too many rather than leaving a name.
const EMAIL = /(?:[\w.+~-]|%2B)+(?:@|%40)[\w-]+(?:\.[\w-]+)+/gi
// A JSON Web Token, wherever it travels: three base64url parts, the first an encoded `{"`.
const JWT = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g
export const REDACTED = 'redacted'

/**
 * Compiles the scrubber: a function that removes personal data from a URL (or any text, like a
 * title) before it is stored. Values of the listed query parameters become `redacted`; e-mail
 * addresses and JSON Web Tokens become `redacted` wherever they are (path, query, hash). Text that
 * is no URL is scrubbed of e-mail addresses and tokens only.
 * @param options parameter names to add to the defaults, and names to keep
 */
export const createScrubber = ({ deny = [], allow = [] }: ScrubOptions = {}) => {
  const keep = new Set(allow.map(norm))
  const drop = new Set([...SCRUB_PARAMS.split(' '), ...deny.map(norm)].filter((n) => !keep.has(n)))
  const text = (s: string) => s.replace(EMAIL, REDACTED).replace(JWT, REDACTED)
  // Every event of a page carries the same URL, referrer and title: scrub each once.
  const seen = new Map<string, string>()
  return (value: string): string => {
    if (!value) return value
    const known = seen.get(value)
    if (known != null) return known
    let out = value
    try {
      const u = new URL(value)
      const redact = (q: URLSearchParams) => {
        let hit = false
        for (const [k, v] of q)
          if (v && drop.has(norm(k))) {
            q.set(k, REDACTED)
            hit = true
          }
        return hit
      }
      let changed = redact(u.searchParams)
      // Implicit OAuth flows put the token in the hash.
      const hash = new URLSearchParams(u.hash.slice(1))
      if (u.hash.includes('=') && redact(hash)) {
        u.hash = String(hash)
        changed = true
      }
      // Rebuilding the query encodes it anew; leave an untouched URL exactly as it was.
      out = text(changed ? u.href : value)
    } catch {
      out = text(value)
    }
    if (seen.size > 16) seen.clear()
    seen.set(value, out)
    return out
  }
}
