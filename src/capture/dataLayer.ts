import type { Plugin } from '../options.js'
import { lazyPlugin } from './lazyPlugin.js'

/**
 * Records the e-commerce checkout steps and purchases a site already pushes to Google Tag Manager's
 * `dataLayer`: GA4 events pushed as objects or through `gtag()`, and Universal Analytics' enhanced
 * e-commerce actions (also those pushed before the tracker started), leaving Tag Manager working.
 * The reading code loads on its own (see `lazy.ts`); in the script tag, only on pages with a dataLayer.
 * @param name the dataLayer's global name. Default `dataLayer`.
 */
export const dataLayer =
  ({ name = 'dataLayer' } = {}): Plugin =>
  (tracker) => {
    // Created at once, as Tag Manager's snippet does, so that what is pushed before the hook
    // arrives is in it, and replayed.
    const w = window as unknown as Record<string, unknown>
    w[name] ||= []
    return lazyPlugin('dataLayer', (p) => p.watchEcommerce(name))(tracker)
  }
