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
