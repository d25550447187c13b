// Every HTML snippet of the README, served as a page and loaded in a real browser: the events it
// promises reach the collector.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startCollector } from '../../examples/collector/server.mjs'
import { readmeSnippets } from '../readmeSnippets.js'
import { launchChromium, waitFor, type Engine } from './driver.js'
import { startFixtures, type Collector } from './harness.js'

const html = readmeSnippets().filter((s) => s.lang == 'html')
const sri = 'sha384-' + createHash('sha384').update(readFileSync('dist/waymark.global.js')).digest('base64')

let engine: Engine
let collector: Collector
let fixtures: Awaited<ReturnType<typeof startFixtures>>

const page = (snippet: string, hash = sri) => {
  const body = snippet
    .replace(/https:\/\/cdn\.example\/waymark(@[\d.]+)?\/dist\/waymark\.global\.js|\/waymark\.global\.js/g, '/dist/waymark.global.js')
    .replaceAll('https://collector.example/e', collector.url + '/e')
    .replace('sha384-HASH-OF-THAT-FILE', hash)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README snippet</title>${body}</head><body><h1>README snippet</h1></body></html>`
}
// The CSP snippet runs under the policy it is about.
const csp = () => `default-src 'none'; script-src 'self' 'nonce-r4nd0m'; connect-src ${collector.url}; require-trusted-types-for 'script'`

beforeAll(async () => {
  collector = await startCollector()
  const pages: Record<string, { html: string; headers?: Record<string, string> }> = {}
  html.forEach((s, i) => {
    pages[`/snippet-${s.line}`] = { html: page(s.body), headers: s.body.includes('nonce=') ? { 'content-security-policy': csp() } : {} }
  })
  const sriSnippet = html.find((s) => s.body.includes('integrity='))!
  pages['/snippet-wrong-hash'] = { html: page(sriSnippet.body, 'sha384-' + 'A'.repeat(64)) }
  fixtures = await startFixtures(collector.url, {}, pages)
  engine = await launchChromium()
})
afterAll(async () => {
  await engine?.close()
  await fixtures?.close()
  await collector?.close()
})

test.each(html.map((s) => [s.line, s] as const))('README line %i', async (line) => {
  const tab = await engine.newTab()
  const url = `${fixtures.url}/snippet-${line}`
  await tab.goto(url)
  await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to start')
  // Stands in for a consent banner or Consent Mode where the snippet waits for one.
  await tab.evaluate(() => ((window as any).dataLayer ||= []).push(['consent', 'update', { analytics_storage: 'granted' }]))
  await tab.evaluate(() => (window as any).waymark('flush'))
  const rows = await collector.store.query('select kind, name from events where url = $1 order by time', [url])
  expect(rows.length).toBeGreaterThan(0)
  expect(rows[0].kind).toBe('page')
  expect((await tab.logs()).filter((l) => /error|refused|violat/i.test(l))).toEqual([])
  await tab.close()
})

test('a file that does not match its integrity hash is not run', async () => {
  const tab = await engine.newTab()
  await tab.goto(`${fixtures.url}/snippet-wrong-hash`)
  await new Promise((r) => setTimeout(r, 500))
  expect(await tab.evaluate(() => !!(window as any).waymark?.tracker)).toBe(false)
  expect((await tab.logs()).some((l) => /integrity/i.test(l))).toBe(true)
  await tab.close()
})
