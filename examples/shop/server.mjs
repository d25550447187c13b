// Serves the demo shop: static pages with clean URLs, the script-tag build at /waymark.global.js,
// and the collector's address filled into the pages.
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../../dist')

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' }

// Clean URL → file. The checkout confirmation sits under /checkout/ as on most shop systems.
const ROUTES = {
  '/': 'index.html',
  '/cart': 'cart.html',
  '/checkout': 'checkout.html',
  '/checkout/thank-you': 'thank-you.html',
}

/**
 * Starts the shop server.
 * @param {{ port?: number, host?: string, collectorUrl: string, headers?: Record<string, string> }} options
 *   `headers` are added to every page (tests use it for a Content-Security-Policy)
 */
export async function startShop({ port = 0, host = '127.0.0.1', collectorUrl, headers = {} }) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://shop')
    let file
    if (url.pathname === '/waymark.global.js') file = path.join(dist, 'waymark.global.js')
    else if (ROUTES[url.pathname]) file = path.join(here, ROUTES[url.pathname])
    else if (/^\/products\/[a-z0-9-]+$/.test(url.pathname)) file = path.join(here, url.pathname + '.html')
    else if (/^\/[a-z0-9-]+\.(css|svg|js)$/.test(url.pathname)) file = path.join(here, url.pathname)
    try {
      if (!file) throw Object.assign(new Error('no route'), { code: 'ENOENT' })
      let body = await readFile(file)
      const ext = path.extname(file)
      if (ext === '.html') body = body.toString('utf8').replaceAll('{{COLLECTOR}}', collectorUrl)
      res.writeHead(200, { 'content-type': TYPES[ext], 'cache-control': 'no-store', ...(ext === '.html' && headers) })
      res.end(body)
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' })
      res.end(e.code === 'ENOENT' ? 'not found' : 'error')
    }
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  const { port: actual } = server.address()
  return {
    url: `http://${host}:${actual}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}
