/**
 * Parses an absolute URL, or returns undefined for a missing or malformed one: the detector and
 * the rules read URLs that pages and callers hand over, which may be anything.
 * @param url the URL, or nothing
 */
export const parseUrl = (url?: string): URL | undefined => {
  try {
    return url ? new URL(url) : undefined
  } catch {}
}
