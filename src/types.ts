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

/** One event on the wire. See `schema/batch.schema.json`. */
export interface WireEvent {
  /** Unique per event and kept across retries, so a collector can drop duplicates. */
  id: string
  /** ISO 8601 time of the call, on the shopper's clock. */
  time: string
  kind: Kind
  /** Event name, for `custom` events. */
  name?: string
  props?: Props
  phase: string
  /** Id of the rule that decided the phase. */
  rule: string
  model: string
  anonymousId: string
  sessionId: string
  url: string
  referrer: string
  title: string
  channel: Channel
  journey: { touchpoint: number; session: number; days: number }
}

/** The body of one POST to the collector in the native format. */
export interface Batch {
  sentAt: string
  batchId: string
  /** Events the SDK had to drop before this batch, by reason; absent when none were. */
  dropped?: Partial<Record<'overflow' | 'expired' | 'rejected', number>>
  batch: WireEvent[]
}
