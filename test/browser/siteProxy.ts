// The shop's reverse proxy, as the README sets it up in production (nginx, or a Next.js rewrite):
// one origin that serves the shop's pages and hands its collecting path to the collector, so that
// the collector answers on the shop's own site and its first-party cookie reaches it.
import http from 'node:http'

/** The path the proxy hands to the collector, and everything below it, as nginx's `location /collect`. */
export const COLLECT_PATH = '/collect'

/**
 * Headers the proxy sets on what it hands to the collector, with the value nginx gives them. The
 * request's path, cookies and body go unchanged, and the answer comes back whole, `Set-Cookie`
 * included.
 */
export const FORWARDED = { 'x-forwarded-proto': '$scheme' } as const

/**
 * Starts the proxy on 127.0.0.1.
 * @param upstreams `site` serves the pages, `collector` takes `COLLECT_PATH`
 * @returns its origin, the shop's site as the browser sees it, and `close`
 */
export async function startSiteProxy(upstreams: { site: string; collector: string }) {
  // This proxy speaks plain http: $scheme.
  const values: Record<string, string> = { $scheme: 'http' }
  const server = http.createServer((req, res) => {
    const collecting = req.url!.startsWith(COLLECT_PATH)
    const target = new URL(collecting ? upstreams.collector : upstreams.site)
    const headers = { ...req.headers, ...(collecting && Object.fromEntries(Object.entries(FORWARDED).map(([name, value]) => [name, values[value]]))) }
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}
