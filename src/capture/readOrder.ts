import type { Plugin } from '../options.js'

type Node = Record<string, any>

// Finds a schema.org Order in parsed JSON-LD, also inside @graph and nested values.
const findOrder = (node: unknown, depth = 0): Node | undefined => {
  if (!node || typeof node != 'object' || depth > 6) return
  if (Array.isArray(node)) {
    for (const n of node) {
      const o = findOrder(n, depth + 1)
      if (o) return o
    }
    return
  }
  const type = (node as Node)['@type']
  if (type == 'Order' || (Array.isArray(type) && type.includes('Order'))) return node as Node
  for (const v of Object.values(node)) {
    const o = findOrder(v, depth + 1)
    if (o) return o
  }
}

/**
 * The body of `orderData()`: records a purchase from a schema.org `Order` in the page's JSON-LD
 * (order number, total and currency), once the page is parsed.
 */
export const readOrder: Plugin = (tracker) => {
  const read = () => {
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      let order: Node | undefined
      try {
        order = findOrder(JSON.parse(script.textContent || ''))
      } catch {}
      if (!order) continue
      const total = order.totalPaymentDue || order.acceptedOffer?.priceSpecification || {}
      tracker.purchase({
        orderId: order.orderNumber ?? order.confirmationNumber,
        value: Number(total.price ?? order.price) || undefined,
        currency: total.priceCurrency ?? order.priceCurrency,
        via: 'json-ld',
      })
      return
    }
  }
  if (document.readyState == 'loading') {
    document.addEventListener('DOMContentLoaded', read, { once: true })
    return () => document.removeEventListener('DOMContentLoaded', read)
  }
  read()
}
