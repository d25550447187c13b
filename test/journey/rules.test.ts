import { afterEach, describe, expect, test, vi } from 'vitest'
import { createTracker, fivePhase, replayJourney, sixStage, type PhaseOf, type ReplayInput, type Rule, type TrackerOptions } from '../../src/index.js'

type FiveRule = Rule<PhaseOf<typeof fivePhase>>
import { compileRules } from '../../src/journey/compileRules.js'

const T0 = Date.parse('2026-05-04T08:00:00Z')
const SHOP = 'https://shop.example'
const at = (path: string, minutes = 0, referrer = ''): ReplayInput => ({ url: SHOP + path, referrer, time: T0 + minutes * 60000 })

describe('custom rules', () => {
  test('come before the model’s own rules, in their order', () => {
    const rules: Rule<'consideration' | 'awareness'>[] = [
      { id: 'vip-landing', phase: 'consideration', when: { path: '/vip/**' } },
      { id: 'never', phase: 'awareness', when: { path: '/vip/**' } },
    ]
    expect(replayJourney([at('/vip/offers/1')], { rules }).map((e) => [e.phase, e.rule])).toEqual([['consideration', 'vip-landing']])
  })

  test('can replace the model’s rules', () => {
    const events = replayJourney([at('/'), at('/checkout', 1, SHOP + '/')], {
      rules: [{ id: 'all-aware', phase: 'awareness', when: {} }],
      replaceRules: true,
    })
    expect(events.map((e) => e.rule)).toEqual(['all-aware', 'all-aware'])
  })

  test('may be functions of the touchpoint and the journey', () => {
    const events = replayJourney([at('/'), at('/p/1', 1, SHOP + '/'), at('/p/2', 2, SHOP + '/p/1')], {
      rules: [{ id: 'third-page', phase: 'consideration', when: (tp, j) => tp.kind == 'page' && j.touchpoints >= 2 }],
    })
    expect(events.map((e) => e.rule)).toEqual(['awareness', 'awareness', 'third-page'])
  })

  test('match on channel, referrer host, query parameter, source and campaign', () => {
    const rules: FiveRule[] = [
      { id: 'by-param', phase: 'consideration', when: { param: { coupon: 'SPRING' } } },
      { id: 'by-referrer', phase: 'consideration', when: { referrer: 'forum.example' } },
      { id: 'by-campaign', phase: 'consideration', when: { channel: 'email', campaign: ['winback', 'care'] } },
    ]
    const r = (input: ReplayInput) => replayJourney([input], { rules })[0].rule
    expect(r(at('/?coupon=SPRING'))).toBe('by-param')
    expect(r(at('/?coupon=OTHER'))).toBe('awareness')
    expect(r(at('/', 0, 'https://www.forum.example/t/123'))).toBe('by-referrer')
    expect(r(at('/?utm_source=nl&utm_medium=email&utm_campaign=winback'))).toBe('by-campaign')
    expect(r(at('/?utm_source=nl&utm_medium=email&utm_campaign=launch'))).toBe('awareness')
  })

  test('match journey conditions: purchases, session, days, and phases reached', () => {
    const rules: FiveRule[] = [
      { id: 'loyal', phase: 'retention', when: { purchases: { min: 2 } } },
      { id: 'week-later', phase: 'consideration', when: { days: { min: 7 }, purchases: 0 } },
    ]
    const events = replayJourney([at('/'), at('/', 8 * 24 * 60)], { rules })
    expect(events.map((e) => e.rule)).toEqual(['awareness', 'week-later'])
  })

  test('classify a custom event only when they name events; otherwise it keeps the current phase', () => {
    const rules: FiveRule[] = [
      { id: 'brochure', phase: 'consideration', when: { event: 'brochure_download' } },
      { id: 'every-page', phase: 'consideration', when: { kind: 'page' } },
    ]
    const events = replayJourney(
      [
        { ...at('/'), event: { type: 'track', name: 'brochure_download' } },
        { ...at('/', 1), event: { type: 'track', name: 'scroll' } },
      ],
      { rules },
    )
    expect(events.map((e) => e.rule)).toEqual(['brochure', 'current-phase'])
  })

  test('a rule that throws is skipped', () => {
    const events = replayJourney([at('/')], {
      rules: [{ id: 'broken', phase: 'advocacy', when: () => { throw new Error('oops') } }],
    })
    expect(events[0].rule).toBe('awareness')
  })

  test('come from JSON, as a script tag’s config gives them', () => {
    const rules = JSON.parse('[{"id":"from-tag","phase":"consideration","when":{"any":[{"path":"/compare"},{"event":"compare"}]}}]')
    expect(replayJourney([at('/compare')], { rules })[0].rule).toBe('from-tag')
  })
})

// The tracker compiles rules in the config file, which loads on its own: a bad rule is reported on
// the console, naming it, and left out; replayJourney and compileRules, which run at once, throw.
const reported = async (options: Parameters<typeof createTracker>[0]) => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false, transport: () => true, ...options } as never)
  await t.journey()
  await t.shutdown()
  return error.mock.calls.map(([m]) => String(m)).join('\n')
}

