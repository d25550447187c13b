import type { Key, Persist } from './createQueue.js'

/**
 * A key-value store the site gives the queue where IndexedDB cannot be used: anything shaped like
 * Web Storage, its methods synchronous or returning promises (`localStorage`, or the
 * `browser.localStorage` of a Shopify pixel, which acts on the shop's page from a sandbox).
 */
export interface KeyValueStore {
  getItem(key: string): string | null | Promise<string | null>
  setItem(key: string, value: string): unknown
}

/**
 * Keeps the queue's entries in such a store, under one key: read once, written whole after each
 * change (writes in order, one at a time).
 * @param store the store
 * @param name the queue's name, which names the key
 */
export const storeIn = (store: KeyValueStore, name: string): Persist => {
  const key = 'waymark:' + name
  const entries = new Map<string, [Key, unknown]>()
  let writing: Promise<unknown> = Promise.resolve()
  return {
    async load() {
      try {
        for (const e of JSON.parse((await store.getItem(key)) || '[]')) entries.set(String(e[0]), e)
      } catch {}
      return [...entries.values()]
    },
    save(deleted, written) {
      for (const k of deleted) entries.delete(String(k))
      for (const e of written) entries.set(String(e[0]), e)
      const text = JSON.stringify([...entries.values()])
      writing = writing.then(() => store.setItem(key, text)).catch(() => {})
    },
  }
}
