// The reference collector: accepts waymark's batches over HTTP and stores them. Plain node:http.
// It keeps no state of its own between requests, so that several processes can share one database.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { openStore } from './store.mjs'
import { classifyCaptures } from './classifyCaptures.mjs'
import { parseBatch, parseSegmentBatch, BadBatch } from './parseBatch.mjs'
import { serveDashboard } from './serveDashboard.mjs'
import { visitorCookie } from './visitorCookie.mjs'

const gunzipAsync = promisify(gunzip)

/** Largest request body accepted, as sent (1 MiB); beyond it the answer is 413. */
export const MAX_BODY_BYTES = 1048576
/** Largest body after gunzip (8 MiB), so that a small zip bomb cannot exhaust memory. */
export const MAX_INFLATED_BYTES = 8388608
/**
 * Batches read or stored at once; more are answered 503 with Retry-After at once. Bounds memory to
 * about this many bodies (each at most MAX_INFLATED_BYTES and its parse), and keeps a flood from
 * queueing more work than the database can do before clients time out.
 */
export const MAX_IN_FLIGHT = 32
/**
 * Time a client gets to send a whole request (30 s) and its headers (10 s); a slower one is answered
 * 408 and disconnected, so that trickling senders cannot hold connections open.
 */
export const REQUEST_TIMEOUT_MS = 30000
export const HEADERS_TIMEOUT_MS = 10000

// What browsers send (text/plain from sendBeacon and the SDK's fetch, none for a bare Blob) and what
// server libraries send.
const CONTENT_TYPES = new Set(['', 'text/plain', 'application/json'])

const PARSERS = { '/e': parseBatch, '/collect': parseBatch, '/v1/batch': parseSegmentBatch }

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

const cors = (req) => ({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': req.headers['access-control-request-headers'] || 'content-type, content-encoding',
  // Without this, a page on another origin cannot read Retry-After.
  'access-control-expose-headers': 'Retry-After',
  'access-control-max-age': '86400',
})

/**
 * Starts the collector.
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {string} [options.host] default 127.0.0.1
 * @param {string} [options.database] a PostgreSQL server's `postgres://` URL; PGlite when absent
 * @param {string} [options.dataDir] where PGlite persists; in memory when absent
 * @param {Awaited<ReturnType<typeof openStore>>} [options.store] an already opened store, which
 *   stays open when the collector closes
 * @param {(req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>} [options.extra]
 *   handles other routes; returns true when it answered. Tried before the dashboard's.
 * @param {boolean} [options.dashboard] serve the dashboard at / and its figures under /api/ (default true)
 * @param {string} [options.dashboardToken] the token the dashboard asks for; required to serve it on
 *   an address other than loopback
 * @param {number} [options.requestTimeoutMs] default REQUEST_TIMEOUT_MS
 * @param {number} [options.headersTimeoutMs] default HEADERS_TIMEOUT_MS
 * @param {number} [options.maxInFlight] default MAX_IN_FLIGHT
 * @param {boolean} [options.trustProxy] believe the `X-Forwarded-Proto` of a proxy in front (for the
 *   cookie's Secure attribute); only where nothing else can reach the collector
 */
