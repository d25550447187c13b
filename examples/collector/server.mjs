// The reference collector: accepts waymark's batches over HTTP and stores them. Plain node:http.
import http from 'node:http'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { openStore } from './store.mjs'
import { parseBatch, parseSegmentBatch, BadBatch } from './parseBatch.mjs'
import { serveDashboard } from './serveDashboard.mjs'

const gunzipAsync = promisify(gunzip)

/** Largest request body accepted, as sent (1 MiB); beyond it the answer is 413. */
export const MAX_BODY_BYTES = 1048576
/** Largest body after gunzip (8 MiB), so that a small zip bomb cannot exhaust memory. */
export const MAX_INFLATED_BYTES = 8388608

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
 * @param {string} [options.dataDir] where PGlite persists; in memory when absent
 * @param {Awaited<ReturnType<typeof openStore>>} [options.store] an already opened store
 * @param {(req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>} [options.extra]
 *   handles other routes; returns true when it answered. Tried before the dashboard's.
 * @param {boolean} [options.dashboard] serve the dashboard at / and its figures under /api/ (default true)
 */
export async function startCollector({ port = 0, host = '127.0.0.1', dataDir, store, extra, dashboard = true } = {}) {
  store ??= await openStore({ dataDir })
  const routes = [extra, dashboard && serveDashboard(store)].filter(Boolean)
  /**
   * Fault injection for tests: each POST takes the first entry and counts it down.
   * `{ status, retryAfter?, times }` answers with that status; `{ hangup: true, times }` drops the
   * connection; `{ delayMs, times }` stores the batch but answers only after the delay.
   */
  const faults = []
  const stats = { posts: 0, accepted: 0, duplicates: 0, rejected: 0, bytes: 0 }

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
      req.on('error', reject)
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
    const batch = parse(raw.toString('utf8'))
    const { inserted, duplicates } = await store.insertBatch(batch)
    stats.accepted += inserted
    stats.duplicates += duplicates
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    answer(res, 200, { accepted: inserted, duplicates }, headers)
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://collector')
    const headers = cors(req)
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, headers)
        return res.end()
      }
      const parse = url.pathname === '/e' ? parseBatch : url.pathname === '/v1/batch' ? parseSegmentBatch : null
      if (parse) {
        if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' }, { ...headers, allow: 'POST, OPTIONS' })
        return await collect(req, res, headers, parse)
      }
      if (url.pathname === '/health') return answer(res, 200, { ok: true }, headers)
      for (const route of routes) if (await route(req, res, url)) return
      answer(res, 404, { error: 'not found' }, headers)
    } catch (e) {
      if (e instanceof BadBatch) {
        stats.rejected++
        answer(res, e.status, { error: e.message }, { ...headers, connection: 'close' })
      } else {
        console.error('[collector]', e)
        if (!res.headersSent) answer(res, 500, { error: 'internal error' }, headers)
      }
    }
  })
  server.keepAliveTimeout = 5000

  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  const address = server.address()
  return {
    url: `http://${host}:${address.port}`,
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
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await store.close()
    },
  }
}
