/**
 * Calls `onEntry` for every entry of the page's dataLayer: those pushed before, and every later
 * one. It wraps `push` through an accessor, so that Tag Manager, which installs its own `push` when
 * it loads, keeps working and stays wrapped: calls go to whatever `push` was installed last, and
 * reach `onEntry` after it. Several watchers can share one dataLayer.
 * @param name the dataLayer's global name
 * @param onEntry called with each entry
 * @returns a function that stops watching
 */
export const watchDataLayer = (name: string, onEntry: (entry: unknown) => void): (() => void) => {
  const w = window as unknown as Record<string, unknown[]>
  // Creating it early is what the Tag Manager snippet does too.
  const layer = (w[name] ||= [])
  if (!Array.isArray(layer)) return () => {}
  const base = layer.push
  let inner = base
  let depth = 0
  let stopped = false
  // A push installed later may call the push it found, which is this one: it must not loop.
  function push(this: unknown, ...args: unknown[]) {
    if (depth) return base.apply(layer, args)
    depth++
    try {
      return inner.apply(layer, args)
    } finally {
      depth--
      if (!stopped) for (const a of args) onEntry(a)
    }
  }
  for (const entry of layer) onEntry(entry)
  Object.defineProperty(layer, 'push', { configurable: true, get: () => push, set: (f) => (inner = f) })
  return () => {
    stopped = true
    // Give the array the push that is current, unless another watcher wrapped it since.
    if (layer.push == push) Object.defineProperty(layer, 'push', { configurable: true, writable: true, value: inner })
  }
}
