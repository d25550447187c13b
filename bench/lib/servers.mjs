// Two servers on 127.0.0.1: one serves the bench pages (each SDK bundle inlined, so no fetch time
// is counted), the other is the collector, on another port so that SDK traffic is cross-origin as
// in production. The collector answers every POST with 200, serves the small config documents
// some SDKs fetch at start, and counts delivered events by the markers in their props
// (`bm<run>x<index>e`), whatever the body's encoding: gzip, URL-encoding or base64.
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ROOT } from './targets.mjs'

const MARKER = /bm([a-z0-9]+)x(\d+)e/g

const markersIn = (body) => {
  let text = body.toString('utf8')
  if (body[0] === 0x1f && body[1] === 0x8b)
    try {
      text = gunzipSync(body).toString('utf8')
    } catch {}
  const found = [...text.matchAll(MARKER)]
  if (found.length) return found
  let decoded = text
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {}
  const again = [...decoded.matchAll(MARKER)]
  if (again.length) return again
  // Snowplow sends custom events base64-encoded.
  const out = []
  for (const [b64] of decoded.matchAll(/[A-Za-z0-9+/_-]{24,}={0,2}/g)) out.push(...Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8').matchAll(MARKER))
  return out
}

const json = (o) => ({ type: 'application/json', body: JSON.stringify(o) })

// The documents some SDKs fetch when they start, each in the minimal shape that lets them run.
const config = (url, origin) => {
  const p = url.pathname
  const host = origin.replace(/^https?:\/\//, '')
  if (/^\/v1\/projects\/[^/]+\/settings$/.test(p))
    return json({
      integrations: { 'Segment.io': { apiKey: 'BENCH', apiHost: host + '/v1', protocol: 'http', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {} } },
      plan: { track: { __default: { enabled: true, integrations: {} } } },
      edgeFunction: {},
      analyticsNextEnabled: true,
      middlewareSettings: {},
      enabledMiddleware: {},
      metrics: { sampleRate: 0 },
      remotePlugins: [],
    })
  if (p.startsWith('/sourceConfig'))
    return json({ isHosted: true, source: { id: 'bench', name: 'bench', writeKey: 'BENCH', workspaceId: 'bench', enabled: true, config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } }, destinations: [] } })
  if (p.startsWith('/config/')) return json({})
  if (/^\/array\/[^/]+\/config(\.js)?$/.test(p)) {
    const cfg = { token: 'phc_bench', supportedCompression: ['gzip', 'gzip-js'], hasFeatureFlags: false, sessionRecording: false, heatmaps: false, surveys: false, siteApps: [], autocapture_opt_out: false }
    return p.endsWith('.js')
      ? { type: 'application/javascript', body: `window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG['phc_bench']={config:${JSON.stringify(cfg)},siteApps:[]}` }
      : json(cfg)
  }
}

/** Starts both servers; `pages` maps a page id (its path) to its HTML, and can be filled later. */
export async function startServers() {
  const pages = new Map()
  const state = {
    /** Epoch ms at which each marker of a run first arrived. */
    arrivals: new Map(),
    /** Every request: time, method, bytes on the wire. */
    requests: [],
    down: false,
  }
  const now = () => performance.timeOrigin + performance.now()
  const collector = http.createServer((req, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin || '*', 'access-control-allow-credentials': 'true', 'access-control-allow-headers': req.headers['access-control-request-headers'] || '*', 'access-control-max-age': '600' }
    const url = new URL(req.url, 'http://collector')
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      state.requests.push({ t: now(), method: req.method, bytes: body.length })
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end()
      if (req.method === 'GET') {
        const doc = config(url, `http://127.0.0.1:${collector.address().port}`)
        return doc ? res.writeHead(200, { ...cors, 'content-type': doc.type }).end(doc.body) : res.writeHead(404, cors).end()
      }
      if (state.down) return res.writeHead(503, cors).end()
      const t = now()
      for (const [, run, i] of markersIn(body)) {
        let seen = state.arrivals.get(run)
        if (!seen) state.arrivals.set(run, (seen = new Map()))
        if (!seen.has(i)) seen.set(i, t)
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(url.pathname.startsWith('/2/httpapi') ? '{"code":200}' : '{}')
    })
  })
  const pageServer = http.createServer(async (req, res) => {
    const p = new URL(req.url, 'http://pages').pathname
    // The script tag and its knowledge files, as a site serves them.
    if (/^\/dist\/waymark\.[\w.-]+\.js$/.test(p))
      return readFile(path.join(ROOT, p)).then(
        (js) => res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(js),
        () => res.writeHead(404).end(),
      )
    const html = pages.get(p.slice(1))
    if (html) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
    else res.writeHead(404).end()
  })
  const listen = (s) => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${s.address().port}`)))
  const [pageOrigin, collectorOrigin] = await Promise.all([listen(pageServer), listen(collector)])
  return {
    state,
    pages,
    pageOrigin,
    collectorOrigin,
    close: () => Promise.all([pageServer, collector].map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve))))),
  }
}
