// @vitest-environment node
import { gzipSync } from 'node:zlib'
import { beforeEach, describe, expect, test } from 'vitest'
import { MAX_BODY_BYTES } from '../../examples/collector/server.mjs'
import { event, post as postTo, STORES, useCollector } from './helpers.js'

describe.each(STORES)('reference collector on %s', (kind) => {
  const suite = useCollector(kind)
  const post = (body: BodyInit, headers?: Record<string, string>, route?: string) => postTo(suite.collector.url, body, headers, route)
  beforeEach(() => void suite.collector.faults.splice(0))

  test('stores a batch and answers with the count', async () => {
    const batch = [event(), event({ kind: 'custom', name: 'signup' })]
    const res = await post(JSON.stringify({ sentAt: new Date().toISOString(), batchId: 'b1', batch }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 })
    const stored = await suite.collector.store.query('select id, kind, name, batch_id from events where id = any($1)', [batch.map((e) => e.id)])
    expect(stored.map((r: any) => r.kind).sort()).toEqual(['custom', 'page'])
    expect(stored.every((r: any) => r.batch_id === 'b1')).toBe(true)
  })

  test('takes batches at /collect as well as at /e', async () => {
    const e = event()
    const res = await post(JSON.stringify({ batch: [e] }), undefined, '/collect')
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 })
    expect(await suite.collector.store.query('select id from events where id = $1', [e.id])).toEqual([{ id: e.id }])
  })

  test('counts a resent event once, also within one batch', async () => {
    const e = event()
    await post(JSON.stringify({ batch: [e] }))
    const again = await post(JSON.stringify({ batch: [e, event()] }))
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1 })
    const twice = event()
    expect(await (await post(JSON.stringify({ batch: [twice, twice] }))).json()).toEqual({ accepted: 1, duplicates: 1 })
    const count = await suite.collector.store.query('select count(*)::int as n from events where id = any($1)', [[e.id, twice.id]])
    expect(count[0].n).toBe(2)
  })

  test('stores the time as JavaScript reads it, in any form Date.parse takes', async () => {
    const e = event({ time: 'Tue, 03 Mar 2026 09:00:00 GMT' })
    expect((await post(JSON.stringify({ batch: [e] }))).status).toBe(200)
    const [row] = await suite.collector.store.query('select time, body->>$2 as sent from events where id = $1', [e.id, 'time'])
    expect(row).toEqual({ time: new Date('2026-03-03T09:00:00Z'), sent: 'Tue, 03 Mar 2026 09:00:00 GMT' })
  })

  test('accepts JSON, text/plain from sendBeacon, no type, and gzip bodies with or without the header', async () => {
    const body = () => JSON.stringify({ batch: [event()] })
    expect((await post(body(), { 'content-type': 'application/json' })).status).toBe(200)
    expect((await post(body(), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(200)
    expect((await post(new Blob([body()]), {})).status).toBe(200)
    expect((await post(gzipSync(body()), { 'content-type': 'text/plain', 'content-encoding': 'gzip' })).status).toBe(200)
    expect((await post(gzipSync(body()), { 'content-type': 'text/plain' })).status).toBe(200)
  })

  test.each([
    ['not JSON', '{"batch": ['],
    ['no batch', '{"events": []}'],
    ['an event without id', JSON.stringify({ batch: [{ time: new Date().toISOString(), kind: 'page' }] })],
    ['a bad time', JSON.stringify({ batch: [{ id: 'x', time: 'yesterday', kind: 'page' }] })],
    ['a time PostgreSQL cannot hold', JSON.stringify({ batch: [{ id: 'x', time: '+275760-09-13T00:00:00.000Z', kind: 'page' }] })],
  ])('rejects %s with 400', async (_, body) => {
    const res = await post(body)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBeTruthy()
  })

  test('rejects a body over the limit with 413', async () => {
    const res = await post('x'.repeat(MAX_BODY_BYTES + 1))
    expect(res.status).toBe(413)
  })

  test('answers CORS preflights and exposes Retry-After to pages on other origins', async () => {
    const pre = await fetch(suite.collector.url + '/e', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, content-encoding' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-encoding/)
    suite.collector.faults.push({ status: 429, retryAfter: 3, times: 1 })
    const res = await post(JSON.stringify({ batch: [event()] }), { 'content-type': 'text/plain', origin: 'https://shop.example' })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)
  })

  test('records the drops a batch reports', async () => {
    await post(JSON.stringify({ batchId: 'with-drops', dropped: { overflow: 3 }, batch: [event()] }))
    const rows = await suite.collector.store.batches()
    expect(rows.find((r: any) => r.batch_id === 'with-drops').dropped).toEqual({ overflow: 3 })
  })

  test('forgets everything on reset', async () => {
    await post(JSON.stringify({ batch: [event()] }))
    await suite.collector.reset()
    expect(await suite.collector.store.events()).toEqual([])
    expect(await suite.collector.store.batches()).toEqual([])
    expect(suite.collector.stats.posts).toBe(0)
  })
})
