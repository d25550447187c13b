import type { Batch, WireEvent } from '../types.js'

/** Options of `segmentFormat`. */
export interface SegmentFormatOptions {
  /** Sent in the body, where Segment's and RudderStack's batch APIs accept it from browsers. */
  writeKey?: string
}

// Explicit calls map to the names of Segment's e-commerce spec, so downstream tools recognise them.
const TRACK_NAMES: Partial<Record<WireEvent['kind'], string>> = {
  checkout: 'Checkout Step Viewed',
  purchase: 'Order Completed',
  share: 'Product Shared',
}

const segmentEvent = (e: WireEvent) => {
  const { id, time, kind, name, props, anonymousId, userId, url, referrer, title, ...waymark } = e
  let path = ''
  let search = ''
  try {
    ;({ pathname: path, search } = new URL(url))
  } catch {}
  const page = { url, path, search, referrer, title }
  const event = kind == 'custom' ? name : TRACK_NAMES[kind]
  const context = { page, waymark: { kind, ...waymark } }
  // identify() is Segment's identify call, its traits the props.
  if (kind == 'identify') return { type: 'identify', messageId: id, anonymousId, userId, timestamp: time, traits: { ...props }, context }
  return {
    type: event ? 'track' : 'page',
    ...(event ? { event } : { name: title }),
    messageId: id,
    anonymousId,
    ...(userId && { userId }),
    timestamp: time,
    properties: event ? { ...props } : { ...page, ...props },
    context,
  }
}

/**
 * Formats batches as Segment's batch API expects them (also accepted by RudderStack, Jitsu and other
 * pipelines that speak the Segment spec): page views as `page`, `identify()` as `identify` (its
 * traits the props), everything else as `track`; the `userId` of `identify()` on every message from
 * then on; the journey fields travel in `context.waymark`, the event id as `messageId`.
 * @param options `writeKey` of the source
 * @returns a `format` function for `createTracker`
 */
export const segmentFormat =
  ({ writeKey }: SegmentFormatOptions = {}) =>
  (b: Batch): string =>
    JSON.stringify({
      batch: b.batch.map(segmentEvent),
      sentAt: b.sentAt,
      ...(writeKey && { writeKey }),
      context: { library: { name: 'waymark' }, waymark: { batchId: b.batchId, dropped: b.dropped } },
    })
