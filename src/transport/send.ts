/** Outcome of one POST: the HTTP status (0 when the network failed) and any `Retry-After`, in ms. */
export interface SendResult {
  status: number
  retryAfterMs?: number
}

/** Chromium, Firefox and WebKit all cap in-flight keepalive bodies at 64 KiB per page. */
export const KEEPALIVE_MAX_BYTES = 65536

/**
 * Reads `Retry-After` as delta-seconds or an HTTP date.
 * @param value the header value, or null
 */
export const parseRetryAfter = (value: string | null): number | undefined => {
  if (!value) return
  const ms = /^\d+$/.test(value) ? +value * 1000 : Date.parse(value) - Date.now()
  return isNaN(ms) ? undefined : Math.max(0, ms)
}

const gzip = (body: string): Promise<ArrayBuffer> =>
  new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()

/**
 * POSTs a batch body as `text/plain`, a CORS-safelisted type, so that a cross-origin collector needs
 * no preflight. With `compress`, the body is gzipped through `CompressionStream` and labelled with
 * `Content-Encoding: gzip`, which does cost a preflight; browsers without `CompressionStream` send
 * it uncompressed. Small bodies go with `keepalive`, so that a navigation does not cancel them.
 * @param endpoint collector URL
 * @param body serialised batch
 * @param compress whether the collector accepts gzip bodies
 */
export const send = async (endpoint: string, body: string, compress?: boolean): Promise<SendResult> => {
  try {
    const zipped = compress && typeof CompressionStream == 'function' ? await gzip(body) : undefined
    const post = (keepalive: boolean) =>
      fetch(endpoint, {
        method: 'POST',
        body: zipped || body,
        headers: zipped ? { 'content-type': 'text/plain', 'content-encoding': 'gzip' } : { 'content-type': 'text/plain' },
        // Cookies go to a collector on the page's own origin (behind the shop's proxy: see identify
        // and stitching), never to one of another site.
        credentials: 'same-origin',
        keepalive,
      })
    const size = zipped ? zipped.byteLength : body.length
    // The keepalive quota is shared with every other in-flight keepalive request of the page (and
    // counts UTF-8 bytes), so a refusal is possible: then send without it.
    const res = await (size < KEEPALIVE_MAX_BYTES - 4096 ? post(true).catch(() => post(false)) : post(false))
    return { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) }
  } catch {
    return { status: 0 }
  }
}

/**
 * Sends a body while the page is going away: `sendBeacon` to a collector on the page's own origin,
 * which the browser delivers after the page is gone, else (another origin, or a beacon refused) a
 * keepalive `fetch` without cookies. Neither tells us whether the collector took it.
 * @returns false when the browser refused both (over its quota, or no API)
 */
export const sendOnHide = (endpoint: string, body: string): boolean => {
  try {
    // A beacon always carries cookies: only to the page's own origin.
    if (navigator.sendBeacon && new URL(endpoint).origin == location.origin && navigator.sendBeacon(endpoint, body)) return true
    fetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'text/plain' } }).catch(() => {})
    return true
  } catch {
    return false
  }
}

/** A site's own way of delivering a batch body: resolves to an HTTP status, or true / false for delivered / retry later. */
export type Transport = (body: string) => Promise<number | boolean> | number | boolean

/**
 * Runs a custom transport, turning its answer (or its failure) into a send result.
 * @param transport the site's function
 * @param body serialised batch
 */
export const viaTransport = async (transport: Transport, body: string): Promise<SendResult> => {
  try {
    const r = await transport(body)
    return { status: r === true ? 200 : typeof r == 'number' ? r : 0 }
  } catch {
    return { status: 0 }
  }
}
