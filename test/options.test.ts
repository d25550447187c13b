import { describe, expect, test } from 'vitest'
import { resolveOptions } from '../src/options.js'

describe('resolveOptions', () => {
  test('fills in defaults and resolves a relative endpoint against the page', () => {
    const c = resolveOptions({ endpoint: '/collect' })
    expect(c.endpoint).toBe(new URL('/collect', location.href).href)
    expect(c).toMatchObject({ storage: 'indexeddb', flushInterval: 3000, batchSize: 250, debug: false, pageViews: true, navigation: true, hash: false })
    expect(c.custom).toBe(false)
  })

  test('does not change the caller’s object', () => {
    const o = Object.freeze({ endpoint: 'https://c.example/e' })
    expect(() => resolveOptions(o)).not.toThrow()
  })

  test.each([
    [{ endpoint: 'ftp://c.example/e' }, 'endpoint'],
    [{ endpoint: 42 }, 'endpoint'],
    [{}, 'endpoint'],
    [{ endpoint: '' }, 'endpoint'],
    [{ endpoint: '/e', storage: 'localStorage' }, 'storage'],
    [{ endpoint: '/e', flushInterval: -1 }, 'flushInterval'],
    [{ endpoint: '/e', flushInterval: '5s' }, 'flushInterval'],
    [{ endpoint: '/e', batchSize: 0 }, 'batchSize'],
    [{ endpoint: '/e', batchSize: Infinity }, 'batchSize'],
    [{ endpoint: '/e', debug: 'yes' }, 'debug'],
    [{ endpoint: '/e', name: '' }, 'name'],
  ])('rejects %j with a TypeError naming "%s"', (options, name) => {
    expect(() => resolveOptions(options as never)).toThrow(TypeError)
    expect(() => resolveOptions(options as never)).toThrow(`"${name}"`)
  })

  test('rejects a missing options object', () => {
    expect(() => resolveOptions(undefined as never)).toThrow(/"options" must be an object/)
  })
})
