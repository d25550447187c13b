import { beforeEach, expect, test, vi } from 'vitest'
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

test('a tag without an endpoint logs why and breaks nothing', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  tag({})
  await expect(import('../src/global.js')).resolves.toBeTruthy()
  expect(String(error.mock.calls[0][0])).toMatch(/"endpoint"/)
  error.mockRestore()
})

test('an unknown command is reported, not thrown', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  tag({ 'data-endpoint': 'https://c.example/e' })
  await import('../src/global.js')
  expect(() => (window as any).waymark('explode')).not.toThrow()
  expect(warn).toHaveBeenCalled()
  warn.mockRestore()
})
