// Type-level checks: `npm run typecheck` fails when one of these stops holding. The runtime part
// only makes sure the file is a test.
import { expect, test } from 'vitest'
import { createTracker, sixStage, type Tracker, type TrackerOptions } from '../src/index.js'

type Events = {
  newsletter_signup: { placement: 'footer' | 'popup' }
  add_to_cart: { sku: string; price: number }
}

test('a tracker typed with its events checks names and props', () => {
  const tracker: Tracker<Events> = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
  tracker.track('newsletter_signup', { placement: 'footer' })
  tracker.track('add_to_cart', { sku: 'S', price: 1 })
  // @ts-expect-error: an event the map does not name
  tracker.track('unknown_event')
  // @ts-expect-error: props of the wrong shape
  tracker.track('add_to_cart', { sku: 'S', price: 'one' })
  // @ts-expect-error: a placement the type does not allow
  tracker.track('newsletter_signup', { placement: 'sidebar' })
  // @ts-expect-error: the event's props are required
  tracker.track('add_to_cart')
  const loose = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
  loose.track('anything')
  expect(typeof tracker.track).toBe('function')
})

test('rules are typed by the model’s phases', () => {
  const options: TrackerOptions<typeof sixStage>[] = [
    { endpoint: 'https://c.example/e', model: sixStage, rules: [{ id: 'ok', phase: 'evaluate', when: {} }] },
    // @ts-expect-error: 'consideration' is a fivePhase phase
    { endpoint: 'https://c.example/e', model: sixStage, rules: [{ id: 'no', phase: 'consideration', when: {} }] },
  ]
  expect(options.length).toBe(2)
})
