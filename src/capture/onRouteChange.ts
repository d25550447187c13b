/**
 * How long a route change may take to settle before its page view is recorded: routers set the
 * new title after they render, and a redirect is a second change within the same moment.
 */
export const ROUTE_SETTLE_MS = 100

/**
 * Calls `onChange` once per real route change of a single-page app, with the URL it came from:
 * through the Navigation API where the browser has it, else through `history.pushState` /
 * `replaceState` and `popstate`; on `hashchange` too when `hash` is set. A change that leaves the URL
 * as it was (routers call `replaceState` with new state only, then `pushState`) counts nothing; a
 * change to the hash alone counts only with `hash`. Also calls it when the page comes back from
 * the back/forward cache.
 * @param onChange gets the previous URL
 * @param hash whether the hash is part of a route
 * @returns a function that stops listening
 */
export const onRouteChange = (onChange: (from: string) => void, hash: boolean): (() => void) => {
  const key = (href: string) => (hash ? href : href.split('#')[0])
  let last = location.href
  let timer: ReturnType<typeof setTimeout> | undefined
  const settle = () => {
    clearTimeout(timer)
    timer = undefined
    const from = last
    if (key(location.href) != key(from)) {
      last = location.href
      onChange(from)
    }
  }
  const changed = () => {
    clearTimeout(timer)
    timer = setTimeout(settle, ROUTE_SETTLE_MS)
  }
  // A page going away with a change still settling records it now.
  const hidden = () => timer && settle()
  // A return to a page of the site: from the page itself, so it reads as internal.
  const restored = (e: PageTransitionEvent) => e.persisted && onChange(location.href)
  const nav = (window as { navigation?: EventTarget }).navigation
  const h = history
  const { pushState, replaceState } = h
  if (nav) nav.addEventListener('navigatesuccess', changed)
  else {
    // Patched on the instance, and only while we listen; the originals come back on stop.
    h.pushState = function (...a) {
      pushState.apply(this, a)
      changed()
    }
    h.replaceState = function (...a) {
      replaceState.apply(this, a)
      changed()
    }
    addEventListener('popstate', changed)
  }
  if (hash) addEventListener('hashchange', changed)
  addEventListener('pagehide', hidden)
  addEventListener('pageshow', restored)
  return () => {
    clearTimeout(timer)
    if (nav) nav.removeEventListener('navigatesuccess', changed)
    else {
      h.pushState = pushState
      h.replaceState = replaceState
      removeEventListener('popstate', changed)
    }
    removeEventListener('hashchange', changed)
    removeEventListener('pagehide', hidden)
    removeEventListener('pageshow', restored)
  }
}
