// The README stays true: every code block in it is run by a test (shell blocks are CI's own
// commands), and the figures it states are the ones the build enforces.
import Ajv from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createElement, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { act } from 'react'
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest'
import schema from '../schema/batch.schema.json'
import { readmeSnippets } from './readmeSnippets.js'

const readme = readFileSync('README.md', 'utf8')
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const snippets = readmeSnippets()
const dir = path.resolve('test/.snippets')

test('every code block is run by a test, or is a command CI runs', () => {
  for (const s of snippets) expect(s.lang == 'sh' || /\btest\b/.test(s.info), `README line ${s.line}: a \`\`\`${s.lang} block without "test"`).toBe(true)
  // A js block is the custom pixel's line, which the Shopify browser test runs.
  expect(snippets.filter((s) => s.lang == 'js').map((s) => s.info)).toEqual(['test shopify-pixel'])
  expect(snippets.filter((s) => s.lang == 'html').length).toBeGreaterThan(3)
})

test('the shell commands are the package’s own, and CI runs the test command', () => {
  const commands = snippets.filter((s) => s.lang == 'sh').flatMap((s) => s.body.split('\n').flatMap((l) => l.replace(/#.*/, '').split('&&').map((c) => c.trim())).filter(Boolean))
  expect(commands).toEqual(['npm ci', 'npm start', 'npm test'])
  expect(pkg.scripts.start && pkg.scripts.test).toBeTruthy()
  expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m)
})

test('the README states the sizes Size Limit measures of this build, and the budgets it enforces', () => {
  // npm test builds before it tests; Size Limit exits non-zero over a budget but still reports.
  let out: string
  try {
    out = execFileSync('node_modules/.bin/size-limit', ['--json'], { encoding: 'utf8' })
  } catch (e) {
    out = (e as { stdout: string }).stdout
  }
  const sizes: { name: string; size: number }[] = JSON.parse(out)
  // As Size Limit prints them: kilobytes of 1,000 bytes, two decimals at most.
  const size = (name: string) => +(sizes.find((e) => e.name.startsWith(name))!.size / 1000).toFixed(2) + ' kB'
  const first = readme.replace(/\s+/g, ' ')
  const stated = first.match(/A typical page fetches ([\d.]+ kB) of the script tag; a landing from outside fetches ([\d.]+ kB) in all .*?, a checkout or confirmation page ([\d.]+ kB) .*?everything the tag can ever load is ([\d.]+ kB)\. `import \{ createTracker \}` is ([\d.]+ kB) up front and ([\d.]+ kB) with everything it can load/)?.slice(1)
  expect(stated, 'README: the measured sizes (npm run build && npx size-limit)').toEqual(
    ['script tag: the file', 'script tag: a landing', 'script tag: a checkout', 'script tag: everything', 'import { createTracker }: the initial', 'import { createTracker }: everything'].map(size),
  )
  expect(readme).toContain(`\`waymark/vitals\`, ${size('import { webVitals }')} with`)
  // Every size-limit entry has a budget, which the README's development notes state.
  for (const e of pkg['size-limit']) expect(readme, e.name).toContain(`| ${e.name} | ${e.limit} |`)
})

test('the app pixel’s shopify.extension.toml declares what Shopify’s CLI requires, and analytics consent', () => {
  const [toml] = snippets.filter((s) => s.lang == 'toml').map((s) => s.body)
  // The facts checked against Shopify's CLI (web_pixel_extension.ts): the type, the strict runtime,
  // all four privacy keys once [customer_privacy] is there, sale_of_data one of enabled/disabled/ldu.
  expect(toml).toMatch(/^type = "web_pixel_extension"$/m)
  expect(toml).toMatch(/^runtime_context = "strict"$/m)
  const privacy = toml.split('[customer_privacy]')[1].split('\n[')[0]
  expect(privacy).toMatch(/^analytics = true$/m)
  for (const key of ['marketing', 'preferences']) expect(privacy).toMatch(new RegExp(`^${key} = (true|false)$`, 'm'))
  expect(privacy).toMatch(/^sale_of_data = "(enabled|disabled|ldu)"$/m)
})

test('the wire format example passes the JSON Schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: true })
  addFormats(ajv)
  const validate = ajv.compile(schema)
  for (const s of snippets.filter((s) => s.lang == 'json')) {
    validate(JSON.parse(s.body))
    expect(validate.errors ?? []).toEqual([])
  }
})

// The comment after an expression, or on the line below it, states its value:
// `events.map((e) => e.phase) // ['awareness']`. Such lines become checks; `…` in an object means
// "and more".
const literalOf = (comment: string) => {
  const literal = comment.replace(/,\s*…\s*/g, ' ')
  try {
    // Only literals: `{ sent, ok }` names the fields of a result, it states no value.
    new Function('return (' + literal + ')')()
    return literal
  } catch {}
}
const withChecks = (code: string) => {
  const out: string[] = []
  for (const line of code.split('\n')) {
    const inline = line.match(/^(\S.*?)\s+\/\/ ([[{'].*)$/)
    const below = line.match(/^\/\/ ([[{'].*)$/)
    const prev = out.length - 1
    if (inline && literalOf(inline[2])) out.push(`__check(${inline[1]}, (${literalOf(inline[2])}), ${JSON.stringify(inline[2])})`)
    else if (below && literalOf(below[1]) && prev >= 0 && /^(?!const |let |var |import |export )\w.*\)$/.test(out[prev]))
      out[prev] = `__check(${out[prev]}, (${literalOf(below[1])}), ${JSON.stringify(below[1])})`
    else out.push(line)
  }
  return out.join('\n')
}

describe('the TypeScript snippets run', () => {
  let bodies: unknown[]
  let checks = 0
  beforeEach(() => {
    bodies = []
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string))
      return new Response('{}')
    }))
    // What Shopify's pixel runtime gives an app pixel's register(): the pixel API.
    ;(globalThis as any).shopify = {
      extend: (_: string, render: (api: unknown) => void) =>
        render({ settings: { endpoint: 'https://collector.example/e' }, analytics: { subscribe: () => () => true }, browser: { localStorage: { getItem: async () => null, setItem: async () => {} } }, init: { customerPrivacy: { analyticsProcessingAllowed: true } }, customerPrivacy: { subscribe: () => {} } }),
    }
    ;(globalThis as any).__check = (value: unknown, want: unknown, said: string) => {
      checks++
      if (Array.isArray(want) || typeof want != 'object') expect(value, said).toEqual(want)
      else expect(value, said).toMatchObject(want as object)
    }
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
    // The values the README states next to its code were checked, not skipped.
    expect(checks).toBeGreaterThanOrEqual(3)
  })

  const code = snippets.filter((s) => s.lang == 'ts' || s.lang == 'tsx')
  // The tracker of the page (one per name): what the snippets made.
  const running = () => (globalThis as any)[Symbol.for('waymark.trackers')]?.get('waymark')
  test.each(code.map((s) => [s.line, s] as const))('README line %i', async (line, s) => {
    mkdirSync(dir, { recursive: true })
    // Each block runs as on a page of its own: modules it imports are evaluated afresh.
    vi.resetModules()
    // A block that names its file (`file=tracker.ts`) is that file, for the blocks that import it.
    const name = /\bfile=(\S+)/.exec(s.info)?.[1] ?? `line-${line}.${s.lang}`
    const file = path.join(dir, name)
    const source = withChecks(s.body)
      .replaceAll("from 'waymark/vitals'", `from ${JSON.stringify(path.resolve('src/vitals.ts'))}`)
      .replaceAll("from 'waymark/shopify'", `from ${JSON.stringify(path.resolve('src/shopify.ts'))}`)
      .replaceAll("from 'waymark'", `from ${JSON.stringify(path.resolve('src/index.ts'))}`)
    writeFileSync(file, (s.lang == 'tsx' ? "import React from 'react'\n" : '') + source + '\nexport {}\n')
    const mod = await import(/* @vite-ignore */ file)
    // A component in a snippet is rendered as React's StrictMode would: twice in development.
    for (const [name, value] of Object.entries(mod))
      if (/^[A-Z]/.test(name) && typeof value == 'function') {
        const host = document.createElement('div')
        document.body.append(host)
        const root = createRoot(host)
        await act(async () => root.render(createElement(StrictMode, null, createElement(value as () => null))))
        const button = host.querySelector('button')
        await act(async () => button?.click())
        await running().flush()
        const sent = (bodies as { batch: { name?: string; kind: string }[] }[]).flatMap((b) => b.batch)
        // One page view, however often React renders; one signup per click.
        expect(sent.filter((e) => e.kind == 'page').length).toBeLessThanOrEqual(1)
        expect(sent.filter((e) => e.name == 'newsletter_signup').length).toBe(button ? 1 : 0)
        root.unmount()
      }
  })
})
