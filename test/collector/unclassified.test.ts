// @vitest-environment node
// Calls a page sent unclassified: the collector classifies them with the SDK's own step, and the
// browser's classification of the same calls, when a later page sends it, takes their place.
import { describe, expect, test } from 'vitest'
import { newJourney } from '../../src/journey/step.js'
import { post, STORES, useCollector } from './helpers.js'

const T0 = Date.parse('2026-06-01T10:00:00Z')
const state = newJourney(T0 - 86400000 * 3)
const base = { model: 'fivePhase', anonymousId: state.anonymousId, sessionId: state.sessionId, title: 'Trail shoe' }
const landing = (id: string) => ({
  ...base,
  id,
  time: new Date(T0).toISOString(),
  kind: 'page',
  url: 'https://shop.example/p/trail-shoe?gclid=abc&utm_source=google&utm_medium=cpc',
  referrer: 'https://www.google.com/',
  unclassified: { run: id, seq: 0, state },
})
const cart = (id: string, run: string) => ({
  ...base,
  id,
  time: new Date(T0 + 5000).toISOString(),
  kind: 'custom',
  name: 'add_to_cart',
  props: { sku: 'S1' },
  url: 'https://shop.example/p/trail-shoe',
  referrer: '',
  unclassified: { run, seq: 1, state },
})

describe.each(STORES)('unclassified calls on %s', (kind) => {
  const suite = useCollector(kind)
  const rows = (ids: string[]) => suite.collector.store.query('select id, kind, phase, rule, channel, body from events where id = any($1) order by time', [ids]) as Promise<any[]>

  test('are classified as the tracker would, in their order, and noted as the collector’s', async () => {
    const ids = [`${kind}-l1`, `${kind}-c1`]
    const res = await post(suite.collector.url, JSON.stringify({ batch: [cart(ids[1], ids[0]), landing(ids[0])] }))
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 })
    const [l, c] = await rows(ids)
    expect(l).toMatchObject({ kind: 'ad-click', channel: 'paid-search', phase: 'awareness' })
    expect(c).toMatchObject({ kind: 'custom', channel: 'paid-search', phase: 'consideration', rule: 'consideration.evaluation' })
    expect(c.body.props).toEqual({ sku: 'S1' })
    expect(l.body.unclassified).toEqual({ run: ids[0], seq: 0, by: 'collector' })
    expect(l.body.journey).toEqual({ touchpoint: 1, session: 1, days: 3 })
  })

  test('give way to the browser’s classification of the same call; a resend of the unclassified one changes nothing', async () => {
    const id = `${kind}-l2`
    await post(suite.collector.url, JSON.stringify({ batch: [landing(id)] }))
    const byBrowser = { ...(await rows([id]))[0].body, rule: 'from-the-browser' }
    delete byBrowser.unclassified
    expect(await (await post(suite.collector.url, JSON.stringify({ batch: [byBrowser] }))).json()).toEqual({ accepted: 1, duplicates: 0 })
    expect((await rows([id]))[0]).toMatchObject({ rule: 'from-the-browser' })
    expect((await rows([id]))[0].body.unclassified).toBeUndefined()
    expect(await (await post(suite.collector.url, JSON.stringify({ batch: [landing(id)] }))).json()).toEqual({ accepted: 0, duplicates: 1 })
    expect((await rows([id]))[0]).toMatchObject({ rule: 'from-the-browser' })
  })

  test('in one batch with the browser’s classification of the same call, the browser’s is stored', async () => {
    const id = `${kind}-l3`
    const byBrowser = { ...landing(id), phase: 'awareness', rule: 'from-the-browser', channel: 'paid-search', journey: { touchpoint: 1, session: 1, days: 3 }, analog: false, indirect: false }
    delete (byBrowser as { unclassified?: unknown }).unclassified
    expect(await (await post(suite.collector.url, JSON.stringify({ batch: [landing(id), byBrowser] }))).json()).toEqual({ accepted: 1, duplicates: 1 })
    expect((await rows([id]))[0]).toMatchObject({ rule: 'from-the-browser' })
  })
})
