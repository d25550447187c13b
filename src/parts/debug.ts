// Knowledge file: debug output, loaded only with `debug`.
import { dataAttribute } from '../lib/dataAttribute.js'
import { MAX_PROPS_BYTES } from '../lib/toJson.js'
import { Say } from '../lib/say.js'
import type { WireEvent } from '../types.js'

type Words = (args: any[], detail: any) => string

const WORDS: Record<Say, Words> = {
  [Say.Caught]: () => 'caught an error',
  [Say.NoIndexedDb]: () => 'IndexedDB unavailable, keeping events in memory',
  [Say.RuleThrew]: ([id]) => `rule "${id}" threw and was skipped`,
  [Say.Repeat]: ([type]) => `${type} repeats what this page already recorded; skipped`,
  [Say.Event]: (_, e: WireEvent) => `${e.kind == 'custom' ? e.kind + ' ' + e.name : e.kind} → ${e.phase} (rule ${e.rule}, channel ${e.channel})`,
  [Say.NoName]: () => 'track() needs an event name',
  [Say.BadConsent]: () => 'setConsent() takes "granted", "pending" or "denied"',
  [Say.PrivacySignal]: () => 'consent not taken: the browser sends Global Privacy Control or Do Not Track',
  [Say.Consent]: ([state]) => 'consent ' + state,
  [Say.PropsNotObject]: () => 'props must be a plain object; dropped',
  [Say.PropsReplaced]: () => 'props could not be serialised as they were; unserialisable values were replaced',
  [Say.PropsUnreadable]: () => 'props are unreadable; dropped',
  [Say.PropsTooBig]: () => `props over ${MAX_PROPS_BYTES} bytes; dropped`,
  [Say.Sent]: ([n, status]) => `sent ${n} event${n == 1 ? '' : 's'} → ${status}`,
  [Say.Retry]: ([status, ms]) => `delivery failed (${status || 'network'}), retry in ${Math.round(ms)} ms`,
  [Say.Shrunk]: ([n]) => `collector said 413, batches now at most ${n} events`,
  [Say.Refused]: ([n, status]) => `collector refused ${n} events with ${status}; dropped`,
  [Say.FlushFailed]: () => 'flush failed',
  [Say.Again]: ([name]) => `a tracker named "${name}" already runs on this page: that one is returned, not a second`,
  [Say.NoUserId]: () => 'identify() needs a user id: a non-empty string or a number',
  [Say.NotListening]: ([status, ms, n]) => `the collector answered ${status}: nobody takes batches at this endpoint (yet?); ${n} events stay stored, retry in ${Math.round(ms / 1000)} s`,
}

/**
 * The words of a message.
 * @param say which message
 * @param args the values it names
 * @param detail the details it shows
 */
export const words = (say: Say, args: unknown[] = [], detail?: unknown) => WORDS[say](args, detail)

/**
 * Prints one line, or a collapsed group with the details inside.
 * @param say which message
 * @param detail what the group holds
 * @param args the values the words name
 */
export const print = (say: Say, detail?: unknown, args?: unknown[]) => {
  const title = '[waymark] ' + words(say, args, detail)
  if (detail === undefined) return console.info(title)
  console.groupCollapsed(title)
  console.log(detail)
  console.groupEnd()
}

// The options a script tag can be given as data- attributes.
const OPTIONS =
  'endpoint storage flushInterval batchSize batchBytes maxQueueEvents maxQueueBytes maxAge compress debug autoCapture name model rules replaceRules halfLifeDays consent privacySignals scrub'.split(' ')

// How many single-character edits turn a into b.
const distance = (a: string, b: string) => {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]
}

/**
 * Says which of a tag's data- attributes are no option of waymark, with the closest one that is:
 * a misspelled attribute is otherwise ignored without a word.
 * @param keys the tag's dataset keys
 */
export const unknownAttributes = (keys: string[]) => {
  for (const k of keys) {
    if (OPTIONS.includes(k)) continue
    const near = OPTIONS.map((o) => [distance(k.toLowerCase(), o.toLowerCase()), o] as const).sort((a, b) => a[0] - b[0])[0]
    console.warn(`waymark: ${dataAttribute(k)} is no option of waymark and is ignored` + (near[0] <= 3 ? `; did you mean ${dataAttribute(near[1])}?` : ''))
  }
}
