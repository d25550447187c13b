import { describe, expect, test } from 'vitest'
import { MAX_PROPS_BYTES, toJson as serialise } from '../../src/lib/toJson.js'
import { words } from '../../src/parts/debug.js'

// The reason, in the words debug mode prints.
const toJson = (props: unknown) => {
  const r = serialise(props)
  return r[1] == null ? r : [r[0], words(r[1])]
}

describe('toJson', () => {
  test('serialises plain props unchanged', () => {
    expect(toJson({ plan: 'pro', n: 2, nested: { ok: true } })).toEqual(['{"plan":"pro","n":2,"nested":{"ok":true}}', undefined])
  })

  test('treats no props as none', () => {
    expect(toJson(undefined)).toEqual([''])
    expect(toJson(null)).toEqual([''])
  })

  test('replaces cycles, BigInts and throwing getters instead of throwing', () => {
    const o: Record<string, unknown> = { big: 10n, fn: () => 1 }
    o.self = o
    Object.defineProperty(o, 'bad', { enumerable: true, get: () => { throw new Error('no') } })
    const [json, problem] = toJson(o)
    expect(JSON.parse(json)).toEqual({ big: '10', self: '[Circular]', bad: '[Unreadable]' })
    expect(problem).toMatch(/replaced/)
  })

  test('drops props that are not an object, and oversize props, with a reason', () => {
    expect(toJson('text')).toEqual(['', expect.stringMatching(/plain object/)])
    expect(toJson([1, 2])).toEqual(['', expect.stringMatching(/plain object/)])
    expect(toJson({ blob: 'x'.repeat(MAX_PROPS_BYTES) })).toEqual(['', expect.stringMatching(/over/)])
  })

  test('survives a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(toJson(proxy)).toEqual(['', expect.stringMatching(/unreadable/)])
  })
})
