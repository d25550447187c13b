import type { Touchpoint } from '../detect/detectTouchpoint.js'
import { eventId, uid } from '../lib/uid.js'
import type { Campaign, Channel, Kind, Props, Touch, WireEvent } from '../types.js'
import type { Classifier } from './compileRules.js'
import type { JourneyView, TouchpointView } from './models.js'
import type { closePurchase, dedupePurchase } from './purchaseStep.js'
import { cap, iso, touchOf, withCampaign } from './touches.js'

/** One captured call, before classification: what `page()`, `track()` and auto-capture record. */
export interface Capture {
  /** The event id, given at the call, so that the event keeps it however late it is classified. */
  id?: string
  type: 'page' | 'track' | 'checkout' | 'purchase' | 'share' | 'identify'
  /** Event name, for `track`. */
  name?: string
  /** The props, already serialised (and sanitised); empty when there are none. */
  props: string
  /** Why the call's props were left out: `too-large` (over 16 KiB), `unreadable`, `not-an-object`. */
  propsDropped?: string
  url: string
  referrer: string
  title: string
  /** Epoch milliseconds. */
  time: number
  step?: string
  orderId?: string
  value?: number
  currency?: string
  method?: string
  /** For `identify`: who the visitor is, in the site's own terms. */
  userId?: string
}

/** A call waiting for its turn: a capture, or `reset()`, which must come after the calls before it. */
export type Waiting = Capture | { type: 'reset'; time: number }

// The fields purchase() and share() hand to the journey; the rest of their argument travels as props.
const CALL_FIELDS = { purchase: ['orderId', 'value', 'currency'], share: ['method'] } as const

/**
 * Splits the argument of `purchase()` or `share()` into the fields the journey reads (a value as a
 * number, the others as strings, empty ones left out) and the props that travel with the event.
 * The live tracker and `replayJourney` both go through here.
 * @param type which call
 * @param data its argument
 * @returns the remaining props (undefined when none), and the fields
 */
export const splitCall = (type: keyof typeof CALL_FIELDS, data: Props | undefined): [Props | undefined, Partial<Capture>] => {
  const props: Props = { ...data }
  const fields: Record<string, unknown> = {}
  for (const f of CALL_FIELDS[type]) {
    const v = props[f]
    delete props[f]
    if (v != null && v !== '') fields[f] = f == 'value' ? Number(v) : String(v)
  }
  // `share({ method, url: undefined })` has no props: JSON would make them an empty object.
  return [Object.values(props).some((v) => v !== undefined) ? props : undefined, fields]
}

/** The attribution of a session: the arrival that opened it. */
export interface SessionTouch extends Campaign {
  analog: boolean
  indirect: boolean
}

/** What the tracker keeps about one visitor, in IndexedDB beside the queue. */
export interface JourneyState {
  v: 1
  anonymousId: string
  /** Epoch ms of the first and the latest event. */
  firstSeen: number
  lastSeen: number
  sessionId: string
  /** Index of the current session, from 1. */
  session: number
  /** Campaign of the current session, to tell a new campaign from a continued one. */
  sessionKey: string
  sessionTouch: SessionTouch
  /** Touchpoints so far: page views and checkout, purchase and share calls (not custom events). */
  touchpoints: number
  purchases: number
  /** Order ids (and confirmation URLs without one) already recorded, newest last. */
  orders: string[]
  /** Model id, phase of the latest event, furthest phase since the last purchase. */
  model?: string
  phase?: string
  reached?: string
  firstTouch?: Touch
  /** The latest arrival from a channel other than direct (last non-direct click). */
  lastTouch?: Touch
  /** Arrivals since the last purchase: channel, epoch ms, direct or not. */
  path: [Channel, number][]
  /** Touchpoint count at the last purchase. */
  cycleStart: number
  /** What the current page view already recorded, so that a second signal of it is not counted twice. */
  page: { url: string; seen: string[] }
  /** Session id and epoch ms of the latest purchase. */
  bought?: [string, number]
  /** The id the site gave the visitor with `identify()`, until `reset()`. */
  userId?: string
  /**
   * Calls that were waiting for knowledge when this was stored (URLs scrubbed): the next page
   * classifies them first, unless this one still does.
   */
  pending?: Waiting[]
}

/** What the journey step needs from the tracker's options. */
export interface StepConfig {
  classifier: Classifier
  /** Detects the touchpoint of a page view (see `detectTouchpoint`). */
  touchpoint: (c: Capture) => Touchpoint
  /** Half-life of the time-decay attribution model, in days. */
  halfLifeDays: number
  /** Removes personal data from URLs and titles before they are stored. */
  scrub: (text: string) => string
  /** What a purchase does to the journey (the checkout knowledge: a purchase needs it). */
  purchase?: { dedupePurchase: typeof dedupePurchase; closePurchase: typeof closePurchase }
}

