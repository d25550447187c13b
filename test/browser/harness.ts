// What the browser tests share: the demo shop and the reference collector on 127.0.0.1, and helpers
// that look into the page's IndexedDB.
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCollector } from '../../examples/collector/server.mjs'
import { startShop } from '../../examples/shop/server.mjs'
import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import { waitFor, type Engine, type Tab } from './driver.js'
import { ENGINES, launch } from './engines.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export type Collector = Awaited<ReturnType<typeof startCollector>>

/** Starts a collector (in-memory database) and the demo shop pointing at it. */
export async function startDemo(shopHeaders?: Record<string, string>) {
  const collector = await startCollector()
  const shop = await startShop({ collectorUrl: collector.url, headers: shopHeaders })
  return {
    collector,
    shop,
    close: () => Promise.all([shop.close(), collector.close()]),
  }
}

/** Ids of all events the collector stored, in time order. */
export const storedEvents = (collector: Collector) => collector.store.events() as Promise<Record<string, any>[]>

/**
 * Number of events in the page's waymark queue in IndexedDB, or -1 when the database does not exist.
 * Reads only the keys: each chunk key carries its event count (the fourth element).
 */
export const queuedInIndexedDB = (tab: Tab) =>
  tab.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'waymark')) return -1
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('waymark')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const db = open.result
        const keys = db.transaction('queue').objectStore('queue').getAllKeys()
        keys.onsuccess = () => {
          db.close()
          resolve(keys.result.filter(Array.isArray).reduce((n, k) => n + (k as number[])[3], 0))
        }
        keys.onerror = () => reject(keys.error)
      }
    })
  })

/**
 * Serves the test fixtures (`test/browser/fixtures/*.html`, with `{{COLLECTOR}}` filled in), the
 * built package under `/dist/` and idb-keyval under `/vendor/`, as an app's bundler would provide it,
 * and any `pages` given by path.
 */
export async function startFixtures(
  collectorUrl: string,
  headers: Record<string, string> = {},
  pages: Record<string, { html: string; headers?: Record<string, string> }> = {},
) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url!, 'http://fixtures')
    const page = pages[pathname]
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers, ...page.headers })
      return res.end(page.html)
    }
    const file = pathname.startsWith('/dist/')
      ? path.join(root, pathname)
      : pathname == '/vendor/idb-keyval.js'
        ? path.join(root, 'node_modules/idb-keyval/dist/index.js')
        : pathname == '/vendor/web-vitals.js'
          ? path.join(root, 'node_modules/web-vitals/dist/web-vitals.js')
        : /^\/[\w-]+\.(html|js)$/.test(pathname)
          ? path.join(root, 'test/browser/fixtures', pathname)
          : ''
    try {
      if (!file || file.includes('..')) throw new Error('not found')
      const body = await readFile(file, 'utf8')
      const html = file.endsWith('.html')
      res.writeHead(200, { 'content-type': html ? 'text/html; charset=utf-8' : 'text/javascript', 'cache-control': 'no-store', ...(html && headers) })
      res.end(html ? body.replaceAll('{{COLLECTOR}}', collectorUrl) : body)
    } catch {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/** Opens the fixture page with tracker options and waits until its tracker exists. */
export async function openTracker(tab: Tab, base: string, options: Record<string, unknown> = {}, extra = '') {
  await tab.goto(`${base}/tracker.html?options=${encodeURIComponent(JSON.stringify(options))}${extra}`)
  await waitFor(() => tab.evaluate(() => (window as any).__ready === true), 'the tracker to start')
}

/** The ids this tab's tracker generated so far. */
export const generatedIds = (tab: Tab) => tab.evaluate(() => (window as any).__ids as string[])

/**
 * Calls tracker.track n times in one task, like a burst from app code, then waits until the tracker
 * has classified them (it holds calls back until it has read the journey state from storage).
 */
export async function trackMany(tab: Tab, n: number, name = 'burst') {
  const before = await tab.evaluate(([n, name]) => {
    const seen = (window as any).__ids.length
    for (let i = 0; i < n; i++) (window as any).tracker.track(name, { i })
    return seen
  }, [n, name] as [number, string])
  await waitFor(() => tab.evaluate((want) => (window as any).__ids.length >= want, before + n), `${n} tracked events to be classified`)
}

/** Events and bytes in the page's waymark queue in IndexedDB (database `name`), from the chunk keys. */
export const queueSize = (tab: Tab, name: string) =>
  tab.evaluate(
    (name) =>
      new Promise<{ events: number; bytes: number }>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const keys = open.result.transaction('queue').objectStore('queue').getAllKeys()
          keys.onsuccess = () => {
            open.result.close()
            const chunks = keys.result.filter(Array.isArray) as number[][]
            resolve({ events: chunks.reduce((n, k) => n + k[3], 0), bytes: chunks.reduce((n, k) => n + k[4], 0) })
          }
        }
      }),
    name,
  )

/** Of these ids, how many the collector stored (each id is stored at most once: primary key). */
export async function storedOf(collector: Collector, ids: string[]) {
  const rows = await collector.store.query('select id from events where id = any($1)', [ids])
  return rows.length
}

/**
 * The setting most browser test files share: a collector and the fixture pages for the file, a
 * fresh browser per engine with the collector emptied between engines, and tabs that are closed
 * (and faults cleared) after each test. Call `perEngine` with the tests.
 */
export function browserSuite() {
  let seq = 0
  const tabs: Tab[] = []
  const s = {
    engine: undefined as unknown as Engine,
    collector: undefined as unknown as Collector,
    fixtures: undefined as unknown as Awaited<ReturnType<typeof startFixtures>>,
    /** A tab of the current engine, closed after the test. */
    newTab: async () => {
      const tab = await s.engine.newTab()
      tabs.push(tab)
      return tab
    },
    /** Every tab this test opened. */
    tabs,
    /** A database name of its own for a case, so that no queue leaks into the next one. */
    name: (prefix = 'case') => `${prefix}-${++seq}`,
    /** Runs `tests` once per engine of ENGINES. */
    perEngine: (tests: () => void) =>
      describe.each(ENGINES)('%s', (name) => {
        beforeAll(async () => {
          // Each engine starts from an empty collector, so that its counts are its own.
          await s.collector.reset()
          s.engine = await launch(name)
        })
        afterAll(() => s.engine?.close())
        tests()
      }),
  }
  beforeAll(async () => {
    s.collector = await startCollector()
    s.fixtures = await startFixtures(s.collector.url)
  })
  afterEach(async () => {
    s.collector.faults.splice(0)
    for (const tab of tabs.splice(0)) await tab.close().catch(() => {})
  })
  afterAll(async () => {
    await s.fixtures?.close()
    await s.collector?.close()
  })
  return s
}
