import { expect, test } from 'vitest'
import * as waymark from '../src/index.js'

test('exports exactly the public API', () => {
  expect(Object.keys(waymark).sort()).toEqual(['createTracker', 'dataLayer', 'detectTouchpoint', 'fivePhase', 'orderData', 'replayJourney', 'segmentFormat', 'shareClicks', 'shareMethod', 'sixStage', 'threeStage'])
})
