// Calls that wait for knowledge: kept in order and on the device, sent unclassified when the page
// goes away first, classified by the collector with classifyPending as the tracker would, and
// classified by a later page under the same ids.
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { Batch, UnclassifiedEvent, WireEvent } from '../src/types.js'

// The arrival knowledge arrives only when the test says so, or fails.
let release: (() => void) | undefined
let fail: ((e: Error) => void) | undefined
vi.mock('../src/lazy.js', async (original) => {
  const real = await original<typeof import('../src/lazy.js')>()
  return {
    ...real,
    load: (name: string) =>
      name == 'arrival'
        ? new Promise((resolve, reject) => {
            release = () => real.load('arrival').then(resolve)
            fail = reject
          })
        : real.load(name as never),
  }
})
const { createTracker } = await import('../src/createTracker.js')
const { classifyPending } = await import('../src/classifyPending.js')

const LANDING = '/p/trail-shoe?utm_source=newsletter&utm_medium=email&utm_campaign=spring'
let beacons: Batch[]
let posted: Batch[]

beforeEach(() => {
  beacons = []
  posted = []
  release = fail = undefined
  history.replaceState(null, '', LANDING)
  Object.defineProperty(document, 'referrer', { value: 'https://mail.example/', configurable: true })
  vi.stubGlobal('navigator', { ...navigator, sendBeacon: (_: string, body: string) => (beacons.push(JSON.parse(body)), true) })
  vi.stubGlobal('fetch', vi.fn(async (_: string, init: RequestInit) => (posted.push(JSON.parse(init.body as string)), new Response('{}'))))
})
afterEach(() => {
  history.replaceState(null, '', '/')
  Object.defineProperty(document, 'referrer', { value: '', configurable: true })
})

// On the page's own origin, so that the page hide uses the beacon.
const start = () => createTracker({ endpoint: location.origin + '/collect', flushInterval: 60000 })
const settle = () => new Promise((r) => setTimeout(r, 20))

test('a page that goes away before its knowledge arrived sends its calls unclassified, which classifyPending classifies', async () => {
  const t = start()
  t.track('add_to_cart', { sku: 'S1' })
  await settle()
  dispatchEvent(new Event('pagehide'))
  const sent = beacons.flatMap((b) => b.batch) as unknown as UnclassifiedEvent[]
  expect(sent.map((e) => [e.kind, e.name, e.unclassified.seq])).toEqual([
    ['page', undefined, 0],
    ['custom', 'add_to_cart', 1],
  ])
  expect(sent[0].unclassified.run).toBe(sent[0].id)
  expect(sent[1].props).toEqual({ sku: 'S1' })

  // The collector's side: classified as the tracker classifies them once the knowledge is there.
  const byCollector = classifyPending(sent)
  release!()
  await t.flush()
  const byTracker = posted.flatMap((b) => b.batch) as WireEvent[]
  expect(byCollector.map((e) => e.id)).toEqual(sent.map((e) => e.id))
  expect(byTracker.map((e) => e.id)).toEqual(sent.map((e) => e.id))
  const strip = (e: WireEvent) => ({ ...e, url: undefined })
  expect(byCollector.map(strip)).toEqual(byTracker.map(strip))
  expect(byCollector.map((e) => [e.kind, e.channel, e.phase, e.campaign])).toEqual([
    ['page', 'email', 'awareness', 'spring'],
    ['custom', 'email', 'consideration', 'spring'],
  ])
  await t.shutdown()
})

test('the next page classifies what the previous one kept waiting, first and under the same ids', async () => {
  const first = start()
  first.track('add_to_cart')
  await settle()
  // The tab closes; the next page is an internal one, which needs no knowledge.
  dispatchEvent(new Event('pagehide'))
  const ids = (beacons.flatMap((b) => b.batch) as WireEvent[]).map((e) => e.id)
  expect(ids.length).toBe(2)
  await first.shutdown()
  expect(posted).toEqual([])
  history.replaceState(null, '', '/cart')
  Object.defineProperty(document, 'referrer', { value: location.origin + LANDING, configurable: true })
  const asked = release
  const next = start()
  const flushed = next.flush()
  // It reads what the previous page kept, and asks for the knowledge the first of it needs.
  await vi.waitFor(() => expect(release).not.toBe(asked))
  release!()
  await flushed
  const events = posted.flatMap((b) => b.batch) as WireEvent[]
  expect(events.map((e) => e.id).slice(0, 2)).toEqual(ids)
  expect(events.map((e) => [e.kind, e.name ?? '', e.channel])).toEqual([
    ['page', '', 'email'],
    ['custom', 'add_to_cart', 'email'],
    ['page', '', 'email'],
  ])
  await next.shutdown()
})

test('knowledge that fails to load sends its calls unclassified, and tracking goes on', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const t = start()
  t.track('after_landing')
  await settle()
  fail!(new Error('blocked'))
  await t.flush()
  const events = posted.flatMap((b) => b.batch) as (WireEvent & Partial<UnclassifiedEvent>)[]
  expect(events.map((e) => [e.kind, !!e.unclassified])).toEqual([
    ['page', true],
    ['custom', false],
  ])
  expect(classifyPending(events.filter((e) => e.unclassified) as UnclassifiedEvent[])[0]).toMatchObject({ kind: 'page', channel: 'email' })
  await t.shutdown()
  warn.mockRestore()
})
