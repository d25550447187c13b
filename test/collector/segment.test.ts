// @vitest-environment node
// Real clients of the Segment endpoint: Segment's own Node library sends its batches there, and what
// waymark's segmentFormat sends is read by the same parser into the same fields.
import { Analytics } from '@segment/analytics-node'
import { describe, expect, test } from 'vitest'
import { parseSegmentBatch } from '../../examples/collector/parseBatch.mjs'
import { segmentFormat } from '../../src/transport/segmentFormat.js'
import type { Batch, WireEvent } from '../../src/types.js'
import { STORES, useCollector } from './helpers.js'

/** What @segment/analytics-node sends for a few calls of each kind, and the bodies it posted. */
async function sendWithSegmentsClient(host: string, tag: string) {
  const bodies: string[] = []
  const errors: unknown[] = []
  const analytics = new Analytics({ writeKey: 'test-write-key', host, path: '/v1/batch', flushAt: 4, maxRetries: 1, httpRequestTimeout: 10000 })
  analytics.on('http_request', (r) => bodies.push(r.body as string))
  analytics.on('error', (e) => errors.push(e))
  const anonymousId = `anon-${tag}`
  analytics.page({ anonymousId, name: 'Trail shoe', properties: { url: 'https://shop.example/products/trail-shoe', path: '/products/trail-shoe' } })
  analytics.track({ anonymousId, event: 'Product Added', properties: { sku: 'TS-1', price: 89.5 } })
  analytics.track({ userId: `user-${tag}`, event: 'Order Completed', properties: { order_id: 'o-1', total: 89.5 } })
  analytics.identify({ userId: `user-${tag}`, anonymousId, traits: { plan: 'pro' } })
  analytics.screen({ anonymousId, name: 'Cart' })
  analytics.group({ userId: `user-${tag}`, groupId: 'acme', traits: { size: 10 } })
  analytics.alias({ userId: `user-${tag}`, previousId: anonymousId })
  await analytics.closeAndFlush({ timeout: 20000 })
  expect(errors).toEqual([])
  return { bodies, anonymousId }
}

