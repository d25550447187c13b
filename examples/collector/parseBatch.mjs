// Validation of an incoming batch body, after schema/batch.schema.json (the parts a collector relies on),
// and of Segment-spec batches, which are turned into the same events.

/** A request the collector refuses; `status` is the HTTP answer (400, 413 or 415). */
export class BadBatch extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

const MAX_ID_LENGTH = 128
/**
 * Deepest nesting of arrays and objects accepted in a body. A batch needs 3 levels and an event's
 * props rarely more than a few; JSON.parse would accept 10,000, which JSON.stringify and PostgreSQL's
 * jsonb then fail on.
 */
export const MAX_JSON_DEPTH = 64

/** Throws when brackets outside strings nest deeper than MAX_JSON_DEPTH: checked before parsing. */
function checkDepth(text) {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: the next character is escaped
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) throw new BadBatch(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`)
    } else if (c === 93 || c === 125) depth--
  }
}

/**
 * Throws on strings PostgreSQL cannot store: a NUL character, or half of a surrogate pair; JSON
 * allows both (`\u0000`, `\ud800`), and a batch holding one would otherwise fail at every retry.
 */
function checkStrings(value, path) {
  if (typeof value === 'string') {
    if (!value.isWellFormed() || value.includes('\0')) throw new BadBatch(400, `${path} holds a NUL character or a lone surrogate`)
  } else if (value && typeof value === 'object') {
    for (const key in value) {
      checkStrings(key, path)
      checkStrings(value[key], `${path}.${key}`)
    }
  }
}

const readJson = (text) => {
  checkDepth(text)
  let body
  try {
    body = JSON.parse(text)
  } catch {
    throw new BadBatch(400, 'body is not JSON')
  }
  checkStrings(body, 'body')
  return body
}

// Times PostgreSQL takes as timestamptz once JavaScript has read them: years 0001 to 9999.
const isTime = (t) => {
  if (typeof t !== 'string') return false
  const ms = Date.parse(t)
  return ms >= -62135596800000 && ms < 253402300800000
}

/**
 * Checks a parsed batch.
 * @param {any} body
 * @returns {{ sentAt?: string, batchId?: string, dropped?: object, batch: object[] }}
 * @throws {BadBatch} with status 400 and the first problem found
 */
function checkBatch(body) {
  if (!body || typeof body !== 'object' || !Array.isArray(body.batch)) throw new BadBatch(400, 'body needs a "batch" array')
  if (body.batchId != null && typeof body.batchId !== 'string') throw new BadBatch(400, '"batchId" must be a string')
  if (body.dropped != null && (typeof body.dropped !== 'object' || Array.isArray(body.dropped))) throw new BadBatch(400, '"dropped" must be an object')
  body.batch.forEach((e, i) => {
    const where = `batch[${i}]`
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw new BadBatch(400, `${where} is not an object`)
    if (typeof e.id !== 'string' || !e.id || e.id.length > MAX_ID_LENGTH) throw new BadBatch(400, `${where}.id must be a string of 1-${MAX_ID_LENGTH} characters`)
    if (!isTime(e.time)) throw new BadBatch(400, `${where}.time must be an ISO 8601 time`)
    if (typeof e.kind !== 'string' || !e.kind) throw new BadBatch(400, `${where}.kind must be a string`)
  })
  return body
}

/**
 * Parses and checks a batch body.
 * @param {string} text the request body
 * @returns {{ sentAt?: string, batchId?: string, dropped?: object, batch: object[] }}
 * @throws {BadBatch} with status 400 and the first problem found
 */
export const parseBatch = (text) => checkBatch(readJson(text))

// Segment's call types; page and screen are views, track an action, the rest say who someone is.
const SEGMENT_KINDS = { page: 'page', screen: 'page', track: 'custom', identify: 'identify', group: 'group', alias: 'alias' }

/**
 * Parses a Segment-spec batch (what `segmentFormat` and Segment's own libraries send) into waymark
 * events, so that the collector can stand in for a Segment-compatible pipeline. Each message keeps
 * its whole Segment form under `segment`.
 * @param {string} text the request body
 */
export function parseSegmentBatch(text) {
  const body = readJson(text)
  if (!body || typeof body !== 'object' || !Array.isArray(body.batch)) throw new BadBatch(400, 'body needs a "batch" array')
  const batch = body.batch.map((m, i) => {
    if (!m || typeof m !== 'object' || typeof m.messageId !== 'string' || !m.messageId) throw new BadBatch(400, `batch[${i}].messageId must be a string`)
    if (!Object.hasOwn(SEGMENT_KINDS, m.type)) throw new BadBatch(400, `batch[${i}].type must be one of ${Object.keys(SEGMENT_KINDS).join(', ')}`)
    const w = m.context?.waymark ?? {}
    const page = m.context?.page ?? {}
    return {
      ...w,
      id: m.messageId,
      // Segment lets a message go without a timestamp and then uses when it was sent.
      time: m.timestamp ?? body.sentAt,
      kind: w.kind ?? SEGMENT_KINDS[m.type],
      ...(m.type === 'track' && { name: m.event }),
      // Server-side libraries often know only the user; the journey is theirs then.
      anonymousId: m.anonymousId ?? m.userId,
      ...(m.userId != null && { userId: String(m.userId) }),
      url: page.url,
      referrer: page.referrer,
      title: page.title,
      props: m.properties ?? m.traits,
      segment: m,
    }
  })
  return checkBatch({ batchId: body.context?.waymark?.batchId, dropped: body.context?.waymark?.dropped, batch })
}
