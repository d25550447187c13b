// Serves the demo shop: pages with clean URLs, the script-tag build at /waymark.global.js (and its
// knowledge files beside it), and the collector's endpoint filled into the pages. Every page is `layout.html` (the head with the script
// tag, the header and the footer) around a fragment from `pages/`, whose first line is its <title>;
// a `<head>…</head>` line after it goes into the head, before the tag.
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
 * One page of the shop: the layout around the page's fragment.
 * @param {string} file the fragment, `<title>…</title>` on its first line, then optionally `<head>…</head>`
 * @param {string} endpoint filled in for {{ENDPOINT}}
 */
async function renderPage(file, endpoint) {
  const [layout, fragment] = await Promise.all([readFile(path.join(here, 'layout.html'), 'utf8'), readFile(file, 'utf8')])
  const [, title = 'Trailhead Outfitters', head = '', main = fragment] = /^<title>(.*)<\/title>\n(?:<head>(.*)<\/head>\n)?([^]*)$/.exec(fragment) || []
  // Functions as replacements, so that a `$` in a page is not read as a pattern.
  return layout
    .replace('{{TITLE}}', () => title)
    .replace('{{HEAD}}', () => (head ? head + '\n' : ''))
    .replace('{{MAIN}}', () => main)
    .replaceAll('{{ENDPOINT}}', endpoint)
}

/**
 * Starts the shop server.
 * @param {{ port?: number, host?: string, collectorUrl?: string, endpoint?: string, headers?: Record<string, string> }} options
 *   the tag sends to `endpoint`, by default `/e` of the collector at `collectorUrl` (a path such as
 *   `/collect` where a proxy in front serves the collector on the shop's own site); `headers` are
 *   added to every page (tests use it for a Content-Security-Policy)
 */
export async function startShop({ port = 0, host = '127.0.0.1', collectorUrl, endpoint = `${collectorUrl}/e`, headers = {} }) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://shop')
    let file
    // The tag and the knowledge files it loads from beside it (waymark.<part>.<hash>.js).
    if (/^\/waymark\.[\w.-]+\.js$/.test(url.pathname)) file = path.join(dist, url.pathname)
    else if (ROUTES[url.pathname]) file = path.join(here, 'pages', ROUTES[url.pathname])
    else if (/^\/products\/[a-z0-9-]+$/.test(url.pathname)) file = path.join(here, 'pages', url.pathname + '.html')
    else if (/^\/[a-z0-9-]+\.(css|svg|js)$/.test(url.pathname)) file = path.join(here, url.pathname)
    try {
      if (!file) throw Object.assign(new Error('no route'), { code: 'ENOENT' })
      const ext = path.extname(file)
      const body = ext === '.html' ? await renderPage(file, endpoint) : await readFile(file)
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
