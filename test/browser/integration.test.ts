// Consent, privacy signals and the script tag in a real browser: what is stored on the device is
// read from IndexedDB itself, what is sent from the collector.
import { expect, test } from 'vitest'
import { waitFor, type Tab } from './driver.js'
import { browserSuite, startFixtures, generatedIds, openTracker, storedOf, trackMany } from './harness.js'

const suite = browserSuite()

const newTab = suite.newTab
const databases = (tab: Tab) => tab.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms))

suite.perEngine(() => {
  test('consent pending, then granted: nothing stored or sent before the grant, everything after', async () => {
    const tab = await newTab()
    const name = suite.name('consent')
    await openTracker(tab, suite.fixtures.url, { name, consent: 'pending', flushInterval: 200 })
    await tab.evaluate(() => {
      for (let i = 0; i < 5; i++) (window as any).tracker.track('while_pending', { i })
    })
    await settle(600)
    expect(await databases(tab)).not.toContain(name)
    expect(await suite.collector.store.query("select count(*)::int as n from events where url like $1", [`%${name}%`])).toEqual([{ n: 0 }])
    await tab.evaluate(() => (window as any).tracker.setConsent('granted'))
    await waitFor(() => tab.evaluate(() => (window as any).__ids.length == 6), 'the held events to be classified')
    const ids = await generatedIds(tab)
    await waitFor(async () => (await storedOf(suite.collector, ids)) == 6, 'the held events at the collector')
    expect(await databases(tab)).toContain(name)
    console.log(`[${suite.engine.name}] consent pending → granted: 0 stored and 0 sent before, ${ids.length} sent after`)
  })

  test('consent pending, then denied: nothing stored or sent, and nothing left behind', async () => {
    const tab = await newTab()
    const name = suite.name('consent')
    // An earlier visit with consent left a journey and events on the device.
    await openTracker(tab, suite.fixtures.url, { name, flushInterval: 60000 })
    await trackMany(tab, 3)
    await tab.evaluate(() => (window as any).tracker.shutdown())
    expect(await databases(tab)).toContain(name)
    await openTracker(tab, suite.fixtures.url, { name, consent: 'pending', flushInterval: 200 })
    await tab.evaluate(() => (window as any).tracker.track('while_pending'))
    await tab.evaluate(() => (window as any).tracker.setConsent('denied'))
    await tab.evaluate(() => (window as any).tracker.track('after_denial'))
    await settle(600)
    expect(await databases(tab)).not.toContain(name)
    const ids = await generatedIds(tab)
    expect(ids).toEqual([])
    expect(await suite.collector.store.query("select count(*)::int as n from events where name in ('while_pending', 'after_denial') and url like $1", [`%${name}%`])).toEqual([{ n: 0 }])
  })

  test('the script tag takes consent from data-consent and the consent command', async () => {
    const tab = await newTab()
    await tab.goto(suite.fixtures.url + '/consent-tag.html')
    await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag')
    await tab.evaluate(() => (window as any).waymark('track', 'banner_seen'))
    await settle()
    expect(await databases(tab)).not.toContain('consent-tag')
    await tab.click('#accept')
    await tab.evaluate(() => (window as any).waymark('flush'))
    const rows = await suite.collector.store.query("select kind, name from events where url like '%consent-tag%' order by time")
    expect(rows.map((r: any) => r.name ?? r.kind)).toEqual(['page', 'banner_seen'])
  })

  test('Global Privacy Control: nothing is stored or sent', async () => {
    const tab = await newTab()
    const name = suite.name('gpc')
    await openTracker(tab, suite.fixtures.url, { name, flushInterval: 100 }, '&gpc')
    await tab.evaluate(() => {
      ;(window as any).tracker.track('with_gpc')
      ;(window as any).tracker.setConsent('granted')
      ;(window as any).tracker.track('still_gpc')
    })
    await settle(500)
    expect(await tab.evaluate(() => (navigator as any).globalPrivacyControl)).toBe(true)
    expect(await databases(tab)).not.toContain(name)
    expect(await suite.collector.store.query("select count(*)::int as n from events where name in ('with_gpc', 'still_gpc') or url like $1", [`%${name}%`])).toEqual([{ n: 0 }])
  })

  test('the script tag pasted twice (async and defer) runs once', async () => {
    const tab = await newTab()
    await tab.goto(suite.fixtures.url + '/tag-twice.html')
    await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag')
    await settle()
    const scripts = await tab.evaluate(() => document.querySelectorAll('script[src*="waymark"]').length)
    expect(scripts).toBe(2)
    await tab.evaluate(() => (window as any).waymark('flush'))
    const rows = await suite.collector.store.query("select kind, name from events where url like '%tag-twice%' order by time")
    expect(rows.map((r: any) => r.name ?? r.kind)).toEqual(['page', 'between_tags'])
  })

  test('a landing under a strict Content-Security-Policy and Trusted Types: no eval, no inline script but the nonced stub, the knowledge file through the "waymark" policy', async () => {
    const csp = [
      "default-src 'none'",
      "script-src 'self' 'nonce-r4nd0m'",
      `connect-src ${suite.collector.url}`,
      "base-uri 'none'",
      "object-src 'none'",
      "require-trusted-types-for 'script'",
      // A site that names its policies must allow waymark's (the README says so).
      'trusted-types waymark',
    ].join('; ')
    const strict = await startFixtures(suite.collector.url, { 'content-security-policy': csp })
    try {
      const tab = await newTab()
      await tab.goto(strict.url + '/csp.html?utm_source=newsletter&utm_medium=email')
      await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag under CSP')
      await tab.evaluate(() => (window as any).waymark('track', 'under_csp'))
      await tab.evaluate(() => (window as any).waymark('flush'))
      // Firefox asks for /favicon.ico on its own, which default-src 'none' refuses: not the SDK's doing.
      const violations = (await tab.evaluate(() => (window as any).__violations as string[])).filter((v) => !/^img-src .*\/favicon\.ico$/.test(v))
      expect(violations).toEqual([])
      const rows = await suite.collector.store.query("select kind, name, channel from events where url like $1 order by time", [strict.url + '/csp%'])
      expect(rows.map((r: any) => r.name ?? r.kind)).toEqual(['page', 'before_load', 'under_csp'])
      // Classified with the arrival knowledge, which loaded under the policy.
      expect(rows[0].channel).toBe('email')
      expect(await tab.evaluate(() => performance.getEntriesByType('resource').some((e) => /waymark\.arrival\./.test(e.name)))).toBe(true)
      console.log(`[${suite.engine.name}] strict CSP (${csp}): 0 violations`)
    } finally {
      await strict.close()
    }
  })
})
