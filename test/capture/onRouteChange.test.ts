import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { onRouteChange, ROUTE_SETTLE_MS } from '../../src/capture/onRouteChange.js'

let stop: () => void
let calls: string[]
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  history.replaceState(null, '', '/start')
  calls = []
})
afterEach(() => {
  stop?.()
  vi.useRealTimers()
})
const listen = (hash = false) => (stop = onRouteChange((from) => calls.push(new URL(from).pathname + new URL(from).hash + ' → ' + location.pathname + location.hash), hash))

test('one call per route change, with the route it came from', () => {
  listen()
  history.pushState({}, '', '/products')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  history.pushState({}, '', '/products/1')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual(['/start → /products', '/products → /products/1'])
})

test('a replaceState of the same URL followed by a pushState counts once, as routers do', () => {
  listen()
  history.replaceState({ scroll: 120 }, '', location.href)
  history.pushState({}, '', '/cart')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  history.replaceState({ scroll: 0 }, '', location.href)
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual(['/start → /cart'])
})

test('a redirect within the settling time counts only where it ends', () => {
  listen()
  history.pushState({}, '', '/old')
  history.replaceState({}, '', '/new')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual(['/start → /new'])
})

test('back and forward count (popstate)', () => {
  listen()
  history.pushState({}, '', '/a')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  history.replaceState({}, '', '/start')
  dispatchEvent(new PopStateEvent('popstate'))
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual(['/start → /a', '/a → /start'])
})

test('a change of the hash alone counts only for hash routers', () => {
  listen()
  location.hash = '#reviews'
  dispatchEvent(new HashChangeEvent('hashchange'))
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual([])
  stop()
  listen(true)
  history.pushState({}, '', '/start#/cart')
  vi.advanceTimersByTime(ROUTE_SETTLE_MS)
  expect(calls).toEqual(['/start#reviews → /start#/cart'])
})

test('a change still settling when the page is hidden is recorded at once', () => {
  listen()
  history.pushState({}, '', '/leaving')
  dispatchEvent(new Event('pagehide'))
  expect(calls).toEqual(['/start → /leaving'])
})

test('a page restored from the back/forward cache counts as a page view', () => {
  listen()
  // happy-dom's PageTransitionEvent ignores `persisted`; the browser test covers the real one.
  const pageshow = (persisted: boolean) => Object.assign(new Event('pageshow'), { persisted })
  dispatchEvent(pageshow(true))
  dispatchEvent(pageshow(false))
  expect(calls.length).toBe(1)
})

test('puts history back as it was when stopped', () => {
  const { pushState } = history
  listen()
  expect(history.pushState).not.toBe(pushState)
  stop()
  expect(history.pushState).toBe(pushState)
})
