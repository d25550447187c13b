import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { beforeEach } from 'vitest'

// A fresh IndexedDB for every test, so that no test sees another's queue.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})
