/** What a touchpoint was: an arrival of some sort, or an explicit call. */
export type Kind =
  | 'page'
  | 'custom'
  | 'ad-click'
  | 'review-referral'
  | 'checkout'
  | 'purchase'
  | 'share'
  | 'identify'

/**
 * Where an arrival came from: Google Analytics 4's default channel group (its rules and its source
 * list, in GA4's order), plus waymark's own `internal`, `review-site` and `offline`. See the README's
 * "Touchpoints" for the rule order and the GA4 name of each channel.
 */
export type Channel =
  | 'direct'
  | 'internal'
  | 'cross-network'
  | 'paid-shopping'
  | 'paid-search'
  | 'paid-social'
  | 'paid-video'
  | 'display'
  | 'paid-other'
  | 'organic-shopping'
  | 'organic-social'
  | 'organic-video'
  | 'organic-search'
  | 'referral'
  | 'email'
  | 'affiliate'
  | 'audio'
  | 'sms'
  | 'mobile-push'
  | 'ai-assistant'
  | 'review-site'
  | 'offline'
  | 'unassigned'

/** JSON-serialisable properties of an event. */
export type Props = Record<string, unknown>

/** How the tracker keeps its queue and the journey state. */
export type Storage = 'indexeddb' | 'memory'

/** The campaign fields of an arrival, as far as they are known. */
export interface Campaign {
  channel: Channel
  source?: string
  medium?: string
  campaign?: string
}

/** What the URL and referrer of an arrival tell: campaign, click, shop step, touchpoint matrix. */
export interface ArrivalFields {
  /** utm_source, else the referring engine, network or portal ('google', 'idealo'), else the referrer host. */
  source?: string
  /** utm_medium, else inferred: 'organic', 'cpc', 'social', 'video', 'referral', 'email', 'display', 'affiliate', 'audio', 'ai-assistant'. */
  medium?: string
  campaign?: string
  term?: string
  content?: string
  /** utm_id */
  campaignId?: string
  /** utm_source_platform */
  sourcePlatform?: string
  /** Every recognised click id present, by lower-case parameter name. */
  clickIds?: Record<string, string>
  /** The shop system of a checkout or confirmation URL, when its shape gives it away. */
  platform?: string
  /** The checkout step: from the URL ('login', 'address', 'shipping', 'payment', 'review') or the call. */
  step?: string
  /** The order id or number of a purchase. */
  orderId?: string
  /** The referral code of the landing URL. */
  referralCode?: string
  /** Touchpoint matrix: an offline campaign (print, poster, radio, TV, QR code, direct mail, outdoor, …) rather than digital. */
  analog: boolean
  /** Touchpoint matrix: reached through a third party's word (review portals, forums, referrals) rather than the shop's own or paid voice. */
  indirect: boolean
}

/** One channel contact on the way to a purchase. */
export interface Touch extends Campaign {
  /** ISO 8601 time of the arrival. */
  time: string
}

/** Share of a purchase each channel earns, by attribution model; each model's shares add up to 1. */
export interface Credit {
  firstTouch: Record<string, number>
  lastTouch: Record<string, number>
  linear: Record<string, number>
  positionBased: Record<string, number>
  timeDecay: Record<string, number>
}

/** The way to a purchase, carried by every `purchase` event. */
export interface PurchasePath {
  /** Touchpoints since the previous purchase (or the first visit) before this one. */
  touchpoints: number
  /** Whole days from the first of them to this purchase. */
  days: number
  /** The channels of the arrivals on the way, oldest first, at most `MAX_PATH` of them. */
  channels: Channel[]
  /** How many arrivals the capped list left out in its middle. */
  omitted?: number
  credit: Credit
  firstTouch: Touch
  lastTouch: Touch
}

/** One event on the wire. See `schema/batch.schema.json`. */
export interface WireEvent<P extends Props = Props> extends ArrivalFields {
  /** Unique per event and kept across retries, so a collector can drop duplicates. */
  id: string
  /** ISO 8601 time of the call, on the shopper's clock. */
  time: string
  kind: Kind
  /** Event name, for `custom` events. */
  name?: string
  props?: P
  /** Why the call's props were left out: `too-large` (over 16 KiB serialised), `unreadable`, `not-an-object`. */
  propsDropped?: 'too-large' | 'unreadable' | 'not-an-object'
  phase: string
  /** Id of the rule that decided the phase (`current-phase` when a custom event kept it). */
  rule: string
  model: string
  anonymousId: string
  /** The site's id of the visitor, from `identify()` on, until `reset()`. */
  userId?: string
  sessionId: string
  url: string
  referrer: string
  title: string
  /** The channel of the session this event belongs to. */
  channel: Channel
  /** Purchase value and currency, when known. */
  value?: number
  currency?: string
  /** Share method (`facebook`, `whatsapp`, `email`, `web-share`, `copy`, …), for shares. */
  method?: string
  journey: { touchpoint: number; session: number; days: number }
  /** For purchases: the path that led to it. */
  path?: PurchasePath
}

/** The body of one POST to the collector in the native format. */
export interface Batch {
  sentAt: string
  batchId: string
  /** Events the SDK had to drop before this batch, by reason; absent when none were. */
  dropped?: Partial<Record<'overflow' | 'expired' | 'rejected', number>>
  batch: WireEvent[]
}

/**
 * A call sent before it could be classified: its page went away while the knowledge it needed was
 * still loading, or that knowledge did not load. It carries what `classifyPending` needs to classify
 * it as the tracker would have. A later page that classifies the same call sends it again,
 * classified, under the same id.
 */
export interface UnclassifiedEvent {
  id: string
  time: string
  kind: Kind
  name?: string
  props?: Props
  url: string
  referrer: string
  title: string
  model: string
  anonymousId: string
  userId?: string
  sessionId: string
  step?: string
  orderId?: string
  value?: number
  currency?: string
  method?: string
  unclassified: {
    /** The id of the first call of the run: the calls that waited together, from one journey state. */
    run: string
    /** The call's place in its run. */
    seq: number
    /** The journey state before the run (see `JourneyState`). */
    state: Record<string, unknown>
  }
}
