// The dashboard's routes: the page and its files at /, and the figures as JSON under /api/.
import { createHash, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDashboardQueries } from './dashboardQueries.mjs'

const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dashboard')

// A fixed map, not a folder lookup: nothing but these files can be asked for.
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/dashboard.css': ['dashboard.css', 'text/css; charset=utf-8'],
  '/dashboard.js': ['dashboard.js', 'text/javascript; charset=utf-8'],
  '/dom.js': ['dom.js', 'text/javascript; charset=utf-8'],
  '/words.js': ['words.js', 'text/javascript; charset=utf-8'],
  '/drawFunnel.js': ['drawFunnel.js', 'text/javascript; charset=utf-8'],
  '/drawRevenue.js': ['drawRevenue.js', 'text/javascript; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
}

// Event fields are whatever a page sent; should one ever reach the DOM as markup, this policy keeps
// it from running or loading anything.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Most visitors or customers a list offers. */
const MAX_VISITORS = 100

/** The cookie that carries the dashboard's token once it has been given in the address. */
const COOKIE = 'waymark_dashboard'

const digest = (text) => createHash('sha256').update(text).digest()

/**
 * Whether a request carries the token: `Authorization: Bearer <token>` (scripts) or the cookie (the
 * page). Compared as digests in constant time, so that answer times do not spell the token out.
 */
const carriesToken = (req, expected) => {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(COOKIE + '='))?.slice(COOKIE.length + 1)
  return [bearer, cookie && decodeURIComponent(cookie)].some((given) => given && timingSafeEqual(digest(given), expected))
}

/** A request the dashboard answers with 400. */
class BadRequest extends Error {}

/**
 * The filter of an API request: `model` (the model in use when absent), `from` (inclusive) and `to`
 * (exclusive) as ISO 8601 times, and `site`, a page host.
 */
async function readFilter(params, queries) {
  const time = (name) => {
    const value = params.get(name)
    if (!value) return null
    if (Number.isNaN(Date.parse(value))) throw new BadRequest(`"${name}" must be an ISO 8601 time`)
    return new Date(value).toISOString()
  }
  const from = time('from')
  const to = time('to')
  const model = params.get('model') || (await queries.models()).inUse
  const site = params.get('site')?.toLowerCase() || null
  return { model, from, to, site }
}

/** How many entries of a list a request asks for: `limit`, 20 when absent. */
function readLimit(params) {
  const limit = Number(params.get('limit') ?? 20)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_VISITORS) throw new BadRequest(`"limit" must be a whole number from 1 to ${MAX_VISITORS}`)
  return limit
}

/**
 * The API, by path: each takes the request's query and answers with JSON.
 * @param {ReturnType<typeof createDashboardQueries>} queries
 */
const api = (queries) => ({
  '/api/models': () => queries.models(),
  '/api/summary': async (params) => queries.summary(await readFilter(params, queries)),
  '/api/funnel': async (params) => queries.funnel(await readFilter(params, queries)),
  '/api/paths': async (params) => queries.pathLengths(await readFilter(params, queries)),
  '/api/channels': async (params) => queries.channelsByPhase(await readFilter(params, queries)),
  '/api/matrix': async (params) => queries.matrix(await readFilter(params, queries)),
  '/api/revenue': async (params) => queries.revenue(await readFilter(params, queries)),
  '/api/sites': () => queries.sites(),
  '/api/visitors': async (params) => ({ visitors: await queries.visitors(await readFilter(params, queries), readLimit(params)) }),
  '/api/customers': async (params) => ({ customers: await queries.customers(await readFilter(params, queries), readLimit(params)) }),
  '/api/timeline': (params) => {
    const visitor = params.get('visitor')
    if (!visitor) throw new BadRequest('"visitor" is required')
    return queries.timeline(visitor)
  },
})

/**
 * The dashboard as a route handler for `startCollector({ extra })`: answers GET requests for its page
 * and its API, and returns false for everything else. With a token, only requests that carry it are
 * answered: opening `/?token=<token>` once puts it in a cookie for the page's own requests.
 * @param {Awaited<ReturnType<typeof import('./store.mjs').openStore>>} store
 * @param {{ token?: string }} [options]
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<boolean>}
 */
export function serveDashboard(store, { token } = {}) {
  const expected = token && digest(token)
  const routes = api(createDashboardQueries(store))
  // No CORS headers on any of this, unlike /e: other sites' pages must not read what was collected.
  const send = (res, status, type, body, headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers })
    res.end(body)
  }
  return async (req, res, url) => {
    if (req.method !== 'GET') return false
    const file = FILES[url.pathname]
    if (!file && !routes[url.pathname]) return false
    if (expected && !carriesToken(req, expected)) {
      const given = url.pathname === '/' && url.searchParams.get('token')
      if (given && timingSafeEqual(digest(given), expected)) {
        // Into the cookie, out of the address bar and the history.
        send(res, 303, 'text/plain; charset=utf-8', '', {
          location: '/',
          'set-cookie': `${COOKIE}=${encodeURIComponent(given)}; Path=/; HttpOnly; SameSite=Lax`,
        })
      } else {
        send(res, 401, 'text/plain; charset=utf-8', 'This dashboard needs its token: open /?token=<token> once, or send Authorization: Bearer <token>.\n')
      }
      return true
    }
    if (file) {
      const [name, type] = file
      send(res, 200, type, await readFile(path.join(here, name)), name.endsWith('.html') ? { 'content-security-policy': CSP } : {})
      return true
    }
    const route = routes[url.pathname]
    if (!route) return false
    try {
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await route(url.searchParams)))
    } catch (e) {
      if (!(e instanceof BadRequest)) throw e
      send(res, 400, 'application/json; charset=utf-8', JSON.stringify({ error: e.message }))
    }
    return true
  }
}
