import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Batch } from '../src/types.js'

let batches: Batch[]

beforeEach(() => {
  vi.resetModules()
  batches = []
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    batches.push(JSON.parse(init.body as string))
    return new Response('{}')
  }))
  document.head.innerHTML = ''
  delete (window as any).waymark
})

const tag = (attrs: Record<string, string>) => {
  const s = document.createElement('script')
  s.setAttribute('src', 'https://cdn.example/waymark.global.js')
  // Keeps happy-dom from trying to fetch it; the test imports the module instead.
  s.setAttribute('type', 'text/x-test')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  document.head.append(s)
}

// The one-line stub from the README, as a shop pastes it.
const stub = () => {
  const w = window as any
  w.waymark = w.waymark || function () {
    ;(w.waymark.q = w.waymark.q || []).push(arguments)
  }
}

const events = () => batches.flatMap((b) => b.batch)

test('starts a tracker from data attributes and replays queued calls in order', async () => {
  stub()
  const w = window as any
  w.waymark('track', 'newsletter_signup', { placement: 'footer' })
  w.waymark('track', 'second')
  tag({ 'data-endpoint': 'https://c.example/e', 'data-flush-interval': '60000' })
  await import('../src/global.js')
  await w.waymark('flush')
  expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'newsletter_signup', 'second'])
  expect(events()[1].props).toEqual({ placement: 'footer' })
  expect(vi.mocked(fetch).mock.calls[0][0]).toBe('https://c.example/e')
})

test('keeps working through the same function after load', async () => {
  tag({ 'data-endpoint': 'https://c.example/e' })
  await import('../src/global.js')
  const w = window as any
  w.waymark('track', 'after_load', { ok: true })
  w.waymark('page')
  await w.waymark('flush')
  expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'after_load', 'page'])
})

test('a second copy of the script does nothing', async () => {
  tag({ 'data-endpoint': 'https://c.example/e' })
  await import('../src/global.js')
  const first = (window as any).waymark
  vi.resetModules()
  await import('../src/global.js')
  expect((window as any).waymark).toBe(first)
  await first('flush')
  expect(events().filter((e) => e.kind == 'page').length).toBe(1)
})

test('a tag without an endpoint says plainly that tracking is off, and its stub stops keeping calls', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  stub()
  tag({})
  await expect(import('../src/global.js')).resolves.toBeTruthy()
  expect(String(error.mock.calls[0][0])).toBe('waymark: tracking is off: data-endpoint must be an http(s) URL, got undefined')
  const w = window as any
  expect(() => w.waymark('track', 'later')).not.toThrow()
  expect(w.waymark.q).toBeUndefined()
  error.mockRestore()
})

describe('a bad data- value never switches tracking off', () => {
  const warnings = () => vi.mocked(console.warn).mock.calls.map(([m]) => String(m))
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => vi.restoreAllMocks())

  test.each([
    [{ 'data-batch-size': 'abc' }, 'waymark: data-batch-size must be a number of at least 1, got "abc"; using the default, 250; tracking goes on'],
    [{ 'data-consent': 'yes' }, 'waymark: data-consent must be "granted", "pending" or "denied", got "yes"; using the default, "granted"; tracking goes on'],
    [{ 'data-flush-interval': '5s' }, 'waymark: data-flush-interval must be a number of at least 0, got "5s"; using the default, 3000; tracking goes on'],
    [{ 'data-rules': '[{"id": "x", phase: 1}]' }, /^waymark: data-rules is not valid JSON \(.+\); it is left out, tracking goes on$/],
    [{ 'data-model': 'sixstage' }, 'waymark: data-model names no model: "sixstage" (one of fivePhase, sixStage, threeStage); using fivePhase; tracking goes on'],
    [{ 'data-rules': '[{"id": "typo", "phase": "considerashun", "when": {}}]' }, /^waymark: rule "typo": phase "considerashun" is not a phase of model fivePhase .*; this rule is left out, the others apply; tracking goes on$/],
  ])('%j: said, in the words the shop owner wrote, and the page view still goes out', async (attrs, said) => {
    tag({ 'data-endpoint': 'https://c.example/e', ...attrs })
    await import('../src/global.js')
    await (window as any).waymark('flush')
    expect(events().map((e) => e.kind)).toEqual(['page'])
    expect(warnings()).toContainEqual(typeof said == 'string' ? said : expect.stringMatching(said))
  })

  test('"0", "false", "no" and "off" turn a flag off; an empty attribute, "1", "yes" and "on" turn it on', async () => {
    tag({ 'data-endpoint': 'https://c.example/e', 'data-debug': '0', 'data-privacy-signals': 'off' })
    await import('../src/global.js')
    await (window as any).waymark('flush')
    expect(warnings()).toEqual([])
    expect(events().length).toBe(1)
  })

  test('an option from init is named as such', async () => {
    stub()
    ;(window as any).waymark('init', { batchSize: -1 })
    tag({ 'data-endpoint': 'https://c.example/e' })
    await import('../src/global.js')
    expect(warnings()).toContainEqual('waymark: init option "batchSize" must be a number of at least 1, got -1; using the default, 250; tracking goes on')
  })

  test('in debug mode, an attribute waymark does not know is named, with the closest one it does', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    vi.spyOn(console, 'groupCollapsed').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    tag({ 'data-endpoint': 'https://c.example/e', 'data-debug': 'true', 'data-flush-intervall': '5000', 'data-colour': 'red' })
    await import('../src/global.js')
    await vi.waitFor(() => expect(warnings()).toContainEqual('waymark: data-flush-intervall is no option of waymark and is ignored; did you mean data-flush-interval?'))
    expect(warnings()).toContainEqual('waymark: data-colour is no option of waymark and is ignored')
  })
})

test('an unknown command is reported, not thrown', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  tag({ 'data-endpoint': 'https://c.example/e' })
  await import('../src/global.js')
  expect(() => (window as any).waymark('explode')).not.toThrow()
  expect(warn).toHaveBeenCalled()
  warn.mockRestore()
})
