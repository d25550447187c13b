// Serves the built single-page app (examples/spa/dist): every route that is no file gets index.html,
// as a single-page app's host must, with the collector's address filled in.
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist')
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' }

/**
 * @param {{ port?: number, collectorUrl: string }} options
 */
export async function startSpa({ port = 0, collectorUrl }) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://spa')
    const asset = /^\/assets\/[\w.-]+$/.test(pathname) ? path.join(dist, pathname) : null
    try {
      const body = await readFile(asset || path.join(dist, 'index.html'), 'utf8')
      const ext = asset ? path.extname(asset) : '.html'
      res.writeHead(200, { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(ext === '.html' ? body.replace('http://127.0.0.1:8787/e', collectorUrl + '/e') : body)
    } catch {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) }),
  }
}
