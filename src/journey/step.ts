import { detectTouchpoint } from '../detect/detectTouchpoint.js'
import { uid } from '../lib/uid.js'
import type { Kind, WireEvent } from '../types.js'

/** What the tracker keeps about one visitor, in IndexedDB beside the queue. */
export interface JourneyState {
  anonymousId: string
  firstSeen: number
  lastSeen: number
  sessionId: string
  sessions: number
  touchpoints: number
  phase?: string
}

/** One captured call, before classification: what `page()`, `track()` and auto-capture record. */
export interface Capture {
  kind: Kind
  name?: string
  /** The props, already serialised (and sanitised); empty when there are none. */
  props: string
  url: string
  referrer: string
  title: string
  /** Epoch milliseconds. */
  time: number
}

/** Inactivity after which the next touchpoint opens a new session, as in most web analytics. */
export const SESSION_TIMEOUT_MS = 1800000
const DAY_MS = 86400000

/**
 * Starts the journey of a visitor nobody has seen before.
 * @param time epoch ms of the first touchpoint
 */
export const newJourney = (time: number): JourneyState => ({
  anonymousId: uid(),
  firstSeen: time,
  lastSeen: time,
  sessionId: uid(),
  sessions: 1,
  touchpoints: 0,
})

/**
 * Advances the journey by one captured call and returns the event, serialised for the queue. The
 * live tracker and `replayJourney` both go through here, so they classify alike.
 * @param s journey state, updated in place
 * @param c the captured call
 */
export const step = (s: JourneyState, c: Capture): string => {
  if (c.time - s.lastSeen > SESSION_TIMEOUT_MS) {
    s.sessions++
    s.sessionId = uid()
  }
  s.lastSeen = Math.max(s.lastSeen, c.time)
  const tp = c.kind == 'page' ? detectTouchpoint(c) : { kind: c.kind, channel: 'internal' as const }
  s.touchpoints++
  const returning = s.sessions > 1
  const phase = returning ? 'consideration' : 'awareness'
  s.phase = phase
  const event: Omit<WireEvent, 'props'> = {
    id: uid(),
    time: new Date(c.time).toISOString(),
    kind: tp.kind,
    ...(c.name != null && { name: c.name }),
    phase,
    rule: returning ? 'return-session' : 'first-session',
    model: 'fivePhase',
    anonymousId: s.anonymousId,
    sessionId: s.sessionId,
    url: c.url,
    referrer: c.referrer,
    title: c.title,
    channel: tp.channel,
    journey: { touchpoint: s.touchpoints, session: s.sessions, days: Math.floor((c.time - s.firstSeen) / DAY_MS) },
  }
  const json = JSON.stringify(event)
  return c.props ? json.slice(0, -1) + ',"props":' + c.props + '}' : json
}
