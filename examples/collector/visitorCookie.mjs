// The collector's own first-party cookie: a random id that outlives the browser's storage. Served
// from the shop's own site (a path such as /collect behind the shop's proxy), it is set in an HTTP
// answer, which Safari does not cap to seven days as it does script-written storage (HttpOnly, so
// no script reads it either); each anonymous id that later arrives with it is linked to the same
// customer.

/** The cookie's name. */
export const VISITOR_COOKIE = 'waymark_cid'
/** 400 days, the most Chrome keeps a cookie (its cap on Max-Age and Expires). */
export const VISITOR_COOKIE_MAX_AGE_S = 400 * 86400

// What the collector hands out: crypto.randomUUID(). Anything else a request carries is not ours.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * What a request says about the cookie: the id it carries, whether an answer to it may set one, and
 * the `Set-Cookie` values that set or clear it.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ trustProxy?: boolean }} [options] `trustProxy`: believe `X-Forwarded-Proto` (its first
 *   value, the scheme the browser used), which only a proxy in front of the collector may set
 */
export function visitorCookie(req, { trustProxy = false } = {}) {
  const pair = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(VISITOR_COOKIE + '='))
  const carried = pair?.slice(VISITOR_COOKIE.length + 1)
  // The collector's own server is plain HTTP: https is what the shop's proxy says the browser used.
  const https = trustProxy && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase() === 'https'
  // Secure only over https: a Secure cookie set over plain http (a local run, the tests) is dropped.
  const attributes = `Path=/; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`
  const site = req.headers['sec-fetch-site']
  return {
    id: carried && ID.test(carried) ? carried : null,
    // A browser's request from a page of the collector's own origin: the SDK sends cookies nowhere
    // else, so elsewhere a cookie would never come back. Browsers too old for Sec-Fetch-Site still
    // send Origin on a POST; a server sending batches sends neither, and its batch holds many
    // visitors, who must not become one customer.
    mayIssue: site === 'same-origin' || (site === undefined && req.headers.origin !== undefined),
    issue: (id) => `${VISITOR_COOKIE}=${id}; Max-Age=${VISITOR_COOKIE_MAX_AGE_S}; ${attributes}`,
    clear: () => `${VISITOR_COOKIE}=; Max-Age=0; ${attributes}`,
  }
}
