// A single-page shop: History API routing, and waymark imported from the package with rules of
// its own. Route changes become page views by themselves; the shop adds what only it knows.
import { createTracker, shareClicks, type Rule, type Tracker } from 'waymark'

type Phase = 'awareness' | 'consideration' | 'conversion' | 'retention' | 'advocacy'
type Events = {
  size_guide_opened: { product: string }
  add_to_cart: { sku: string; price: number }
}

// The shop's own rules, tried before the model's: its comparison page and its size guide mean the
// visitor is weighing a purchase.
const rules: Rule<Phase>[] = [
  { id: 'compare-page', phase: 'consideration', when: { path: '/compare' } },
  { id: 'size-guide', phase: 'consideration', when: { event: 'size_guide_opened' } },
]

const endpoint = document.querySelector<HTMLMetaElement>('meta[name="waymark-endpoint"]')!.content
export const tracker: Tracker<Events> = createTracker({ endpoint, rules, plugins: [shareClicks()] })

const PRODUCTS: Record<string, { name: string; price: number }> = {
  'summit-pack': { name: 'Summit pack 40 L', price: 149 },
  'ridge-jacket': { name: 'Ridge jacket', price: 229 },
}
const cart: string[] = []
const app = document.getElementById('app')!

const views: [RegExp, (m: RegExpMatchArray) => [string, string]][] = [
  [/^\/$/, () => ['Summit Gear', `<h1>Gear for the high trails</h1><ul>${Object.entries(PRODUCTS).map(([id, p]) => `<li><a href="/products/${id}" data-link>${p.name}</a></li>`).join('')}</ul>`]],
  [
    /^\/products\/([\w-]+)$/,
    ([, id]) => [
      `${PRODUCTS[id]?.name ?? 'Not found'} | Summit Gear`,
      `<h1>${PRODUCTS[id]?.name}</h1><p>€${PRODUCTS[id]?.price}</p><button data-add="${id}">Add to cart</button> <button data-size="${id}">Size guide</button> <a id="share" href="https://wa.me/?text=${encodeURIComponent(location.href)}">Share on WhatsApp</a>`,
    ],
  ],
  [/^\/compare$/, () => ['Compare | Summit Gear', '<h1>Compare packs</h1><p>Volume, weight, frame.</p>']],
  [/^\/cart$/, () => ['Cart | Summit Gear', `<h1>Cart</h1><p>${cart.length} item(s)</p><a href="/checkout" data-link>Checkout</a>`]],
  [/^\/checkout$/, () => ['Checkout | Summit Gear', '<h1>Checkout</h1><button data-order>Place order</button>']],
  [/^\/checkout\/thank-you$/, () => ['Order confirmed | Summit Gear', '<h1>Thank you!</h1><p>Your order is on its way.</p>']],
]

const render = () => {
  for (const [re, view] of views) {
    const m = location.pathname.match(re)
    if (m) {
      const [title, html] = view(m)
      app.innerHTML = html
      document.title = title
      return
    }
  }
  app.innerHTML = '<h1>Not found</h1>'
}

export const navigate = (path: string) => {
  history.pushState({}, '', path)
  render()
}

document.addEventListener('click', (e) => {
  const el = e.target as HTMLElement
  const link = el.closest<HTMLAnchorElement>('a[data-link]')
  if (link) {
    e.preventDefault()
    return navigate(link.pathname)
  }
  if (el.dataset.add) {
    const p = PRODUCTS[el.dataset.add]
    cart.push(el.dataset.add)
    tracker.track('add_to_cart', { sku: el.dataset.add, price: p.price })
  }
  if (el.dataset.size) tracker.track('size_guide_opened', { product: el.dataset.size })
  if (el.dataset.order != null) {
    const total = cart.reduce((sum, id) => sum + PRODUCTS[id].price, 0)
    tracker.purchase({ orderId: 'SG-' + Date.now().toString(36).toUpperCase(), value: total, currency: 'EUR', items: cart.length })
    cart.length = 0
    navigate('/checkout/thank-you')
  }
})
addEventListener('popstate', render)
render()
