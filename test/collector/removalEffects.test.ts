// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { removalEffects } from '../../examples/collector/removalEffects.mjs'

describe('removalEffects', () => {
  test('gives each channel its removal effect, normalised, on a chain worked out by hand', () => {
    // start → A 2/3, B 1/3; A → purchase 1/2, B 1/2; B → purchase 1/2, none 1/2.
    // P(purchase) = 2/3 · (1/2 + 1/2 · 1/2) + 1/3 · 1/2 = 2/3.
    // Without A: 1/3 · 1/2 = 1/6, effect 1 − (1/6)/(2/3) = 3/4. Without B: 2/3 · 1/2 = 1/3, effect 1/2.
    const { conversionRate, removalEffects: effects, credit } = removalEffects([
      { channels: ['A'], converted: true },
      { channels: ['A', 'B'], converted: true },
      { channels: ['B'], converted: false },
    ])
    expect(conversionRate).toBeCloseTo(2 / 3, 12)
    expect(effects.A).toBeCloseTo(3 / 4, 12)
    expect(effects.B).toBeCloseTo(1 / 2, 12)
    expect(credit!.A).toBeCloseTo(0.6, 12)
    expect(credit!.B).toBeCloseTo(0.4, 12)
  })

  test('counts journeys given with a count as that many alike journeys', () => {
    const once = removalEffects([
      { channels: ['A'], converted: true },
      { channels: ['A'], converted: true },
      { channels: ['A', 'B'], converted: true },
      { channels: ['B'], converted: false },
      { channels: ['B'], converted: false },
    ])
    const counted = removalEffects([
      { channels: ['A'], converted: true, count: 2 },
      { channels: ['A', 'B'], converted: true },
      { channels: ['B'], converted: false, count: 2 },
    ])
    expect(counted.credit).toEqual(once.credit)
  })

  test('gives no credit to a channel that only ever ends journeys without a purchase', () => {
    // start → A 1/2, C 1/2; A → purchase; C → none. Without C nothing is lost.
    const { removalEffects: effects, credit } = removalEffects([
      { channels: ['A'], converted: true },
      { channels: ['C'], converted: false },
    ])
    expect(effects).toEqual({ A: 1, C: 0 })
    expect(credit).toEqual({ A: 1, C: 0 })
  })

  test('handles a channel that follows itself, and a loop between channels', () => {
    // A → A 1/3, A → purchase 1/3, A → none 1/3: P(purchase from A) = 1/2 whatever the loop.
    const self = removalEffects([
      { channels: ['A', 'A'], converted: true },
      { channels: ['A'], converted: false },
    ])
    expect(self.conversionRate).toBeCloseTo(1 / 2, 12)
    expect(self.credit).toEqual({ A: 1 })
    // start → A; A → B 2/3, purchase 1/3; B → A 1/2, none 1/2.
    // x_A = 1/3 + 2/3 x_B, x_B = 1/2 x_A → x_A = 1/2. Without B: 1/3 (effect 1/3); without A: 0 (effect 1).
    const loop = removalEffects([
      { channels: ['A', 'B', 'A'], converted: true },
      { channels: ['A', 'B'], converted: false },
    ])
    expect(loop.conversionRate).toBeCloseTo(1 / 2, 12)
    expect(loop.removalEffects.A).toBeCloseTo(1, 12)
    expect(loop.removalEffects.B).toBeCloseTo(1 / 3, 12)
    expect(loop.credit!.A).toBeCloseTo(0.75, 12)
  })

  test('gives no credit without a journey that converted, and ignores empty journeys', () => {
    expect(removalEffects([{ channels: ['A'], converted: false }]).credit).toBeNull()
    expect(removalEffects([]).credit).toBeNull()
    expect(removalEffects([{ channels: [], converted: true }, { channels: ['A'], converted: true }]).credit).toEqual({ A: 1 })
  })
})
