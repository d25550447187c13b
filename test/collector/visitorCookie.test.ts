// @vitest-environment node
// The collector's first-party cookie: set on the first batch of events a shop's page sends it on
// its own origin, carried back by every later one, and linking each anonymous id that comes with it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../examples/collector/server.mjs'
import { VISITOR_COOKIE } from '../../examples/collector/visitorCookie.mjs'
import { event, post as postTo, STORES, useCollector, type Collector } from './helpers.js'

/** What a browser sends with a batch from a page of the collector's own origin. */
const SAME_ORIGIN = { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' }
const body = (...batch: object[]) => JSON.stringify({ batch })
const cookieOf = (res: Response) => res.headers.get('set-cookie')
const idOf = (setCookie: string) => new RegExp(`^${VISITOR_COOKIE}=([^;]*);`).exec(setCookie)![1]

describe.each(STORES)('the visitor cookie on %s', (kind) => {
  const suite = useCollector(kind)
  const post = (batch: string, headers: Record<string, string> = SAME_ORIGIN) => postTo(suite.collector.url, batch, headers, '/collect')
  const linksOf = async (cookieId: string) =>
    (await suite.collector.store.links()).filter((l: any) => l.cookieId === cookieId).map((l: any) => l.anonymousId).sort()

  test('is set on the first batch of events, HttpOnly, SameSite=Lax, for 400 days, and not Secure over plain http', async () => {
    const res = await post(body(event({ anonymousId: 'first-a' }), event({ anonymousId: 'first-a' })))
    expect(res.status).toBe(200)
    const set = cookieOf(res)!
    expect(set).toMatch(new RegExp(`^${VISITOR_COOKIE}=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; Max-Age=34560000; Path=/; HttpOnly; SameSite=Lax$`))
    expect(await linksOf(idOf(set))).toEqual(['first-a'])
  })

  test('is not set again on a batch that carries it, whose anonymous ids it links to the earlier ones', async () => {
    const id = idOf(cookieOf(await post(body(event({ anonymousId: 'before-wipe' }))))!)
    // Storage wiped (Safari after seven days), reset, or a second tab's new id: the cookie stayed.
    const later = await post(body(event({ anonymousId: 'after-wipe' }), event({ anonymousId: 'after-reset' })), { ...SAME_ORIGIN, cookie: `other=1; ${VISITOR_COOKIE}=${id}` })
    expect(later.status).toBe(200)
    expect(cookieOf(later)).toBeNull()
    expect(await linksOf(id)).toEqual(['after-reset', 'after-wipe', 'before-wipe'])
    // A resend links nothing twice.
    await post(body(event({ anonymousId: 'after-wipe' })), { ...SAME_ORIGIN, cookie: `${VISITOR_COOKIE}=${id}` })
    expect(await linksOf(id)).toEqual(['after-reset', 'after-wipe', 'before-wipe'])
  })

  test('is not set on a batch without events', async () => {
    const before = (await suite.collector.store.links()).length
    const res = await post(body())
    expect(res.status).toBe(200)
    expect(cookieOf(res)).toBeNull()
    expect((await suite.collector.store.links()).length).toBe(before)
  })

  test("is not set for another site's page or a server, where it would never come back", async () => {
    const before = (await suite.collector.store.links()).length
    for (const headers of [
      { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' },
      // Another origin of the same site: the SDK sends cookies to its page's own origin only.
      { ...SAME_ORIGIN, 'sec-fetch-site': 'same-site' },
      // A server sends neither header, and one batch of many visitors.
      { 'content-type': 'text/plain' },
    ]) {
      const res = await post(body(event({ anonymousId: 'elsewhere-1' }), event({ anonymousId: 'elsewhere-2' })), headers)
      expect(res.status).toBe(200)
      expect(cookieOf(res), JSON.stringify(headers)).toBeNull()
    }
    expect((await suite.collector.store.links()).length).toBe(before)
    // A browser too old for Sec-Fetch-Site still says where a POST came from.
    expect(cookieOf(await post(body(event({ anonymousId: 'old-safari' })), { 'content-type': 'text/plain', origin: 'https://shop.example' }))).toMatch(/^waymark_cid=/)
  })

  test('takes a cookie that is not one of its ids for none, and sets its own', async () => {
    const res = await post(body(event({ anonymousId: 'forged' })), { ...SAME_ORIGIN, cookie: `${VISITOR_COOKIE}=someone-else` })
    const id = idOf(cookieOf(res)!)
    expect(await linksOf(id)).toEqual(['forged'])
    expect(await linksOf('someone-else')).toEqual([])
  })

  test('is cleared by DELETE on the collecting path', async () => {
    const res = await fetch(suite.collector.url + '/collect', { method: 'DELETE', headers: { cookie: `${VISITOR_COOKIE}=0b6d7a3e-1c2f-4e5a-9b8c-7d6e5f4a3b2c` } })
    expect(res.status).toBe(204)
    expect(cookieOf(res)).toBe(`${VISITOR_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`)
  })

  describe('behind a proxy', () => {
    let trusting: Collector
    beforeAll(async () => {
      trusting = await startCollector({ store: suite.collector.store, trustProxy: true })
    })
    afterAll(() => trusting?.close())
    const viaProxy = (collector: Collector, proto: string) =>
      postTo(collector.url, body(event({ anonymousId: `via-${proto}` })), { ...SAME_ORIGIN, 'x-forwarded-proto': proto }, '/collect')

    test('is Secure when the proxy says the browser used https and the collector trusts it', async () => {
      expect(cookieOf(await viaProxy(trusting, 'https'))).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/)
      // The first value is the scheme the browser used; proxies after it append theirs.
      expect(cookieOf(await viaProxy(trusting, 'https, http'))).toMatch(/; Secure$/)
      expect(cookieOf(await viaProxy(trusting, 'http'))).not.toMatch(/Secure/)
      expect(cookieOf(await fetch(trusting.url + '/collect', { method: 'DELETE', headers: { 'x-forwarded-proto': 'https' } }))).toMatch(/Max-Age=0; .*; Secure$/)
    })

    test('is not Secure on a header the collector was not told to trust', async () => {
      expect(cookieOf(await viaProxy(suite.collector, 'https'))).not.toMatch(/Secure/)
    })
  })
})
