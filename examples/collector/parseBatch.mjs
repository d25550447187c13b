// Validation of an incoming batch body, after schema/batch.schema.json (the parts a collector relies on).

/** A request the collector refuses; `status` is the HTTP answer (400 or 413). */
export class BadBatch extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

const MAX_ID_LENGTH = 128

const readJson = (text) => {
  try {
    return JSON.parse(text)
  } catch {
    throw new BadBatch(400, 'body is not JSON')
  }
}

/**
 * Parses and checks a batch body.
 * @param {string} text the request body
 * @returns {{ sentAt?: string, batchId?: string, dropped?: object, batch: object[] }}
 * @throws {BadBatch} with status 400 and the first problem found
 */
export function parseBatch(text) {
  const body = readJson(text)
  if (!body || typeof body !== 'object' || !Array.isArray(body.batch)) throw new BadBatch(400, 'body needs a "batch" array')
  if (body.batchId != null && typeof body.batchId !== 'string') throw new BadBatch(400, '"batchId" must be a string')
  body.batch.forEach((e, i) => {
    const where = `batch[${i}]`
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw new BadBatch(400, `${where} is not an object`)
    if (typeof e.id !== 'string' || !e.id || e.id.length > MAX_ID_LENGTH) throw new BadBatch(400, `${where}.id must be a string of 1-${MAX_ID_LENGTH} characters`)
    if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time))) throw new BadBatch(400, `${where}.time must be an ISO 8601 time`)
    if (typeof e.kind !== 'string' || !e.kind) throw new BadBatch(400, `${where}.kind must be a string`)
  })
  return body
}

/**
 * Parses a Segment-spec batch (what `segmentFormat` sends) into waymark events, so that the reference
 * collector can stand in for a Segment-compatible pipeline in tests.
 * @param {string} text the request body
 */
export function parseSegmentBatch(text) {
  const body = readJson(text)
  if (!body || !Array.isArray(body.batch)) throw new BadBatch(400, 'body needs a "batch" array')
  const batch = body.batch.map((m, i) => {
    if (!m || typeof m.messageId !== 'string' || !m.messageId) throw new BadBatch(400, `batch[${i}].messageId must be a string`)
    if (m.type !== 'page' && m.type !== 'track') throw new BadBatch(400, `batch[${i}].type must be page or track`)
    const w = m.context?.waymark ?? {}
    const page = m.context?.page ?? {}
    return {
      ...w,
      id: m.messageId,
      time: m.timestamp,
      kind: w.kind ?? (m.type === 'page' ? 'page' : 'custom'),
      ...(m.type === 'track' && { name: m.event }),
      anonymousId: m.anonymousId,
      url: page.url,
      referrer: page.referrer,
      title: page.title,
      props: m.properties,
      segment: m,
    }
  })
  return parseBatch(JSON.stringify({ batchId: body.context?.waymark?.batchId, dropped: body.context?.waymark?.dropped, batch }))
}
