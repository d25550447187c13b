import { load, type Part, type Parts } from '../lazy.js'
import type { Plugin } from '../options.js'

/**
 * A capture plugin whose body is a knowledge file, loaded once its subject is on the page:
 * at once when `present` is not given, else as soon as `present()` holds when the tracker starts,
 * when the page is parsed, or when it has loaded.
 * @param part the knowledge file holding the body
 * @param body picks the plugin out of the file
 * @param present whether the page has what the plugin reads
 */
export const lazyPlugin =
  <K extends Part>(part: K, body: (p: Parts[K]) => Plugin, present?: () => unknown): Plugin =>
  (tracker) => {
    let stop: (() => void) | void
    let state = 0 // 0 waiting for the subject, 1 started, 2 stopped
    const check = () => {
      if (state || (present && !present())) return
      state = 1
      off()
      load(part).then((p) => state == 1 && (stop = body(p)(tracker)), () => {})
    }
    const off = () => {
      removeEventListener('DOMContentLoaded', check)
      removeEventListener('load', check)
    }
    addEventListener('DOMContentLoaded', check)
    addEventListener('load', check)
    check()
    return () => {
      state = 2
      off()
      stop?.()
    }
  }