describe.each(STORES)("Segment's endpoint on %s", (kind) => {
  const suite = useCollector(kind)

  test('stores the batches of the official @segment/analytics-node client', async () => {
    const { bodies, anonymousId } = await sendWithSegmentsClient(suite.collector.url, kind)
    expect(bodies.length).toBeGreaterThanOrEqual(2)
    const sent = bodies.flatMap((b) => JSON.parse(b).batch)
    expect(sent.map((m: any) => m.type)).toEqual(['page', 'track', 'track', 'identify', 'screen', 'group', 'alias'])
    const rows = await suite.collector.store.query(
      `select id, kind, name, anonymous_id, body->'props' as props, body->'segment'->>'type' as type from events where id = any($1)`,
      [sent.map((m: any) => m.messageId)],
    )
    const byId = new Map(rows.map((r: any) => [r.id, r]))
    expect(rows.length).toBe(sent.length)
    const [page, added, order, identify, screen] = sent.map((m: any) => byId.get(m.messageId))
    expect(page).toMatchObject({ kind: 'page', anonymous_id: anonymousId, type: 'page' })
    expect(added).toMatchObject({ kind: 'custom', name: 'Product Added', anonymous_id: anonymousId, props: { sku: 'TS-1', price: 89.5 } })
    expect(order).toMatchObject({ kind: 'custom', name: 'Order Completed', anonymous_id: `user-${kind}` })
    expect(identify).toMatchObject({ kind: 'identify', props: { plan: 'pro' } })
    expect(screen).toMatchObject({ kind: 'page', type: 'screen' })
    // A resend of what the client already delivered (its retry after a lost answer) counts once.
    const again = await fetch(suite.collector.url + '/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] })
    expect(await again.json()).toEqual({ accepted: 0, duplicates: JSON.parse(bodies[0]).batch.length })
  })

  test("stores what waymark's segmentFormat sends, journey fields included", async () => {
    const base = { anonymousId: 'wm-1', sessionId: 'wm-1-s1', model: 'fivePhase', referrer: '', title: 'Shop', channel: 'direct' }
    const events = [
      { ...base, id: 'wm-1.1', time: '2026-03-02T10:00:00.000Z', kind: 'page', phase: 'awareness', rule: 'awareness', url: 'https://shop.example/' },
      { ...base, id: 'wm-1.2', time: '2026-03-02T10:01:00.000Z', kind: 'custom', name: 'add_to_cart', phase: 'consideration', rule: 'consideration', url: 'https://shop.example/p/1', props: { sku: 'TS-1' } },
      { ...base, id: 'wm-1.3', time: '2026-03-02T10:02:00.000Z', kind: 'purchase', phase: 'conversion', rule: 'conversion', url: 'https://shop.example/thanks' },
    ] as unknown as WireEvent[]
    const body = segmentFormat({ writeKey: 'WK' })({ sentAt: '2026-03-02T10:03:00.000Z', batchId: 'wm-batch', batch: events } as Batch)
    const res = await fetch(suite.collector.url + '/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0 })
    const stored = await suite.collector.store.events({ anonymousId: 'wm-1' })
    expect(stored.map((e: any) => [e.id, e.kind, e.name, e.phase, e.rule, e.model, e.sessionId, e.url])).toEqual([
      ['wm-1.1', 'page', undefined, 'awareness', 'awareness', 'fivePhase', 'wm-1-s1', 'https://shop.example/'],
      ['wm-1.2', 'custom', 'add_to_cart', 'consideration', 'consideration', 'fivePhase', 'wm-1-s1', 'https://shop.example/p/1'],
      // The kind travels in context.waymark, so the purchase stays a purchase, under Segment's name.
      ['wm-1.3', 'purchase', 'Order Completed', 'conversion', 'conversion', 'fivePhase', 'wm-1-s1', 'https://shop.example/thanks'],
    ])
    expect((await suite.collector.store.batches()).find((b: any) => b.batch_id === 'wm-batch')).toMatchObject({ events: 3, inserted: 3 })
  })
})

describe("segmentFormat beside Segment's client", () => {
  const suite = useCollector('pglite')

  test('gives messages the parser reads into the same fields as the official ones', async () => {
    const { bodies } = await sendWithSegmentsClient(suite.collector.url, 'shape')
    const official = bodies.flatMap((b) => parseSegmentBatch(b).batch)
    const event = { id: 'x.1', time: '2026-03-02T10:00:00.000Z', anonymousId: 'a', sessionId: 's', url: 'https://shop.example/', referrer: '', title: 'Shop' }
    const ours = parseSegmentBatch(
      segmentFormat()({ sentAt: '2026-03-02T10:00:01.000Z', batch: [{ ...event, kind: 'page' }, { ...event, id: 'x.2', kind: 'custom', name: 'Product Added' }] } as unknown as Batch),
    ).batch
    const fields = (e: any) => Object.keys(e).filter((k) => e[k] !== undefined && ['id', 'time', 'kind', 'name', 'anonymousId', 'props', 'segment'].includes(k)).sort()
    expect(fields(ours[0])).toEqual(fields(official.find((e: any) => e.segment.type === 'page')))
    expect(fields(ours[1])).toEqual(fields(official.find((e: any) => e.segment.type === 'track')))
    for (const [mine, theirs] of [[ours[0], official[0]], [ours[1], official[1]]] as any[][]) {
      for (const key of ['type', 'messageId', 'anonymousId', 'timestamp', 'properties', 'context']) expect(typeof mine.segment[key], key).toBe(typeof theirs.segment[key])
    }
  })

  test("turns identify() into Segment's identify call, as the official client sends it, and the user id onto later calls", async () => {
    const { bodies } = await sendWithSegmentsClient(suite.collector.url, 'identify-shape')
    const theirs = bodies.flatMap((b) => parseSegmentBatch(b).batch).find((e: any) => e.segment.type === 'identify') as any
    const event = { time: '2026-03-02T10:00:00.000Z', anonymousId: 'a', sessionId: 's', url: 'https://shop.example/', referrer: '', title: 'Shop', userId: 'cust-1' }
    const [identify, later] = parseSegmentBatch(
      segmentFormat()({ sentAt: '2026-03-02T10:00:01.000Z', batch: [{ ...event, id: 'i.1', kind: 'identify', props: { plan: 'pro' } }, { ...event, id: 'i.2', kind: 'custom', name: 'Product Added' }] } as unknown as Batch),
    ).batch as any[]
    expect(identify).toMatchObject({ kind: 'identify', userId: 'cust-1', props: { plan: 'pro' }, segment: { type: 'identify', traits: { plan: 'pro' } } })
    expect(Object.keys(identify.segment).filter((k) => k != 'context').sort()).toEqual(Object.keys(theirs.segment).filter((k: string) => !['context', '_metadata', 'integrations'].includes(k)).sort())
    expect(later).toMatchObject({ userId: 'cust-1', segment: { userId: 'cust-1' } })
  })
})
