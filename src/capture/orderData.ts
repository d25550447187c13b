import type { Plugin } from '../options.js'
import { lazyPlugin } from './lazyPlugin.js'

/** A JSON-LD block that may hold a schema.org Order: the type is written `"Order"` in it. */
const orderBlock = () => [].some.call(document.querySelectorAll('script[type="application/ld+json"]'), (s: Element) => /"Order"/.test(s.textContent || ''))

/**
 * Records a purchase when the page carries a schema.org `Order` in JSON-LD, as order confirmation
 * pages (and confirmation e-mails) of many shop systems do: order number, total and currency.
 * Reads the page once it is parsed; the reading code loads only on pages with such a block.
 */
export const orderData = (): Plugin => lazyPlugin('orderData', (p) => p.readOrder, orderBlock)