describe('invalid rules are reported, naming the rule, and left out', () => {
  afterEach(() => vi.restoreAllMocks())

  test.each<[string, unknown, RegExp]>([
    ['an unknown phase', [{ id: 'typo', phase: 'considerashun', when: {} }], /rule "typo": phase "considerashun" is not a phase of model fivePhase/],
    ['a bad path pattern', [{ id: 'bad-glob', phase: 'awareness', when: { path: 'no-slash' } }], /rule "bad-glob": "path" is not a valid pattern/],
    ['a bad regular expression', [{ id: 'bad-re', phase: 'awareness', when: { path: '^/(unclosed' } }], /rule "bad-re": "path" is not a valid pattern/],
    ['an unknown condition', [{ id: 'unknown', phase: 'awareness', when: { colour: 'red' } }], /rule "unknown": unknown condition "colour"/],
    ['a malformed matcher', [{ id: 'list', phase: 'awareness', when: [] }], /rule "list": "when" must be a matcher object or a function/],
    ['a bad count', [{ id: 'count', phase: 'awareness', when: { purchases: 'many' } }], /rule "count": "purchases" must be a number or \{ min, max \}/],
    ['an empty any', [{ id: 'empty', phase: 'awareness', when: { any: [] } }], /rule "empty": "any" must be a non-empty list/],
    ['a nested mistake', [{ id: 'nested', phase: 'awareness', when: { any: [{ kind: 3 }] } }], /rule "nested"\.any\[0\]: "kind"/],
    ['a missing id', [{ phase: 'awareness', when: {} }], /rule #1: needs an "id"/],
    ['a duplicate id', [{ id: 'twice', phase: 'awareness', when: {} }, { id: 'twice', phase: 'awareness', when: {} }], /rule "twice": has the same id/],
    ['a phase of another model', [{ id: 'b2b', phase: 'evaluate', when: {} }], /not a phase of model fivePhase/],
  ])('%s', async (_, rules, message) => {
    expect(() => replayJourney([], { rules: rules as FiveRule[] })).toThrow(TypeError)
    expect(() => replayJourney([], { rules: rules as FiveRule[] })).toThrow(message)
    expect(await reported({ rules: rules as FiveRule[] })).toMatch(message)
  })

  test('the good rules beside a bad one still apply, and tracking goes on', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const seen: string[] = []
    const t = createTracker({
      endpoint: 'https://c.example/e',
      transport: () => true,
      onEvent: (e) => seen.push(e.rule),
      rules: [
        { id: 'typo', phase: 'considerashun' as never, when: {} },
        { id: 'good', phase: 'consideration', when: { event: 'size_chart' } },
      ],
    })
    t.track('size_chart')
    await t.flush()
    expect(seen).toEqual(['awareness', 'good'])
    await t.shutdown()
  })

  test('a reached phase must be one of the model', () => {
    expect(() => compileRules(sixStage, [{ id: 'r', phase: 'use', when: { reached: 'advocacy' as 'use' } }])).toThrow(/"reached" names no phase/)
  })

  test('the model itself is checked, and a bad one gives way to fivePhase', async () => {
    expect(() => replayJourney([], { model: { id: 'x' } as never })).toThrow(/"model" must be a model/)
    expect(await reported({ model: { id: 'x' } as never })).toMatch(/"model" must be a model.*; using fivePhase/)
    expect(await reported({ model: 'sixstage' as never })).toMatch(/"model" names no model: "sixstage" \(one of fivePhase, sixStage, threeStage\)/)
  })

  test('a phase id the model lacks is a compile error too', async () => {
    // @ts-expect-error: 'evaluate' is a sixStage phase, not a fivePhase one
    const rules: Rule<'awareness' | 'consideration' | 'conversion' | 'retention' | 'advocacy'>[] = [{ id: 'x', phase: 'evaluate', when: {} }]
    expect(rules.length).toBe(1)
    // @ts-expect-error: with the six-stage model, 'advocacy' is no phase
    const six: TrackerOptions<typeof sixStage> = { model: sixStage, rules: [{ id: 'y', phase: 'advocacy', when: {} }] }
    expect(await reported(six)).toMatch(/rule "y"/)
    // @ts-expect-error: without a model, the phases are fivePhase's
    const five: TrackerOptions<typeof fivePhase> = { rules: [{ id: 'z', phase: 'evaluate', when: {} }] }
    expect(await reported(five)).toMatch(/rule "z"/)
    expect(() =>
      // @ts-expect-error: replayJourney checks the same way
      replayJourney([], { model: sixStage, rules: [{ id: 'w', phase: 'awareness', when: {} }] }),
    ).toThrow(TypeError)
  })

  test('the shipped models compile', () => {
    for (const m of [fivePhase, sixStage]) expect(compileRules(m).rules.length).toBe(m.rules.length)
  })
})
