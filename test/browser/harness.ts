// What the browser tests share: the demo shop and the reference collector on 127.0.0.1, and helpers
// that look into the page's IndexedDB.
import { startCollector } from '../../examples/collector/server.mjs'
import { startShop } from '../../examples/shop/server.mjs'
import type { Tab } from './driver.js'

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
