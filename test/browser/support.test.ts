// The browser support matrix of the README, checked against what each engine really has: the
// engine's version, and the APIs waymark uses where they exist and falls back from where not.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Engine } from './driver.js'
import { ENGINES, launch } from './engines.js'
import { startFixtures } from './harness.js'

let fixtures: Awaited<ReturnType<typeof startFixtures>>
beforeAll(async () => {
  fixtures = await startFixtures('http://127.0.0.1:1')
})
afterAll(() => fixtures?.close())

const readme = readFileSync('README.md', 'utf8')
// `| Chromium 156 | yes | yes | … |` → the cells of the engine's row.
const row = (label: string) => readme.split('\n').find((l) => l.startsWith(`| ${label} `))?.split('|').slice(2, -1).map((c) => c.trim())
const LABELS: Record<string, string> = { chromium: 'Chromium', firefox: 'Firefox ESR', webkit: 'WebKitGTK' }

describe.each(ENGINES)('%s', (name) => {
  let engine: Engine
  beforeAll(async () => {
    engine = await launch(name)
  })
  afterAll(() => engine?.close())

  test('the README’s support matrix says what the engine has', async () => {
    const tab = await engine.newTab()
    await tab.goto(fixtures.url + '/tag-twice.html')
    const has = await tab.evaluate(() => {
      const types = (PerformanceObserver.supportedEntryTypes || []) as string[]
      return {
        locks: !!navigator.locks,
        compression: typeof CompressionStream == 'function',
        beacon: typeof navigator.sendBeacon == 'function',
        navigation: 'navigation' in window,
        broadcast: typeof BroadcastChannel == 'function',
        lcp: types.includes('largest-contentful-paint'),
        inp: types.includes('event'),
      }
    })
    const yes = (b: boolean) => (b ? 'yes' : 'no')
    const measured = [yes(has.locks), yes(has.compression), yes(has.beacon), yes(has.navigation), yes(has.broadcast), [has.lcp && 'LCP', has.inp && 'INP', 'CLS, TTFB, FCP'].filter(Boolean).join(', ')]
    const major = engine.version.split('.')[0]
    console.log(`[${name}] ${LABELS[name]} ${engine.version}: ${measured.join(' | ')}`)
    const cells = row(`${LABELS[name]} ${name == 'webkit' ? engine.version.split('.').slice(0, 2).join('.') : major}`)
    expect(cells, `README support matrix row for ${LABELS[name]} ${engine.version}`).toBeTruthy()
    expect(cells!.slice(0, measured.length)).toEqual(measured)
    await tab.close()
  })
})
