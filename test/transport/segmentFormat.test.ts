import { expect, test, vi } from 'vitest'
import { createTracker } from '../../src/createTracker.js'
import { segmentFormat } from '../../src/transport/segmentFormat.js'

const capture = () => {
  const bodies: any[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    bodies.push({ url, body: JSON.parse(init.body as string) })
    return new Response('{}')
  })
  return bodies
}

test('sends page views as Segment page calls and custom events as track calls, ids as messageId', async () => {
  const bodies = capture()
  document.title = 'Trail shoe'
  const t = createTracker({ endpoint: 'https://api.segment.example/v1/batch', format: segmentFormat({ writeKey: 'WK' }) })
  t.track('Newsletter Signed Up', { placement: 'footer' })
  await t.flush()
  const { body } = bodies[0]
  expect(body.writeKey).toBe('WK')
  expect(body.sentAt).toMatch(/Z$/)
  const [page, track] = body.batch
  expect(page).toMatchObject({ type: 'page', name: 'Trail shoe', properties: { url: location.href, title: 'Trail shoe' } })
  expect(track).toMatchObject({ type: 'track', event: 'Newsletter Signed Up', properties: { placement: 'footer' } })
  for (const m of body.batch) {
    expect(m.messageId).toMatch(/^[0-9a-f-]{36}\.[0-9a-z]+$/)
    expect(m.anonymousId).toBe(page.anonymousId)
    expect(m.timestamp).toMatch(/Z$/)
    expect(m.context.waymark).toMatchObject({ phase: 'awareness', model: 'fivePhase', sessionId: expect.any(String) })
  }
})

test('a custom transport receives the body and decides the outcome', async () => {
  const seen: string[] = []
  let answer: number | boolean = false
  const t = createTracker({ transport: (body) => (seen.push(body), answer), autoCapture: false })
  t.track('a')
  expect(await t.flush()).toEqual({ sent: 0, ok: false })
  answer = 200
  expect(await t.flush()).toEqual({ sent: 1, ok: true })
  expect(JSON.parse(seen[1]).batch[0].name).toBe('a')
  expect(JSON.parse(seen[0]).batch[0].id).toBe(JSON.parse(seen[1]).batch[0].id)
})

test('carries the new channels in context.waymark as they are', () => {
  const format = segmentFormat()
  const event = { id: 'e1', time: '2026-03-02T10:00:00.000Z', kind: 'ad-click', phase: 'consideration', rule: 'consideration.shopping', model: 'fivePhase', anonymousId: 'a', sessionId: 's', url: 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=shopping', referrer: '', title: '', analog: false, indirect: false, journey: { touchpoint: 1, session: 1, days: 0 } } as const
  for (const channel of ['paid-shopping', 'organic-video', 'mobile-push', 'offline', 'unassigned'] as const) {
    const body = JSON.parse(format({ sentAt: event.time, batchId: 'b', batch: [{ ...event, channel }] }))
    expect(body.batch[0]).toMatchObject({ type: 'page', context: { waymark: { kind: 'ad-click', channel, rule: 'consideration.shopping' } } })
  }
})
