import Ajv from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { expect, test, vi } from 'vitest'
import { createTracker } from '../src/createTracker.js'
import schema from '../schema/batch.schema.json'
import type { Channel } from '../src/types.js'

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

// Every channel, in the README's rule order; `Channel` may have no other (the typecheck fails).
const CHANNELS = ['internal', 'review-site', 'ai-assistant', 'affiliate', 'direct', 'cross-network', 'paid-shopping', 'paid-search', 'paid-social', 'paid-video', 'display', 'paid-other', 'organic-shopping', 'organic-social', 'organic-video', 'organic-search', 'referral', 'email', 'audio', 'sms', 'mobile-push', 'offline', 'unassigned'] as const satisfies readonly Channel[]
const complete: [Exclude<Channel, (typeof CHANNELS)[number]>] extends [never] ? true : false = true

test('the schema, the detector settings’ check and the Channel type list the same channels', async () => {
  const { resolveDetectOptions } = await import('../src/detect/resolveDetectOptions.js')
  expect(complete).toBe(true)
  expect([...schema.$defs.event.properties.channel.enum].sort()).toEqual([...CHANNELS].sort())
  for (const c of CHANNELS) expect(resolveDetectOptions({ hosts: { [c]: ['partner.example'] } }).hosts).toEqual({ [c]: ['partner.example'] })
})
