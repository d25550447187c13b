// The drivers for Gecko and WebKit, beside Chromium's in driver.ts: the same `Engine` and `Tab`,
// so that one set of test bodies runs in all three. Firefox (Debian's firefox-esr) is driven by
// puppeteer-core over WebDriver BiDi; WebKit (the MiniBrowser of Debian's WebKitGTK) by
// selenium-webdriver through WebKitWebDriver, under Xvfb, since MiniBrowser has no headless mode.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import puppeteer, { type Page } from 'puppeteer-core'
import { Builder, By, type WebDriver } from 'selenium-webdriver'
import { launchChromium, removeProfile, waitFor, wrapPage, type Engine, type Tab } from './driver.js'

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr'
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'

/** The engines the browser suite runs in: all three, unless WAYMARK_ENGINES narrows it for local work. */
export const ENGINES = (process.env.WAYMARK_ENGINES || 'chromium,firefox,webkit').split(',').map((e) => e.trim()) as EngineName[]
export type EngineName = 'chromium' | 'firefox' | 'webkit'

/** Starts an engine by name. */
export const launch = (name: EngineName): Promise<Engine> =>
  name == 'chromium' ? launchChromium() : name == 'firefox' ? launchFirefox() : name == 'webkit' ? launchWebKit() : Promise.reject(new Error('unknown engine ' + name))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Firefox ESR in a fresh profile, headless, over WebDriver BiDi. */
export async function launchFirefox(): Promise<Engine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-firefox-'))
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: dir,
    // The machine has no network: keep Firefox from calling home.
    extraPrefsFirefox: { 'network.connectivity-service.enabled': false, 'app.update.enabled': false, 'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false },
    timeout: 60000,
  })
  const version = (await browser.version()).replace(/^firefox\//, '')
  const wrap = (page: Page): Tab => wrapPage(page as never, { setOffline: (offline) => page.setOfflineMode(offline) })
  return {
    name: 'firefox',
    version,
    newTab: async () => wrap(await browser.newPage()),
    close: async () => {
      await browser.close().catch(() => {})
      removeProfile(dir)
    },
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

/**
 * A forward proxy for plain HTTP that can be told to refuse connections: how WebKit goes offline
 * here, since its driver cannot emulate it. Requests fail as on a dead network, but
 * `navigator.onLine` stays true and no `online` event comes when the proxy accepts again.
 */
async function startProxy() {
  let refusing = false
  const server = http.createServer((req, res) => {
    if (refusing) return req.socket.destroy()
    const target = new URL(req.url!)
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers)
      r.pipe(res)
    })
    upstream.on('error', () => req.socket.destroy())
    req.pipe(upstream)
  })
  server.on('connection', (socket) => refusing && socket.destroy())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    refuse: (on: boolean) => {
      refusing = on
      if (on) server.closeAllConnections()
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

const stop = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode != null || p.signalCode != null) return resolve()
    p.once('exit', () => resolve())
    p.kill('SIGTERM')
    setTimeout(() => (p.kill('SIGKILL'), resolve()), 3000)
  })

/**
 * WebKitGTK's MiniBrowser under Xvfb, driven by selenium-webdriver through WebKitWebDriver. Each
 * launch gets its own display, driver port, data directories and proxy, and stops its processes by
 * their ids.
 */
