// The demo shop's own behaviour: a cart in localStorage, a checkout form and a newsletter form.
// Custom events go through the waymark command queue, as a shop's own code would send them.
const cart = () => JSON.parse(localStorage.getItem('cart') || '[]')
const save = (items) => localStorage.setItem('cart', JSON.stringify(items))
const euro = (n) => '€' + n.toFixed(2)
const total = () => cart().reduce((sum, item) => sum + item.price, 0)

const render = () => {
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(cart().length)
  for (const el of document.querySelectorAll('[data-cart-total]')) el.textContent = euro(total())
  const list = document.querySelector('[data-cart-items]')
  if (list) list.replaceChildren(...cart().map((item) => Object.assign(document.createElement('li'), { textContent: `${item.name}, ${euro(item.price)}` })))
}

for (const button of document.querySelectorAll('[data-add-to-cart]')) {
  button.addEventListener('click', () => {
    const item = { sku: button.dataset.addToCart, name: button.dataset.name, price: Number(button.dataset.price) }
    save([...cart(), item])
    waymark('track', 'add_to_cart', item)
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
  sessionStorage.setItem('lastOrder', JSON.stringify({ orderId: order, value: total(), currency: 'EUR' }))
  save([])
  location.href = '/checkout/thank-you?order=' + order
})

const orderId = new URLSearchParams(location.search).get('order')
const orderEl = document.querySelector('[data-order-id]')
if (orderEl && orderId) orderEl.textContent = orderId

render()
