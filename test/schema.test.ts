import Ajv from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { expect, test, vi } from 'vitest'
import { createTracker } from '../src/createTracker.js'
import schema from '../schema/batch.schema.json'

const ajv = new Ajv({ allErrors: true, strict: true })
addFormats(ajv)
const validate = ajv.compile(schema)

test('what the SDK sends matches the published JSON Schema', async () => {
  const bodies: unknown[] = []
  vi.stubGlobal('fetch', async (_: string, init: RequestInit) => {
    bodies.push(JSON.parse(init.body as string))
    return new Response('{}')
  })
  history.replaceState(null, '', '/?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc&ref=FRIEND')
  const t = createTracker({ endpoint: 'https://c.example/e' })
  t.track('newsletter_signup', { placement: 'footer' })
  t.page({ variant: 'b' })
  t.checkout('payment')
  t.purchase({ orderId: 'S-1', value: 10, currency: 'EUR', coupon: 'X' })
  t.share({ method: 'email' })
  await t.flush()
  history.replaceState(null, '', '/')
  expect(bodies.length).toBe(1)
  for (const body of bodies) {
    const ok = validate(body)
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
  }
})

test('the schema rejects an event without an id', () => {
  expect(validate({ sentAt: new Date().toISOString(), batchId: 'b', batch: [{ time: new Date().toISOString(), kind: 'page' }] })).toBe(false)
})
