import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { consentMode, tcfConsent } from '../src/capture/consent.js'
import { createTracker } from '../src/createTracker.js'
import type { Batch } from '../src/types.js'

let batches: Batch[]
beforeEach(() => {
  batches = []
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    batches.push(JSON.parse(init.body as string))
    return new Response('{}')
  }))
  localStorage.clear()
})
afterEach(() => {
  delete (navigator as any).globalPrivacyControl
  delete (window as any).__tcfapi
  delete (window as any).dataLayer
})
const events = () => batches.flatMap((b) => b.batch)
const databases = async () => (await indexedDB.databases()).map((d) => d.name)
const settle = () => new Promise((r) => setTimeout(r, 30))

describe('consent', () => {
  test('while pending, nothing is written to the device and nothing is sent; a grant sends what was held', async () => {
    const open = vi.spyOn(indexedDB, 'open')
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending' })
    t.track('held', { n: 1 })
    await settle()
    expect(await t.flush()).toEqual({ sent: 0, ok: true })
    expect(open).not.toHaveBeenCalled()
    expect(await databases()).toEqual([])
    expect(fetch).not.toHaveBeenCalled()
    t.setConsent('granted')
    await t.flush()
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'held'])
    expect(await databases()).toEqual(['waymark'])
  })

  test('a denial discards what was held and deletes what is stored', async () => {
    const stored = createTracker({ endpoint: 'https://c.example/e', flushInterval: 60000 })
    stored.track('from-an-earlier-page')
    await settle()
    await stored.shutdown()
    const calls = (fetch as any).mock.calls.length
    expect(await databases()).toEqual(['waymark'])
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending' })
    t.track('held')
    t.setConsent('denied')
    await settle()
    t.track('after')
    await t.flush()
    expect((fetch as any).mock.calls.length).toBe(calls)
    expect(await databases()).toEqual([])
  })

  test('Global Privacy Control denies by default, and can be let through', async () => {
    ;(navigator as any).globalPrivacyControl = true
    const t = createTracker({ endpoint: 'https://c.example/e' })
    t.track('x')
    t.setConsent('granted')
    await t.flush()
    expect(events()).toEqual([])
    expect(await databases()).toEqual([])
    // Another page, whose tracker lets the signal through.
    await t.shutdown()
    const allowed = createTracker({ endpoint: 'https://c.example/e', privacySignals: false })
    await allowed.flush()
    expect(events().length).toBe(1)
  })

  test('an opt-out stops tracking, deletes what is stored, and is remembered', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    await t.flush()
    t.optOut()
    t.track('after')
    await settle()
    expect(await databases()).toEqual([])
    const next = createTracker({ endpoint: 'https://c.example/e' })
    next.track('next-page')
    await next.flush()
    expect(events().map((e) => e.kind)).toEqual(['page'])
    // Consent given again lifts the opt-out.
    next.setConsent('granted')
    next.track('again')
    await next.flush()
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'again'])
  })

  test('reset() starts a new visitor', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    await t.flush()
    const before = (await t.journey())!.anonymousId
    t.reset()
    t.track('as-new')
    await t.flush()
    expect(events()[1].anonymousId).not.toBe(before)
    expect(events()[1].journey.session).toBe(1)
  })

  test('takes consent from an IAB TCF v2 platform', async () => {
    let listener: (tc: any, ok: boolean) => void = () => {}
    ;(window as any).__tcfapi = (cmd: string, _v: number, cb: any) => cmd == 'addEventListener' && (listener = cb)
    let registered = false
    ;(window as any).__tcfapi = (cmd: string, _v: number, cb: any) => cmd == 'addEventListener' && ((listener = cb), (registered = true))
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending', plugins: [tcfConsent()] })
    // The TCF reader loads on its own.
    await vi.waitFor(() => expect(registered).toBe(true))
    listener({ eventStatus: 'cmpuishown', gdprApplies: true, purpose: { consents: {} }, listenerId: 1 }, true)
    expect(await t.flush()).toEqual({ sent: 0, ok: true })
    listener({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: true, 8: true } }, listenerId: 1 }, true)
    await t.flush()
    expect(events().length).toBe(1)
  })

  test('a TCF choice without the measurement purposes is a denial', async () => {
    ;(window as any).__tcfapi = (cmd: string, _v: number, cb: any) =>
      cmd == 'addEventListener' && cb({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: true } }, listenerId: 2 }, true)
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending', plugins: [tcfConsent()] })
    await t.flush()
    expect(events()).toEqual([])
  })

  test('takes consent from Google Consent Mode’s analytics_storage', async () => {
    const w = window as any
    w.dataLayer = []
    const gtag = function (..._: unknown[]) {
      w.dataLayer.push(arguments)
    }
    gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied' })
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending', plugins: [consentMode()] })
    t.track('before-choice')
    gtag('consent', 'update', { analytics_storage: 'granted' })
    t.track('after-choice')
    await vi.waitFor(async () => {
      await t.flush()
      expect(events().length).toBe(3)
    })
    // The default (denied) is the state before the choice, so what was captured waited in memory;
    // the update granted it.
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'before-choice', 'after-choice'])
  })

  test('a Google Consent Mode update to denied discards what waited and deletes what is stored', async () => {
    const w = window as any
    w.dataLayer = []
    const gtag = function (..._: unknown[]) {
      w.dataLayer.push(arguments)
    }
    gtag('consent', 'default', { analytics_storage: 'denied' })
    const t = createTracker({ endpoint: 'https://c.example/e', consent: 'pending', plugins: [consentMode()] })
    t.track('before-choice')
    // The Consent Mode reader loads on its own; then the visitor chooses.
    await vi.waitFor(() => expect(w.dataLayer.push).not.toBe(Array.prototype.push))
    gtag('consent', 'update', { analytics_storage: 'denied' })
    gtag('consent', 'update', { analytics_storage: 'granted' })
    t.track('after-choice')
    await vi.waitFor(async () => {
      await t.flush()
      expect(events().length).toBe(1)
    })
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['after-choice'])
  })
})

describe('privacy', () => {
  test('scrubs personal data from the URL, referrer and title before storing', async () => {
    history.replaceState(null, '', '/account/reset?token=s3cr3t&email=walker%40example.org&utm_source=mail')
    document.title = 'Reset password for walker@example.org'
    const t = createTracker({ endpoint: 'https://c.example/e' })
    await t.flush()
    const [e] = events()
    expect(e.url).toBe(location.origin + '/account/reset?token=redacted&email=redacted&utm_source=mail')
    expect(e.title).toBe('Reset password for redacted')
    expect(JSON.stringify(batches)).not.toMatch(/s3cr3t|walker/)
    history.replaceState(null, '', '/')
  })

  test('uses no cookies', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    t.track('x')
    await t.flush()
    expect(document.cookie).toBe('')
  })
})
