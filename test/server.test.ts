// @vitest-environment node
// Server rendering runs the app's modules on the server (Next.js, Remix): importing waymark and
// creating the tracker there must do nothing, leave nothing open, and break nothing.
import { execFile } from 'node:child_process'
import { expect, test } from 'vitest'

const run = (code: string) =>
  new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
    const started = Date.now()
    // The process must end by itself; if something stayed open, the timeout kills it.
    execFile(process.execPath, ['--input-type=module', '-e', code], { timeout: 15000 }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout + stderr, ms: Date.now() - started }),
    )
  })

test('a page rendered with React on the server, with the tracker made in a module as the README advises', async () => {
  const r = await run(`
    import { createElement } from 'react'
    import { renderToString } from 'react-dom/server'
    import { createTracker } from './dist/index.js'
    const tracker = createTracker({ endpoint: '/collect', debug: true })
    const Button = () => createElement('button', { onClick: () => tracker.track('newsletter_signup') }, 'Sign up')
    tracker.page()
    tracker.track('rendered', { on: 'server' })
    tracker.setConsent('granted')
    console.log(renderToString(createElement(Button)))
    console.log(JSON.stringify([await tracker.flush(), await tracker.journey()]))
    await tracker.shutdown()
  `)
  expect(r.out).toBe('<button>Sign up</button>\n[{"sent":0,"ok":true},null]\n')
  expect(r.code).toBe(0)
  // Nothing kept the process alive.
  expect(r.ms).toBeLessThan(10000)
})

test('the CommonJS build too, with an absolute endpoint', async () => {
  const r = await run(`
    import { createRequire } from 'node:module'
    const { createTracker } = createRequire(process.cwd() + '/')('./dist/index.cjs')
    const t = createTracker({ endpoint: 'https://collector.example/e', plugins: [] })
    t.track('x')
    console.log(JSON.stringify(await t.flush()))
  `)
  expect([r.code, r.out]).toEqual([0, '{"sent":0,"ok":true}\n'])
})

test('a bad option still throws on the server, where the developer sees it', async () => {
  const r = await run(`
    import { createTracker } from './dist/index.js'
    try { createTracker({ endpoint: '/collect', batchSize: 0 }) } catch (e) { console.log(e.name + ': ' + e.message) }
  `)
  expect(r.out).toBe('TypeError: waymark: option "batchSize" must be a number of at least 1, got 0\n')
})
