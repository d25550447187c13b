import { expect, test } from 'vitest'
import * as waymark from '../src/index.js'

test('exports exactly the public API', () => {
  expect(Object.keys(waymark).sort()).toEqual(['attribute', 'classifyPending', 'consentMode', 'createTracker', 'dataLayer', 'detectTouchpoint', 'fivePhase', 'orderData', 'replayJourney', 'segmentFormat', 'shareClicks', 'shareMethod', 'sixStage', 'tcfConsent', 'threeStage'])
})

test('the vitals subpath exports the web-vitals plugin only', async () => {
  expect(Object.keys(await import('../src/vitals.js'))).toEqual(['webVitals'])
})
