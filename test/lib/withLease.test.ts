import { expect, test, vi } from 'vitest'
import { withLease } from '../../src/lib/withLease.js'
import { createQueue } from '../../src/queue/createQueue.js'

// Two tabs of one site: two queues on the same database, and the module loaded twice, as two tabs
// load it (each tab is an owner of its own).
const tab = () => createQueue({ name: 'lease-test', storage: 'indexeddb', maxEvents: 100, maxBytes: 1e6, maxAgeMs: 864e5, chunkEvents: 10, chunkBytes: 1e5 })

test('one tab at a time holds the lease; the other skips, and gets it once it is given back', async () => {
  const [a, b] = [tab(), tab()]
  vi.resetModules()
  const other = (await import('../../src/lib/withLease.js')).withLease
  let inside = ''
  const ran = await withLease('waymark:x', a, async (renew) => {
    inside = 'a'
    // The other tab is kept out, also when it tries while this one renews.
    expect(await other('waymark:x', b, async () => 'b')).toBeUndefined()
    expect(await renew()).toBe(true)
    expect(await other('waymark:x', b, async () => 'b')).toBeUndefined()
    return 'a done'
  })
  expect([inside, ran]).toEqual(['a', 'a done'])
  expect(await other('waymark:x', b, async () => 'b')).toBe('b')
})

test('a tab that keeps to memory holds its own lease', async () => {
  const q = createQueue({ name: 'lease-memory', storage: 'memory', maxEvents: 100, maxBytes: 1e6, maxAgeMs: 864e5, chunkEvents: 10, chunkBytes: 1e5 })
  expect(await withLease('waymark:y', q, async () => 'ran')).toBe('ran')
})
