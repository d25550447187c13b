import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach } from 'vitest'
import type { Tracker } from '../src/createTracker.js'

// A fresh IndexedDB for every test, so that no test sees another's queue.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})

// A page runs one tracker per name: each test starts with none. They stop without sending
// (pending consent first), so that nothing of one test reaches the next one's stubs.
afterEach(async () => {
  const running = (globalThis as Record<symbol, Map<string, Tracker> | undefined>)[Symbol.for('waymark.trackers')]
  for (const t of [...(running?.values() || [])]) {
    t.setConsent('pending')
    await t.shutdown()
  }
})