/** Inactivity after which the next touchpoint opens a new session, as in most web analytics. */
export const SESSION_TIMEOUT_MS = 1800000
const MAX_STORED_PATH = 100
const DAY_MS = 86400000
const campaignOf = (tp: Omit<Touchpoint, 'kind'>): SessionTouch => withCampaign({ channel: tp.channel, analog: tp.analog, indirect: tp.indirect }, tp)
const DIRECT: SessionTouch = { channel: 'direct', analog: false, indirect: false }
// What a custom event is, as a touchpoint: shared by all of them, never changed.
const CUSTOM = Object.freeze({ kind: 'custom', channel: 'internal', analog: false, indirect: false } as const)
const ARRIVAL_FIELDS = ['term', 'content', 'campaignId', 'sourcePlatform', 'clickIds', 'referralCode'] as const
const SHOP_FIELDS = ['platform', 'step', 'orderId'] as const

/**
 * Starts the journey of a visitor nobody has seen before.
 * @param time epoch ms of the first touchpoint
 */
export const newJourney = (time: number): JourneyState => ({
  v: 1,
  anonymousId: uid(),
  firstSeen: time,
  lastSeen: time,
  sessionId: uid(),
  session: 0,
  sessionKey: '',
  sessionTouch: DIRECT,
  touchpoints: 0,
  purchases: 0,
  orders: [],
  path: [],
  cycleStart: 0,
  page: { url: '', seen: [] },
})

/** True when `s` is a journey state this version can continue. */
export const isJourney = (s: unknown): s is JourneyState => !!s && (s as JourneyState).v === 1 && typeof (s as JourneyState).anonymousId == 'string'

/**
 * Advances a visitor's journey by one captured call and returns the classified event, serialised
 * for the queue with the props spliced in as they were serialised at the call, or undefined when
 * the call repeats what this page already recorded (a second signal of the same
 * purchase or checkout step). The live tracker and `replayJourney` both go through here, so they
 * classify alike.
 * @param s journey state, updated in place
 * @param c the captured call
 * @param cfg the compiled rules and detector options
 * @param onRuleError told about a rule function that threw (it is then skipped)
 */
