// @vitest-environment node
// Acknowledged means stored: a collector killed (SIGKILL, no chance to flush or close) while batches
// stream in has every event it answered 2xx for.
import { describe, expect, test } from 'vitest'
import { openStore } from '../../examples/collector/store.mjs'
import { event, spawnCollector, STORES, useProcessStore } from './helpers.js'

/** Senders at once, events per batch, and the acknowledged events after which the kill comes. */
const SENDERS = 8
const BATCH = 25
const ACKED_BEFORE_KILL = 1000
const DEADLINE_MS = 30000

describe.each(STORES)('a collector on %s killed while batches stream in', (kind) => {
  const processStore = useProcessStore(kind)

  test('has stored every event it acknowledged', async () => {
    const { target, args } = await processStore()
    const collector = await spawnCollector([...args, '--no-dashboard'])

    const acked = new Set<string>()
    let failed = 0
    let killed: Promise<void> | undefined
    const until = Date.now() + DEADLINE_MS
    const sender = async () => {
      while (Date.now() < until) {
        const batch = Array.from({ length: BATCH }, () => event())
        try {
          const res = await fetch(collector.url + '/e', { method: 'POST', body: JSON.stringify({ batch }) })
          if (res.status !== 200) throw new Error(`status ${res.status}`)
          for (const e of batch) acked.add(e.id)
        } catch {
          failed++
          return
        }
        if (acked.size >= ACKED_BEFORE_KILL) killed ??= collector.kill()
      }
    }
    await Promise.all(Array.from({ length: SENDERS }, sender))
    await (killed ?? collector.kill())
    expect(collector.child.signalCode).toBe('SIGKILL')
    // Killed mid-stream: other senders' requests were still on their way.
    expect(failed).toBeGreaterThan(0)
    expect(acked.size).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL)

    // Reopened as the next process would (PGlite: over the dead one's lock, with crash recovery).
    const store = await openStore(target)
    try {
      const stored = new Set((await store.query('select id from events')).map((r: any) => r.id))
      const lost = [...acked].filter((id) => !stored.has(id))
      expect(lost).toEqual([])
    } finally {
      await store.close()
    }
  })
})
