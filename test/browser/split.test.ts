// The split script tag in real browsers: the core loads only the knowledge a page needs, from
// beside itself (another origin too, pinned by the tag's integrity), reads every arrival of the
// corpora as the detector does in Node, and loses nothing when the page closes before the
// knowledge arrived.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { expect, test } from 'vitest'
import { detectTouchpoint, type Arrival } from '../../src/detect/detectTouchpoint.js'
import { waitFor, type Tab } from './driver.js'
import { browserSuite, startFixtures } from './harness.js'

const suite = browserSuite()
const files = JSON.parse(readFileSync('dist/waymark.files.json', 'utf8')) as { core: string; parts: Record<string, string> }
const sri = (file: string) => 'sha384-' + createHash('sha384').update(readFileSync(path.join('dist', file))).digest('base64')

/**
 * A CDN for the tag's files on an origin of its own (CORS open, as public CDNs are), which can hold
 * a file back or serve it altered. Every request is logged.
 */
async function startCdn() {
  const log: string[] = []
  const delays: Record<string, number> = {}
  const altered = new Set<string>()
  const server = http.createServer((req, res) => {
    const name = new URL(req.url!, 'http://cdn').pathname.slice(1)
    log.push(name)
    if (!/^waymark\.[\w.-]+\.js$/.test(name)) return res.writeHead(404).end()
    let body: Buffer
    try {
      body = readFileSync(path.join('dist', name))
    } catch {
      return res.writeHead(404).end()
    }
    const part = Object.keys(files.parts).find((p) => files.parts[p] == name)
    if (part && altered.has(part)) body = Buffer.concat([body, Buffer.from('\n;0')])
    const timer = setTimeout(() => {
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*', 'cache-control': 'no-store' }).end(body)
    }, (part && delays[part]) || 0)
    res.on('close', () => clearTimeout(timer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    log,
    delays,
    altered,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

const page = (tag: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/logs.js"></script><title>split tag</title>${tag}</head><body><h1>split tag</h1></body></html>`
const tag = (src: string, attrs = '') => `<script async src="${src}" data-endpoint="${suite.collector.url}/e" data-flush-interval="200"${attrs}></script>`
const started = (tab: Tab) => waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to start')
// The tag's files this page fetched, by part ('core' for the tag itself).
const fetched = (tab: Tab) =>
  tab.evaluate((f) => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()!).filter((n) => /^waymark\./.test(n)).map((n) => (n == f.core ? 'core' : Object.keys(f.parts).find((p) => f.parts[p] == n) || n)), files)
const rows = (name: string) =>
  readFileSync('test/detect/corpus/' + name, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
const eventsAt = (url: string) => suite.collector.store.query('select kind, phase, channel, body from events where url like $1 order by time', [url + '%']) as Promise<any[]>

suite.perEngine(() => {
  test('a page fetches only the knowledge it needs: none for an internal page, the arrival file for a landing, the checkout file for a checkout', async () => {
    const html = page(tag('/dist/waymark.global.js'))
    const site = await startFixtures(suite.collector.url, {}, { '/tag.html': { html }, '/checkout/payment': { html } })
    try {
      const want: [string, string[], object][] = [
        ['/tag.html', ['core'], { kind: 'page', channel: 'direct' }],
        ['/tag.html?utm_source=newsletter&utm_medium=email', ['core', 'arrival'], { kind: 'page', channel: 'email' }],
        // The session the newsletter opened goes on.
        ['/checkout/payment', ['core', 'checkout'], { kind: 'checkout', channel: 'email' }],
      ]
      for (const [path, parts, event] of want) {
        const tab = await suite.newTab()
        await tab.goto(site.url + path)
        await started(tab)
        await tab.evaluate(() => (window as any).waymark('flush'))
        expect(await fetched(tab), path).toEqual(parts)
        expect((await eventsAt(site.url + path))[0], path).toMatchObject(event)
      }
    } finally {
      await site.close()
    }
  })

  test('every arrival of the corpora reads the same through the split tag as detectTouchpoint in Node', async () => {
    const arrivals: Arrival[] = [
      ...rows('shops.tsv').map(([url]) => ({ url, title: '' })),
      ...rows('channels.tsv').map(([url, referrer]) => ({ url, referrer })),
    ]
    const site = await startFixtures(suite.collector.url, {}, { '/tag.html': { html: page(tag('/dist/waymark.global.js')) } })
    const tab = await suite.newTab()
    await tab.goto(site.url + '/tag.html')
    await started(tab)
    const read = await tab.evaluate((list) => Promise.all(list.map((a) => (window as any).waymark('detect', a))), arrivals)
    await site.close()
    expect(read).toEqual(arrivals.map((a) => detectTouchpoint(a)))
    expect(arrivals.length).toBeGreaterThan(550)
    console.log(`[${suite.engine.name}] ${arrivals.length} arrivals read alike through the split tag and in Node`)
  })

  test('a tag on a CDN, pinned with integrity, finds its files beside it and pins them too; an altered file is refused', async () => {
    const cdn = await startCdn()
    const src = `${cdn.url}/waymark.global.js`
    const pinned = tag(src, ` integrity="${sri(files.core)}" crossorigin="anonymous"`)
    const site = await startFixtures(suite.collector.url, {}, { '/pinned.html': { html: page(pinned) } })
    try {
      const tab = await suite.newTab()
      await tab.goto(site.url + '/pinned.html?utm_source=newsletter&utm_medium=email')
      await started(tab)
      await tab.evaluate(() => (window as any).waymark('flush'))
      expect(cdn.log).toEqual(['waymark.global.js', files.parts.arrival])
      const loaded = await tab.evaluate(() => [...document.querySelectorAll('script[src*="waymark.arrival"]')].map((s) => (s as HTMLScriptElement).integrity))
      expect(loaded).toEqual([expect.stringMatching(/^sha256-/)])
      expect((await eventsAt(site.url + '/pinned.html'))[0]).toMatchObject({ kind: 'page', channel: 'email' })

      // The same page when the CDN serves an altered arrival file: the browser refuses it, and the
      // page view goes out as captured, for the collector to classify.
      cdn.altered.add('arrival')
      const second = await suite.newTab()
      await second.goto(site.url + '/pinned.html?utm_source=partner&utm_medium=email&v=2')
      await started(second)
      await waitFor(async () => (await eventsAt(site.url + '/pinned.html?utm_source=partner')).length > 0, 'the page view of the page whose file was refused')
      const [e] = await eventsAt(site.url + '/pinned.html?utm_source=partner')
      expect(e.body.unclassified).toBeTruthy()
      expect(e).toMatchObject({ channel: 'email' })
      expect((await second.logs()).join('\n')).toMatch(/waymark/)
    } finally {
      await site.close()
      await cdn.close()
    }
  })

  test('a landing whose knowledge is late and whose tab closes first still reaches the collector; a later page classifies it in the browser', { retry: 1 }, async () => {
    const cdn = await startCdn()
    cdn.delays.arrival = 2000
    const site = await startFixtures(suite.collector.url, {}, { '/late.html': { html: page(tag(`${cdn.url}/waymark.global.js`, ` data-name="${suite.name('late')}"`)) } })
    try {
      const landing = site.url + '/late.html?gclid=abc&utm_source=google&utm_medium=cpc'
      const tab = await suite.newTab()
      await tab.goto(landing)
      await started(tab)
      await new Promise((r) => setTimeout(r, 200))
      await tab.close()
      // The beacon took it as captured; the collector classified it.
      await waitFor(async () => (await eventsAt(landing)).length > 0, 'the landing at the collector', 15000)
      let [e] = await eventsAt(landing)
      expect(e).toMatchObject({ kind: 'ad-click', channel: 'paid-search', phase: 'awareness' })
      expect(e.body.unclassified).toBeTruthy()

      // The next page of the site classifies what the closed tab kept, and sends it classified.
      cdn.delays.arrival = 0
      const next = await suite.newTab()
      await next.goto(site.url + '/late.html')
      await started(next)
      await next.evaluate(() => (window as any).waymark('flush'))
      await waitFor(async () => !(await eventsAt(landing))[0].body.unclassified, 'the landing, classified by the browser')
      ;[e] = await eventsAt(landing)
      expect(e).toMatchObject({ kind: 'ad-click', channel: 'paid-search', phase: 'awareness' })
      expect((await eventsAt(landing)).length).toBe(1)
    } finally {
      await site.close()
      await cdn.close()
    }
  })
})