export const step = (s: JourneyState, c: Capture, cfg: StepConfig, onRuleError?: (rule: string, e: unknown) => void): string | undefined => {
  const { time } = c
  const isPage = c.type == 'page'
  const tp: Omit<Touchpoint, 'kind'> & { kind: Kind } = isPage
    ? cfg.touchpoint(c)
    : c.type == 'track'
      ? CUSTOM
      : { kind: c.type, channel: 'internal', analog: false, indirect: false }
  // Every later event says who the visitor is.
  if (c.type == 'identify') s.userId = c.userId
  const kind = tp.kind
  if (c.step) tp.step = c.step
  if (c.orderId) tp.orderId = String(c.orderId)

  if (isPage || s.page.url != c.url) s.page = { url: c.url, seen: [] }
  // Sessions: a new one after 30 minutes of inactivity, or when an arrival brings a new campaign.
  const external = isPage && tp.channel != 'internal'
  const key = external && tp.channel != 'direct' ? [tp.channel, tp.source, tp.medium, tp.campaign].join('|') : ''
  const first = !s.session
  const fresh = first || time - s.lastSeen > SESSION_TIMEOUT_MS || (!!key && key != s.sessionKey)
  if (fresh) {
    if (!first) s.sessionId = uid()
    s.session++
    s.sessionKey = key
    // A session that no arrival opened (a tab left open, a slow payment return) keeps the last
    // campaign: it is no new contact, and must not hand the purchase to "direct".
    if (external || first) {
      s.sessionTouch = external ? campaignOf(tp) : DIRECT
      s.path = cap([...s.path, [s.sessionTouch.channel, time]], MAX_STORED_PATH)
      const touch = touchOf(s.sessionTouch, time)
      s.firstTouch ||= touch
      if (touch.channel != 'direct') s.lastTouch = touch
    }
  }
  // One page view is one touchpoint: a purchase or checkout step that the URL, the dataLayer and an
  // explicit call all report is recorded once; a purchase once per order id, even on a reload.
  if (kind == 'purchase' && cfg.purchase!.dedupePurchase(s, c, tp, isPage)) {
    if (!isPage) return
    tp.kind = 'page'
    delete tp.orderId
  }
  if (tp.kind == 'checkout') {
    const key = 'checkout:' + (tp.step || '')
    if (!isPage && (s.page.seen.includes(key) || (!tp.step && s.page.seen.some((k) => k.startsWith('checkout'))))) return
    s.page.seen.push(key)
  }

  // An arrival that opened no new session (a direct visit, a payment return) keeps the session's campaign.
  const arrival = fresh && external
  const at = arrival ? tp : s.sessionTouch
  s.lastSeen = Math.max(s.lastSeen, time)
  // An identify is no touchpoint either, and keeps the phase, as a custom event does.
  const custom = tp.kind == 'custom' || tp.kind == 'identify'
  const before = s.touchpoints
  if (!custom) s.touchpoints++

  // Built only when a rule is to be tried: a burst of custom events that no rule names needs none.
  let view: TouchpointView | undefined
  // A clock set back since the first visit must not make a negative count.
  const days = Math.max(0, Math.floor((time - s.firstSeen) / DAY_MS))
  const { classifier } = cfg
  if (s.model != classifier.model) {
    // The site switched models: phases of the old one mean nothing in the new one.
    s.model = classifier.model
    s.phase = s.reached = undefined
  }
  let jv: JourneyView | undefined
  let phase: string | undefined
  let rule = 'current-phase'
  for (const r of classifier.rules) {
    if (custom && (!r.events || (r.events !== true && !r.events.has(c.name!)))) continue
    jv ||= { purchases: s.purchases, session: s.session, touchpoints: before, days, phase: s.phase, reached: s.reached }
    view ||= {
      ...tp,
      channel: at.channel,
      source: at.source,
      medium: at.medium,
      campaign: at.campaign,
      analog: at.analog,
      indirect: at.indirect,
      event: c.name,
      url: c.url,
      referrer: c.referrer,
      title: c.title,
      time,
    }
    let hit = false
    try {
      hit = r.test(view, jv)
    } catch (e) {
      onRuleError?.(r.id, e)
    }
    if (hit) {
      phase = r.phase
      rule = r.id
      break
    }
  }
  if (!phase) {
    phase = (custom && s.phase) || classifier.phases[0]
    if (!custom || !s.phase) rule = 'default'
  }

  // The furthest phase since the last purchase (a purchase below starts the count again).
  if (!s.reached || classifier.phases.indexOf(phase) > classifier.phases.indexOf(s.reached)) s.reached = phase
  s.phase = phase
  const touchpoint = Math.max(1, s.touchpoints)
  if (tp.kind == 'custom') {
    // Custom events in a burst share everything but id, time, name and props.
    const k = context
    if (!(k.s == s && k.userId == s.userId && k.phase == phase && k.rule == rule && k.sessionId == s.sessionId && k.url == c.url && k.referrer == c.referrer && k.title == c.title && k.at == at && k.touchpoint == touchpoint && k.days == days && k.model == classifier.model && k.scrub == cfg.scrub))
      context = { s, userId: s.userId, phase, rule, sessionId: s.sessionId, url: c.url, referrer: c.referrer, title: c.title, at, touchpoint, days, model: classifier.model, scrub: cfg.scrub, json: JSON.stringify(describe(s, c, cfg, at, phase, rule, touchpoint, days)).slice(1, -1) }
    // id is a UUID and a counter, time an ISO string: nothing in them needs escaping.
    return `{"id":"${c.id || eventId()}","time":"${iso(time)}","kind":"custom","name":${JSON.stringify(c.name)},${context.json}${withProps(c)}}`
  }

  const e = { id: c.id || eventId(), time: iso(time), kind: tp.kind, ...describe(s, c, cfg, at, phase, rule, touchpoint, days) } as WireEvent
  // The click's own details only on the arrival itself.
  if (arrival) for (const k of ARRIVAL_FIELDS) if (tp[k]) (e as any)[k] = tp[k]
  for (const k of SHOP_FIELDS) if (tp[k]) e[k] = tp[k]
  if (c.value != null && isFinite(c.value)) e.value = +c.value
  if (c.currency) e.currency = String(c.currency)
  if (c.method) e.method = String(c.method)

  if (e.kind == 'purchase') cfg.purchase!.closePurchase(s, e, at, time, before, cfg.halfLifeDays)
  const json = JSON.stringify(e)
  return json.slice(0, -1) + withProps(c) + '}'
}

// The props as serialised at the call, or why the call's props were left out.
const withProps = (c: Capture) => (c.props ? ',"props":' + c.props : c.propsDropped ? `,"propsDropped":"${c.propsDropped}"` : '')

/** What an event says of its context: phase, visitor, session, page and the session's campaign. */
const describe = (s: JourneyState, c: Capture, cfg: StepConfig, at: SessionTouch, phase: string, rule: string, touchpoint: number, days: number) => {
  const d: Omit<WireEvent, 'id' | 'time' | 'kind'> = {
    phase,
    rule,
    model: cfg.classifier.model,
    anonymousId: s.anonymousId,
    userId: s.userId,
    sessionId: s.sessionId,
    // Detection and rules saw the URLs as they were; what is stored is scrubbed.
    url: cfg.scrub(c.url),
    referrer: cfg.scrub(c.referrer),
    title: cfg.scrub(c.title),
    channel: at.channel,
    analog: at.analog,
    indirect: at.indirect,
    journey: { touchpoint, session: s.session, days },
  }
  return withCampaign(d, at)
}

// The serialised context of the last custom event, and what it was made of.
let context: Record<string, unknown> = {}
