// The demo shop's own behaviour: prices in three currencies, a cart in localStorage, a checkout form
// and a newsletter form. Custom events go through the waymark command queue, as a shop's own code
// would send them.
const PRICES = {
  'SHOE-1': { EUR: 129, GBP: 109, CHF: 125 },
  'JACKET-1': { EUR: 189, GBP: 159, CHF: 179 },
}
const CURRENCIES = Object.keys(PRICES['SHOE-1'])

const currency = () => (CURRENCIES.includes(localStorage.getItem('currency')) ? localStorage.getItem('currency') : CURRENCIES[0])
const money = (n) => new Intl.NumberFormat('en', { style: 'currency', currency: currency() }).format(n)
const price = (sku) => PRICES[sku][currency()]
const cart = () => JSON.parse(localStorage.getItem('cart') || '[]')
const save = (items) => localStorage.setItem('cart', JSON.stringify(items))
const total = () => cart().reduce((sum, item) => sum + price(item.sku), 0)

const render = () => {
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(cart().length)
  for (const el of document.querySelectorAll('[data-cart-total]')) el.textContent = money(total())
  for (const el of document.querySelectorAll('[data-price-of]')) el.textContent = money(price(el.dataset.priceOf))
  for (const el of document.querySelectorAll('[data-currency]')) el.setAttribute('aria-pressed', String(el.dataset.currency === currency()))
  const list = document.querySelector('[data-cart-items]')
  if (list) list.replaceChildren(...cart().map((item) => Object.assign(document.createElement('li'), { textContent: `${item.name}, ${money(price(item.sku))}` })))
}

for (const button of document.querySelectorAll('[data-currency]')) {
  button.addEventListener('click', () => {
    localStorage.setItem('currency', button.dataset.currency)
    render()
  })
}

for (const button of document.querySelectorAll('[data-add-to-cart]')) {
  button.addEventListener('click', () => {
    const item = { sku: button.dataset.addToCart, name: button.dataset.name }
    save([...cart(), item])
    waymark('track', 'add_to_cart', { ...item, price: price(item.sku), currency: currency() })
    render()
  })
}

document.querySelector('[data-newsletter]')?.addEventListener('submit', (e) => {
  e.preventDefault()
  waymark('track', 'newsletter_signup', { placement: 'home' })
  e.target.hidden = true
  document.querySelector('[data-newsletter-done]').hidden = false
})

document.querySelector('[data-checkout]')?.addEventListener('submit', (e) => {
  e.preventDefault()
  const order = 'TH-' + Math.random().toString(36).slice(2, 8).toUpperCase()
  // The confirmation page reports the purchase with these (order.js).
  sessionStorage.setItem('lastOrder', JSON.stringify({ orderId: order, value: total(), currency: currency() }))
  save([])
  location.href = '/checkout/thank-you?order=' + order
})

const orderId = new URLSearchParams(location.search).get('order')
const orderEl = document.querySelector('[data-order-id]')
if (orderEl && orderId) orderEl.textContent = orderId

render()
