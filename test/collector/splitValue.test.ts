// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { splitValue } from '../../examples/collector/splitValue.mjs'
import { minorDigits } from '../../examples/collector/minorDigits.mjs'

const total = (parts: Record<string, number> | null) => Object.values(parts!).reduce((n, p) => n + p, 0)

describe('splitValue', () => {
  test('splits in whole minor units that add up to the amount', () => {
    expect(splitValue(12900, { direct: 0.5, 'paid-search': 0.5 })).toEqual({ direct: 6450, 'paid-search': 6450 })
    expect(splitValue(100, { a: 1 / 3, b: 1 / 3, c: 1 / 3 })).toEqual({ a: 34, b: 33, c: 33 })
  })

  test('gives what shares rounded to four decimals leave over to the largest share', () => {
    // Linear over three channels as events carry it: 0.3333 each, 0.9999 in all.
    const parts = splitValue(18900, { a: 0.3333, b: 0.3333, c: 0.3333 })
    expect(total(parts)).toBe(18900)
    expect(parts).toEqual({ a: 6300, b: 6300, c: 6300 })
    // Time decay that adds up to 1.0001, on an amount that does not divide evenly.
    const decay = splitValue(9999, { a: 0.1667, b: 0.3334, c: 0.5 })
    expect(total(decay)).toBe(9999)
    expect(decay).toEqual({ a: 1667, b: 3333, c: 4999 })
  })

  test('adds up for any amount and any shares', () => {
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 500; i++) {
      const minor = Math.floor(random() * 1e6)
      const shares = Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 6) }, (_, k) => [`c${k}`, Math.round(random() * 1e4) / 1e4 + 1e-4]))
      expect(total(splitValue(minor, shares))).toBe(minor)
    }
  })

  test('leaves out shares that are not above zero, and returns null when none is', () => {
    expect(splitValue(1000, { a: 0, b: -1, c: Number.NaN, d: 1 })).toEqual({ d: 1000 })
    expect(splitValue(1000, { a: 0 })).toBeNull()
    expect(splitValue(1000, {})).toBeNull()
  })
})

describe('minorDigits', () => {
  test("knows each currency's minor unit, and takes 2 for a code it does not know", () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('XX1')]).toEqual([2, 0, 3, 2])
  })
})
