import { expect, test, vi } from 'vitest'
import { parseRetryAfter, send, sendOnHide } from '../../src/transport/send.js'

test('POSTs the body as text/plain, which needs no CORS preflight, with cookies only to the page’s own origin', async () => {
  const fetch = vi.fn(async () => new Response('{}', { status: 200 }))
  vi.stubGlobal('fetch', fetch)
  expect(await send('https://c.example/e', '{"batch":[]}')).toEqual({ status: 200, retryAfterMs: undefined })
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
  expect(url).toBe('https://c.example/e')
  expect(init).toMatchObject({ method: 'POST', body: '{"batch":[]}', credentials: 'same-origin', keepalive: true })
  expect(init.headers).toEqual({ 'content-type': 'text/plain' })
})

test('reads Retry-After', async () => {
  vi.stubGlobal('fetch', async () => new Response('', { status: 429, headers: { 'retry-after': '7' } }))
  expect(await send('https://c.example/e', '{}')).toEqual({ status: 429, retryAfterMs: 7000 })
})

test('reports a network failure as status 0', async () => {
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch')
  })
  expect(await send('https://c.example/e', '{}')).toEqual({ status: 0 })
})

test('sends again without keepalive when the browser refuses keepalive (quota full)', async () => {
  const fetch = vi.fn(async (_: string, init: RequestInit) => {
    if (init.keepalive) throw new TypeError('keepalive quota exceeded')
    return new Response('', { status: 204 })
  })
  vi.stubGlobal('fetch', fetch)
  expect((await send('https://c.example/e', '{}')).status).toBe(204)
  expect(fetch).toHaveBeenCalledTimes(2)
})

test('sends large bodies without keepalive', async () => {
  const fetch = vi.fn(async () => new Response('', { status: 200 }))
  vi.stubGlobal('fetch', fetch)
  await send('https://c.example/e', 'x'.repeat(70000))
  expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].keepalive).toBe(false)
})

test('gzips the body when asked, and labels it', async () => {
  const fetch = vi.fn(async () => new Response('', { status: 200 }))
  vi.stubGlobal('fetch', fetch)
  await send('https://c.example/e', JSON.stringify({ batch: Array(100).fill({ kind: 'page' }) }), true)
  const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1]
  const bytes = new Uint8Array(init.body as ArrayBuffer)
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])
  expect(init.headers).toMatchObject({ 'content-encoding': 'gzip' })
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
  expect(JSON.parse(text).batch.length).toBe(100)
})

test('parses Retry-After as seconds or as an HTTP date', () => {
  expect(parseRetryAfter('120')).toBe(120000)
  expect(parseRetryAfter(new Date(Date.now() + 60000).toUTCString())).toBeGreaterThan(55000)
  expect(parseRetryAfter(new Date(Date.now() - 60000).toUTCString())).toBe(0)
  expect(parseRetryAfter('soon')).toBeUndefined()
  expect(parseRetryAfter(null)).toBeUndefined()
})

test('on hide, uses sendBeacon to the page’s own origin, and falls back to a keepalive fetch when the beacon is refused', () => {
  const sendBeacon = vi.fn(() => false)
  const fetch = vi.fn(async () => new Response(''))
  vi.stubGlobal('navigator', { sendBeacon })
  vi.stubGlobal('fetch', fetch)
  const own = location.origin + '/collect'
  expect(sendOnHide(own, '{}')).toBe(true)
  expect(sendBeacon).toHaveBeenCalledWith(own, '{}')
  expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1]).toMatchObject({ keepalive: true, credentials: 'same-origin' })
})

test('on hide, sends to another origin with a keepalive fetch, never a beacon, which would carry cookies', () => {
  const sendBeacon = vi.fn(() => true)
  const fetch = vi.fn(async () => new Response(''))
  vi.stubGlobal('navigator', { sendBeacon })
  vi.stubGlobal('fetch', fetch)
  expect(sendOnHide('https://c.example/e', '{}')).toBe(true)
  expect(sendBeacon).not.toHaveBeenCalled()
  expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1]).toMatchObject({ keepalive: true, credentials: 'same-origin' })
})
