// A fresh headless Chromium (Debian's) per run: a new profile means empty storage and a cold cache,
// a first visit. playwright-core drives it; nothing is downloaded.
import { chromium } from 'playwright-core'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CHROMIUM_FLAGS } from '../../test/browser/chromiumFlags.mjs'

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

export const chromiumVersion = () => {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 20000 }).trim()
  } catch {
    return 'Chromium (version unknown)'
  }
}

const major = (/(\d+)\.\d+\.\d+\.\d+/.exec(chromiumVersion()) || [, '150'])[1]

const ARGS = [
  ...CHROMIUM_FLAGS,
  // Exact heap figures, and gc() to read the heap that stays.
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
  // Nothing may leave the machine: every host but 127.0.0.1 fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  // A regular visitor, not a bot: posthog-js drops every event of a headless user agent.
  '--disable-blink-features=AutomationControlled',
]

const withTimeout = (p, ms, what) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))])

/** Runs `fn(page, context)` in a fresh browser and profile, and cleans up whatever happens. */
export async function withBrowser(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-'))
  let ctx
  try {
    ctx = await withTimeout(
      chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        args: ARGS,
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
        ignoreDefaultArgs: ['--enable-automation'],
        timeout: 30000,
      }),
      40000,
      'chromium launch',
    )
    const page = ctx.pages()[0] || (await ctx.newPage())
    return await fn(page, ctx)
  } finally {
    if (ctx) await withTimeout(ctx.close(), 15000, 'close').catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }
}

export { withTimeout }
