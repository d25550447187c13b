import { expect, test } from 'vitest'
import { compileRules, type Classifier } from '../../src/journey/compileRules.js'
import { FIVE_PHASE } from '../../src/journey/fivePhaseRules.js'
import { fivePhase, type JourneyView, type TouchpointView } from '../../src/journey/models.js'
import type { Channel, Kind } from '../../src/types.js'

// The first rule that takes the touchpoint, as the journey step tries them.
const decide = (c: Classifier, tp: TouchpointView, j: JourneyView) =>
  c.rules.find((r) => (tp.kind != 'custom' || (r.events && (r.events === true || r.events.has(tp.event!)))) && r.test(tp, j))?.id

test('the precompiled default model decides every touchpoint as the compiled model does', () => {
  const compiled = compileRules(fivePhase)
  expect(FIVE_PHASE.model).toBe(compiled.model)
  expect(FIVE_PHASE.phases).toEqual(compiled.phases)
  expect(FIVE_PHASE.rules.map((r) => [r.id, r.phase])).toEqual(compiled.rules.map((r) => [r.id, r.phase]))
  const kinds: Kind[] = ['page', 'custom', 'ad-click', 'review-referral', 'checkout', 'purchase', 'share']
  const channels: Channel[] = ['direct', 'internal', 'organic-search', 'review-site', 'paid-social', 'email', 'organic-shopping', 'paid-shopping', 'unassigned', 'sms']
  const events = [undefined, 'add_to_cart', 'size_guide', 'share', 'invite_sent', 'newsletter_signup', 'Add_To_Cart']
  const urls = ['https://shop.example/', 'https://shop.example/p/write-a-review', 'https://shop.example/de/Bewerten?x=1', 'https://shop.example/rated', 'not a url']
  const phases = [undefined, ...compiled.phases]
  let n = 0
  for (const kind of kinds)
    for (const channel of channels)
      for (const event of events)
        for (const url of urls)
          for (const purchases of [0, 1, 3])
            for (const session of [1, 2])
              for (const reached of phases) {
                const tp: TouchpointView = { kind, channel, event: kind == 'custom' ? event : undefined, url, referrer: '', title: '', analog: false, indirect: false, time: 0 }
                const j: JourneyView = { purchases, session, touchpoints: 3, days: 0, reached, phase: reached }
                expect(decide(FIVE_PHASE, tp, j), JSON.stringify([tp, j])).toBe(decide(compiled, tp, j))
                n++
              }
  expect(n).toBeGreaterThan(80000)
})
