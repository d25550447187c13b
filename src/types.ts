/** What a touchpoint was: an arrival of some sort, or an explicit call. */
export type Kind =
  | 'page'
  | 'custom'
  | 'ad-click'
  | 'review-referral'
  | 'checkout'
  | 'purchase'
  | 'share'

/** Where an arrival came from, after Google Analytics 4's default channel grouping, plus review sites and AI assistants. */
export type Channel =
  | 'direct'
  | 'internal'
  | 'organic-search'
  | 'paid-search'
  | 'organic-social'
  | 'paid-social'
  | 'display'
  | 'email'
  | 'review-site'
  | 'ai-assistant'
  | 'referral'
  | 'affiliate'

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
export interface WireEvent<P extends Props = Props> {
  /** Unique per event and kept across retries, so a collector can drop duplicates. */
  id: string
  /** ISO 8601 time of the call, on the shopper's clock. */
  time: string
  kind: Kind
  /** Event name, for `custom` events. */
  name?: string
  props?: P
  phase: string
  /** Id of the rule that decided the phase (`current-phase` when a custom event kept it). */
  rule: string
  model: string
  anonymousId: string
  sessionId: string
  url: string
  referrer: string
  title: string
  /** The channel of the session this event belongs to. */
  channel: Channel
  source?: string
  medium?: string
  campaign?: string
  term?: string
  content?: string
  campaignId?: string
  sourcePlatform?: string
  clickIds?: Record<string, string>
  /** The shop system, for checkout and purchase pages it recognised. */
  platform?: string
  /** Checkout step, for checkout events. */
  step?: string
  /** Order id, for purchases. */
  orderId?: string
  /** Purchase value and currency, when known. */
  value?: number
  currency?: string
  /** Referral code the visitor arrived with. */
  referralCode?: string
  /** Share method (`facebook`, `whatsapp`, `email`, `web-share`, `copy`, …), for shares. */
  method?: string
  /** Touchpoint matrix: analog (print, poster, QR, radio, TV) rather than digital. */
  analog: boolean
  /** Touchpoint matrix: indirect (review portals, forums, referrals) rather than direct. */
  indirect: boolean
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