export async function startCollector({
  port = 0,
  host = '127.0.0.1',
  database,
  dataDir,
  store,
  extra,
  dashboard = true,
  dashboardToken,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
  headersTimeoutMs = HEADERS_TIMEOUT_MS,
  maxInFlight = MAX_IN_FLIGHT,
  trustProxy = false,
} = {}) {
  if (dashboard && !dashboardToken && !LOOPBACK.test(host)) {
    throw new Error(`the dashboard shows every stored event and has no login: give it a token (--dashboard-token) or turn it off (--no-dashboard) to listen on ${host}`)
  }
  const ownStore = !store
  store ??= await openStore({ database, dataDir })
  const routes = [extra, dashboard && serveDashboard(store, { token: dashboardToken })].filter(Boolean)
  /**
   * Fault injection for tests: each POST takes the first entry and counts it down.
   * `{ status, retryAfter?, times }` answers with that status; `{ hangup: true, times }` drops the
   * connection; `{ delayMs, times }` stores the batch but answers only after the delay.
   */
  const faults = []
  const stats = { posts: 0, accepted: 0, duplicates: 0, rejected: 0, bytes: 0, busy: 0, maxInFlight: 0 }
  let inFlight = 0

  const answer = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      const chunks = []
      let size = 0
      req.on('data', (c) => {
        size += c.length
        if (size > MAX_BODY_BYTES) reject(new BadBatch(413, `body over ${MAX_BODY_BYTES} bytes`))
        else chunks.push(c)
      })
      req.on('end', () => resolve(Buffer.concat(chunks)))
      // A client that goes away mid-body: nothing to store, and no one to answer.
      const cutOff = () => reject(new BadBatch(400, 'body cut off'))
      req.on('close', () => req.complete || cutOff())
      req.on('error', (e) => (e.code === 'ECONNRESET' ? cutOff() : reject(e)))
    })

  const collect = async (req, res, headers, parse) => {
    stats.posts++
    const fault = faults[0]
    if (fault) {
      if (--fault.times <= 0) faults.shift()
      if (fault.hangup) return req.socket.destroy()
    }
    if (fault?.status) {
      return answer(res, fault.status, { error: 'injected fault' }, {
        ...headers,
        ...(fault.retryAfter != null && { 'retry-after': String(fault.retryAfter) }),
      })
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    if (!CONTENT_TYPES.has(type)) throw new BadBatch(415, 'send the batch as application/json or text/plain')
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw new BadBatch(413, `body over ${MAX_BODY_BYTES} bytes`)
    let raw = await readBody(req)
    stats.bytes += raw.length
    // sendBeacon cannot set Content-Encoding, so gzip is also recognised by its magic bytes.
    if (req.headers['content-encoding'] === 'gzip' || (raw[0] === 0x1f && raw[1] === 0x8b)) {
      try {
        raw = await gunzipAsync(raw, { maxOutputLength: MAX_INFLATED_BYTES })
      } catch (e) {
        throw e?.code === 'ERR_BUFFER_TOO_LARGE' ? new BadBatch(413, 'inflated body too large') : new BadBatch(400, 'bad gzip body')
      }
    }
    const batch = classifyCaptures(parse(raw.toString('utf8')))
    // The cookie links every anonymous id of the batch to the ones that came with it before; a
    // batch of events without it gets one. A batch exists only with consent: the SDK sends nothing
    // before it, and nothing after a denial.
    const cookie = visitorCookie(req, { trustProxy })
    const issued = !cookie.id && cookie.mayIssue && batch.batch.some((e) => typeof e.anonymousId === 'string') ? randomUUID() : null
    // Answered only after the insert has committed: a 2xx means stored, and the SDK then deletes.
    const { inserted, duplicates } = await store.insertBatch({ ...batch, cookieId: cookie.id ?? issued })
    stats.accepted += inserted
    stats.duplicates += duplicates
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    answer(res, 200, { accepted: inserted, duplicates }, { ...headers, ...(issued && { 'set-cookie': cookie.issue(issued) }) })
  }

  const handle = async (req, res) => {
    const headers = cors(req)
    let counted = false
    try {
      const url = URL.canParse(req.url, 'http://collector') ? new URL(req.url, 'http://collector') : null
      if (!url) throw new BadBatch(400, 'bad request target')
      if (req.method === 'OPTIONS') {
        res.writeHead(204, headers)
        return res.end()
      }
      const parse = Object.hasOwn(PARSERS, url.pathname) ? PARSERS[url.pathname] : null
      if (parse) {
        // The shop's page (its consent withdrawal, a logout with reset()) ends the cookie: later
        // batches then start a new one, linked to nothing before. Stored links stay, as events do.
        if (req.method === 'DELETE') {
          res.writeHead(204, { ...headers, 'set-cookie': visitorCookie(req, { trustProxy }).clear() })
          return res.end()
        }
        if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' }, { ...headers, allow: 'POST, DELETE, OPTIONS' })
        if (inFlight >= maxInFlight) {
          stats.busy++
          // Let through unread, as below.
          req.resume()
          return answer(res, 503, { error: 'busy' }, { ...headers, 'retry-after': '1' })
        }
        counted = true
        stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight)
        return await collect(req, res, headers, parse)
      }
      if (url.pathname === '/health') return answer(res, 200, { ok: true }, headers)
      for (const route of routes) if (await route(req, res, url)) return
      answer(res, 404, { error: 'not found' }, headers)
    } catch (e) {
      if (e instanceof BadBatch) {
        stats.rejected++
        // The rest of a body refused before it was read whole (too big, wrong type) is let through
        // unread: a sender still writing it gets this answer, not a broken pipe, and the request
        // timeout bounds how long that may take.
        if (!req.complete) req.resume()
        if (!res.headersSent && !res.destroyed) answer(res, e.status, { error: e.message }, headers)
      } else {
        console.error('[collector]', e)
        if (!res.headersSent && !res.destroyed) answer(res, 500, { error: 'internal error' }, headers)
      }
    } finally {
      if (counted) inFlight--
    }
  }

  const server = http.createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(headersTimeoutMs, requestTimeoutMs),
      // How often Node looks for requests over those times (default 30 s): a tenth of the shorter.
      connectionsCheckingInterval: Math.max(100, Math.min(headersTimeoutMs, requestTimeoutMs) / 10),
      keepAliveTimeout: 5000,
    },
    handle,
  )

  try {
    await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  } catch (e) {
    // Port taken: a store opened here must not stay open (PGlite's directory would stay locked).
    if (ownStore) await store.close()
    throw e
  }
  const address = server.address()
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  return {
    url: origin,
    port: address.port,
    store,
    faults,
    stats,
    /** Forgets everything: stored events, statistics, pending faults. For tests that reuse one collector. */
    async reset() {
      faults.splice(0)
      for (const k in stats) stats[k] = 0
      await store.clear()
    },
    /**
     * Stops taking requests, and closes the store unless it was given.
     * @param {{ drainMs?: number }} [options] how long batches already being stored may take to
     *   finish (default 0: cut at once; their senders retry)
     */
    async close({ drainMs = 0 } = {}) {
      const closed = new Promise((resolve) => server.close(resolve))
      server.closeIdleConnections()
      for (const until = Date.now() + drainMs; inFlight > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20))
      server.closeAllConnections()
      await closed
      if (ownStore) await store.close()
    },
  }
}
