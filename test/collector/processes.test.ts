// @vitest-environment node
// Several collector processes, one PostgreSQL database, no router that knows about them: the same
// shoppers' batches reach both, resends included, at the same time, and every event is stored once.
import { afterAll, expect, test } from 'vitest'
import { openStore } from '../../examples/collector/store.mjs'
import { createDatabase, event, spawnCollector, type CollectorProcess } from './helpers.js'

const SHOPPERS = 40
const BATCHES_PER_SHOPPER = 6
const EVENTS_PER_BATCH = 20

const started: CollectorProcess[] = []
let drop = async () => {}
afterAll(async () => {
  await Promise.all(started.map((p) => p.kill()))
  await drop()
})

test('two collector processes on one database store every event once', async () => {
  const db = await createDatabase()
  drop = db.drop
  // Started together, so that they also race to create the schema.
  const [a, b] = await Promise.all([spawnCollector(['--database', db.url, '--no-dashboard']), spawnCollector(['--database', db.url, '--no-dashboard'])])
  started.push(a, b)

  // As the SDK does, a batch answered 503 (more in flight than a process takes) is sent again; here
  // after a short random pause rather than the second Retry-After asks for, to keep the test short.
  const send = async (url: string, body: string) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url + '/e', { method: 'POST', body })
      if (res.status === 503 && attempt < 50) {
        await res.arrayBuffer()
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 100))
        continue
      }
      expect(res.status).toBe(200)
      return (await res.json()) as { accepted: number; duplicates: number }
    }
  }
  const ids = new Set<string>()
  // Each shopper's batches go to either process, as a load balancer deals them; every batch is also
  // resent at once to the other one (a retry after a lost answer) and once more later, and the next
  // batch repeats half of the one before (a beacon on page hide racing the fetch it duplicates).
  const shopper = async (s: number) => {
    let previous: ReturnType<typeof event>[] = []
    const answers = []
    for (let i = 0; i < BATCHES_PER_SHOPPER; i++) {
      const fresh = Array.from({ length: EVENTS_PER_BATCH }, () => event({ anonymousId: `shopper-${s}` }))
      for (const e of fresh) ids.add(e.id)
      const body = JSON.stringify({ batchId: `${s}-${i}`, batch: [...previous.slice(0, EVENTS_PER_BATCH / 2), ...fresh] })
      const [first, second] = (s + i) % 2 ? [a, b] : [b, a]
      answers.push(...(await Promise.all([send(first.url, body), send(second.url, body)])))
      previous = fresh
    }
    answers.push(await send(a.url, JSON.stringify({ batch: previous })))
    return answers
  }
  const answers = (await Promise.all(Array.from({ length: SHOPPERS }, (_, s) => shopper(s)))).flat()

  const store = await openStore({ database: db.url })
  try {
    const rows = await store.query('select id, count(*)::int as n from events group by id')
    expect(rows.length).toBe(ids.size)
    expect(rows.every((r: any) => r.n === 1)).toBe(true)
    expect(new Set(rows.map((r: any) => r.id))).toEqual(ids)
    // And the answers agree: every event was accepted by exactly one request, whichever process.
    expect(answers.reduce((n, r) => n + r.accepted, 0)).toBe(ids.size)
  } finally {
    await store.close()
  }
})