export async function launchWebKit(): Promise<Engine> {
  if (!existsSync(MINIBROWSER)) throw new Error(`no MiniBrowser at ${MINIBROWSER}: install webkit2gtk-driver`)
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-webkit-'))
  // A display number of its own, so that two runs on one machine do not meet.
  let display = 0
  for (let n = 90 + Math.floor(Math.random() * 400); ; n++)
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) {
      display = n
      break
    }
  const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
  await waitFor(() => existsSync(`/tmp/.X11-unix/X${display}`), 'Xvfb to start', 10000)
  const proxy = await startProxy()
  const port = await freePort()
  // WebKitGTK keeps its data under the XDG directories: a fresh set is a fresh profile.
  const env = { ...process.env, DISPLAY: `:${display}`, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_CONFIG_HOME: path.join(dir, 'config') }
  const driverProcess = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: 'ignore' })
  let driver: WebDriver
  try {
    await waitFor(() => new Promise((resolve) => http.get(`http://127.0.0.1:${port}/status`, (r) => (r.resume(), resolve(r.statusCode == 200))).on('error', () => resolve(false))), 'WebKitWebDriver to start', 10000)
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--proxy=${proxy.url}`, '--ignore-host='] },
      })
      .build()
  } catch (e) {
    await stop(driverProcess)
    await stop(xvfb)
    await proxy.close()
    removeProfile(dir)
    throw e
  }
  const caps = await driver.getCapabilities()
  const version = String(caps.get('browserVersion') ?? 'unknown')
  const blank = await driver.getWindowHandle()
  let current = blank
  // One WebDriver session drives every tab: each call first makes its tab the current window.
  let queue: Promise<unknown> = Promise.resolve()
  const inTab = <T>(handle: string, fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      if (current != handle) await driver.switchTo().window((current = handle))
      return fn()
    })
    queue = run.catch(() => {})
    return run
  }
  const evaluate = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> =>
    driver
      .executeAsyncScript<{ value?: R; error?: string }>(
        `const done = arguments[arguments.length - 1];
         Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then((value) => done({ value }), (e) => done({ error: e && e.name ? e.name + ': ' + e.message + ' ' + e.stack : String(e) }))`,
        arg ?? null,
      )
      .then((r) => {
        if (r && r.error) throw new Error(r.error)
        return r?.value as R
      })
  const tab = (handle: string): Tab => ({
    goto: (url) => inTab(handle, () => driver.get(url)),
    evaluate: (fn, arg) => inTab(handle, () => evaluate(fn, arg)),
    click: (selector) => inTab(handle, async () => (await driver.findElement(By.css(selector))).click()),
    navigates: async (action) => {
      const from = await inTab(handle, () => driver.getCurrentUrl())
      await action()
      await waitFor(async () => (await inTab(handle, () => driver.getCurrentUrl())) != from && (await inTab(handle, () => evaluate(() => document.readyState))) == 'complete', 'the navigation to load')
    },
    reload: () => inTab(handle, () => driver.navigate().refresh()),
    // WebKitWebDriver's Back loads a same-document entry anew; history.back() traverses it as a user does.
    back: async () => {
      const from = await inTab(handle, () => driver.getCurrentUrl())
      await inTab(handle, () => driver.executeScript('history.back()'))
      await waitFor(
        async () => (await inTab(handle, () => driver.getCurrentUrl())) != from && (await inTab(handle, () => evaluate(() => document.readyState))) == 'complete',
        'the page to go back',
      )
    },
    // Emulated: the network fails, but navigator.onLine stays true (see startProxy).
    setOffline: async (offline) => proxy.refuse(offline),
    offlineIsEmulated: true,
    screenshot: (file) =>
      inTab(handle, async () => {
        const { writeFileSync } = await import('node:fs')
        writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'))
      }),
    close: () =>
      inTab(handle, async () => {
        await driver.close()
        await driver.switchTo().window((current = blank))
      }),
    // WebDriver classic cannot read the console: the test pages keep their messages in __logs.
    logs: () => inTab(handle, () => evaluate(() => ((window as unknown as { __logs?: string[] }).__logs ?? []) as string[])).catch(() => []),
  })
  return {
    name: 'webkit',
    version,
    newTab: async () => {
      const opened = queue.then(async () => {
        await driver.switchTo().newWindow('window')
        return (current = await driver.getWindowHandle())
      })
      queue = opened.catch(() => {})
      return tab(await opened)
    },
    close: async () => {
      await driver.quit().catch(() => {})
      await stop(driverProcess)
      await stop(xvfb)
      await proxy.close()
      removeProfile(dir)
    },
  }
}
