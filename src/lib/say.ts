/**
 * What a tracker says in debug mode, by number: the words are in the debug file
 * (`parts/debug.ts`), so that pages without `debug` do not carry them.
 */
export const enum Say {
  Caught,
  NoIndexedDb,
  RuleThrew,
  Repeat,
  Event,
  NoName,
  BadConsent,
  PrivacySignal,
  Consent,
  PropsNotObject,
  PropsReplaced,
  PropsUnreadable,
  PropsTooBig,
  Sent,
  Retry,
  Shrunk,
  Refused,
  FlushFailed,
  Again,
  NotListening,
  NoUserId,
}

/** Prints a message in debug mode: what, the details to show, the values the words name. */
export type Log = (say: Say, detail?: unknown, args?: unknown[]) => void
