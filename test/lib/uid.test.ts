import { expect, test, vi } from 'vitest'
import { uid } from '../../src/lib/uid.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('makes distinct v4 ids', () => {
  const ids = new Set(Array.from({ length: 1000 }, uid))
  expect(ids.size).toBe(1000)
  for (const id of ids) expect(id).toMatch(V4)
})

test('makes v4 ids without crypto.randomUUID, as on a page served over plain http', () => {
  const real = globalThis.crypto
  vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) })
  const ids = Array.from({ length: 100 }, uid)
  vi.unstubAllGlobals()
  expect(new Set(ids).size).toBe(100)
  for (const id of ids) expect(id).toMatch(V4)
})
