import type { Capture, JourneyState } from './journey/step.js'
import { iso } from './journey/touches.js'

/**
 * Turns calls that could not be classified (their knowledge had not arrived when the page went
 * away, or failed to load) into wire events marked `unclassified`. Each carries what a collector
 * needs to classify it as the tracker would have: the journey state the calls start from, the run
 * they belong to and their place in it; `classifyPending` does it. A later page that classifies the
 * same calls sends them again, classified, under the same ids.
 * @param calls the calls, in order
 * @param s the journey state before the first of them
 * @param model the model's id
 * @param scrub removes personal data from URLs and titles
 * @returns one serialised event per call
 */
export const unclassified = (calls: Capture[], s: JourneyState, model: string, scrub: (text: string) => string): string[] => {
  const state = JSON.stringify({ ...s, pending: undefined })
  return calls.map((c, seq) => {
    const { id, type, name, url, referrer, title, time, step, orderId, value, currency, method, userId } = c
    const e = { id, time: iso(time), kind: type == 'track' ? 'custom' : type, name, url: scrub(url), referrer: scrub(referrer), title: scrub(title), model, anonymousId: s.anonymousId, userId: userId ?? s.userId, sessionId: s.sessionId, step, orderId, value, currency, method }
    return JSON.stringify(e).slice(0, -1) + `,"unclassified":{"run":"${calls[0].id}","seq":${seq},"state":${state}}` + (c.props ? ',"props":' + c.props : '') + '}'
  })
}
