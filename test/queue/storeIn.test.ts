import { expect, test, vi } from 'vitest'
import { createTracker } from '../../src/createTracker.js'
import type { Batch } from '../../src/types.js'

test('with a store of its own (here localStorage, IndexedDB gone), a tracker keeps its queue and journey there, for the next page', async () => {
  vi.stubGlobal('indexedDB', undefined)
  let status = 503
  const sent: Batch[] = []
  vi.stubGlobal('fetch', vi.fn(async (_: string, init: RequestInit) => (sent.push(JSON.parse(init.body as string)), new Response('{}', { status }))))
  const first = createTracker({ endpoint: 'https://c.example/e', storage: localStorage, name: 'own-store', flushInterval: 60000 })
  first.track('kept')
  expect((await first.flush()).ok).toBe(false)
  const { anonymousId } = (await first.journey())!
  first.setConsent('pending')
  await first.shutdown()
  const stored = JSON.parse(localStorage.getItem('waymark:own-store')!)
  expect(stored.filter(([k]: [unknown]) => Array.isArray(k)).length).toBeGreaterThan(0)

  // The next page: the same store, the collector back.
  status = 200
  const next = createTracker({ endpoint: 'https://c.example/e', storage: localStorage, name: 'own-store', flushInterval: 60000 })
  await next.flush()
  const events = sent.slice(1).flatMap((b) => b.batch)
  expect(events.map((e) => e.name ?? e.kind)).toEqual(['page', 'kept', 'page'])
  expect(new Set(events.map((e) => e.anonymousId))).toEqual(new Set([anonymousId]))
  await next.shutdown()
  localStorage.clear()
})
