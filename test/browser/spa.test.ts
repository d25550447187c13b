// The single-page example (examples/spa), built with Vite from the package, driven in a real browser.
import { build } from 'vite'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../examples/collector/server.mjs'
import { startSpa } from '../../examples/spa/server.mjs'
import { waitFor, type Engine } from './driver.js'
import { ENGINES, launch } from './engines.js'
import type { Collector } from './harness.js'

let engine: Engine
let collector: Collector
let spa: Awaited<ReturnType<typeof startSpa>>

beforeAll(async () => {
  await build({ configFile: path.resolve('examples/spa/vite.config.ts'), logLevel: 'warn' })
  collector = await startCollector()
  spa = await startSpa({ collectorUrl: collector.url })
})
afterAll(async () => {
  await spa?.close()
  await collector?.close()
})

describe.each(ENGINES)('%s', (name) => {
  beforeAll(async () => {
    // Each engine starts from an empty collector, so that its counts are its own.
    await collector.reset()
    engine = await launch(name)
  })
  afterAll(async () => {
    await engine?.close()
  })

  test('a journey through the single-page app: one page view per route, the shop’s rules, one purchase', async () => {
    const tab = await engine.newTab()
    await tab.goto(spa.url + '/')
    const settle = () => new Promise((r) => setTimeout(r, 250))
    await tab.click('a[href="/products/summit-pack"]')
    await settle()
    await tab.click('[data-size]')
    await tab.click('[data-add]')
    await tab.click('a[href="/compare"]')
    await settle()
    await tab.click('nav a[href="/cart"]')
    await settle()
    await tab.click('a[href="/checkout"]')
    await settle()
    await tab.click('[data-order]')
    await settle()
    await tab.back()
    await settle()
    // The example flushes on its own (3 s after the first unsent event).
    const events = await waitFor(async () => {
      const e = (await collector.store.events()) as Record<string, any>[]
      return e.length >= 10 && e
    }, 'the journey at the collector').catch(async () => {
      console.log((await tab.logs()).join('\n'))
      return (await collector.store.events()) as Record<string, any>[]
    })
    const rows = events.map((e) => [e.kind == 'custom' ? e.name : e.kind, new URL(e.url).pathname, e.phase, e.rule])
    expect(rows).toEqual([
      ['page', '/', 'awareness', 'awareness'],
      ['page', '/products/summit-pack', 'awareness', 'awareness'],
      ['size_guide_opened', '/products/summit-pack', 'consideration', 'size-guide'],
      ['add_to_cart', '/products/summit-pack', 'consideration', 'consideration.evaluation'],
      ['page', '/compare', 'consideration', 'compare-page'],
      ['page', '/cart', 'consideration', 'consideration.continued'],
      ['checkout', '/checkout', 'conversion', 'conversion'],
      ['purchase', '/checkout', 'conversion', 'conversion'],
      ['page', '/checkout/thank-you', 'retention', 'retention'],
      ['checkout', '/checkout', 'conversion', 'conversion'],
    ])
    expect(events[1].title).toBe('Summit pack 40 L | Summit Gear')
    expect(events[7]).toMatchObject({ value: 149, currency: 'EUR', props: { items: 1 } })
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
  })
})
