// The thin layer between the browser tests and a real browser engine. Test bodies only use
// `Engine` and `Tab`, so the same tests can run on any engine that implements them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS } from './chromiumFlags.mjs'

export interface Tab {
  goto(url: string): Promise<void>
  /** Runs `fn` in the page with one JSON-serialisable argument and returns its (awaited) result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>
  click(selector: string): Promise<void>
  /** Waits for the navigation that `action` starts to load. */
  navigates(action: () => Promise<unknown>): Promise<void>
  reload(): Promise<void>
  back(): Promise<void>
  setOffline(offline: boolean): Promise<void>
  /** True where "offline" is a network that fails, not the browser's offline mode: navigator.onLine stays true. */
  offlineIsEmulated?: boolean
  /**
   * Sets the storage quota of an origin, where the engine can (undefined where it cannot). Call it
   * before the page opens its database: Chromium does not apply a new quota to an open connection.
   */
  limitStorage?: (origin: string, bytes: number) => Promise<void>
  /** JS heap in use after a full garbage collection, in bytes, where the engine can tell. */
  heapUsed?: () => Promise<number>
  /** Sets the size of the page's viewport in CSS pixels, where the engine can (a phone's: 390 × 844). */
  setViewport?: (width: number, height: number) => Promise<void>
  /** Saves a PNG of the whole page, not just the viewport, to `path`. */
  screenshot(path: string): Promise<void>
  /** Closes the tab the way a user does: pagehide and visibilitychange fire. */
  close(): Promise<void>
  /** Console messages seen so far (on WebDriver engines, those the test pages kept in `__logs`). */
  logs(): Promise<string[]>
}

export interface Engine {
  name: string
  version: string
  /** A new tab in the same profile: tabs share IndexedDB, like a shopper's tabs. */
  newTab(): Promise<Tab>
  close(): Promise<void>
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

/** What playwright's and puppeteer's pages have alike, which is all a `Tab` needs of them. */
interface AutomatedPage {
  on(event: 'console' | 'pageerror', listener: (m: { text(): string } & { message?: string }) => void): unknown
  url(): string
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>
  evaluate(fn: never, arg?: unknown): Promise<unknown>
  click(selector: string): Promise<void>
  waitForNavigation(options: { waitUntil: 'load' }): Promise<unknown>
  reload(options: { waitUntil: 'load' }): Promise<unknown>
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>
  close(options: { runBeforeUnload: boolean }): Promise<void>
}

/**
 * A `Tab` over a playwright or puppeteer page; `extra` adds what differs between them.
 * @param page the automated page
 * @param extra going offline, and the engine's own extras
 */
export const wrapPage = (page: AutomatedPage, extra: Pick<Tab, 'setOffline'> & Partial<Tab>): Tab => {
  const logs: string[] = []
  page.on('console', (m) => logs.push(m.text()))
  page.on('pageerror', (e) => logs.push('pageerror: ' + e.message))
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: (selector) => page.click(selector),
    navigates: async (action) => {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()])
    },
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    // A page restored from the back/forward cache fires no load event: wait for the URL instead.
    back: async () => {
      const from = page.url()
      await page.evaluate((() => history.back()) as never)
      await waitFor(async () => page.url() != from && (await page.evaluate((() => document.readyState) as never)) == 'complete', 'the page to go back')
    },
    screenshot: async (file) => void (await page.screenshot({ path: file, fullPage: true })),
    close: () => page.close({ runBeforeUnload: true }),
    logs: async () => logs,
    ...extra,
  }
}

const wrapPlaywright = (page: Page, ctx: BrowserContext): Tab =>
  wrapPage(page as unknown as AutomatedPage, {
    setOffline: (offline) => ctx.setOffline(offline),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    heapUsed: async () => {
      const cdp = await ctx.newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = await cdp.send('Runtime.getHeapUsage')
      await cdp.detach()
      return usedSize
    },
    limitStorage: async (origin, bytes) => {
      const cdp = await ctx.newCDPSession(page)
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: bytes })
    },
  })

/** Headless Chromium (Debian's package) in a fresh profile, driven by playwright-core. */
export async function launchChromium(): Promise<Engine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-chromium-'))
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    // Playwright turns the back/forward cache off by default; shoppers have it on.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    timeout: 30000,
  })
  // The persistent context opens with one blank page; tests open their own.
  const [blank] = ctx.pages()
  // The user agent says 156.0.0.0 these days; the browser itself tells the build.
  const cdp = await ctx.newCDPSession(blank)
  const version = (await cdp.send('Browser.getVersion')).product.replace(/^[^/]*\//, '')
  await cdp.detach()
  await blank.close()
  return {
    name: 'chromium',
    version,
    newTab: async () => wrapPlaywright(await ctx.newPage(), ctx),
    close: async () => {
      await ctx.close()
      removeProfile(dir)
    },
  }
}

/**
 * Removes a browser's throwaway profile. A browser's helper processes can still be writing into
 * it (WebKit's shader cache) for a moment after the browser is gone, so removal is retried; a
 * directory left in the system's temp folder is not worth failing a test over.
 */
export function removeProfile(dir: string) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  } catch (e) {
    console.warn(`left the browser profile ${dir} behind: ${(e as Error).message}`)
  }
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes; then throws with `what`. */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10000): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v as Exclude<T, false | 0 | '' | null | undefined>
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
