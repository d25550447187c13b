// The order confirmation reports its purchase with value and currency, as a shop's confirmation
// page does from its order data. It runs before the tag (a plain script in the head) so that this
// call is the purchase: the tag records a purchase once per order id, the first report wins, and
// its page view of this URL would report the same order without a value.
;(() => {
  const id = new URLSearchParams(location.search).get('order')
  const order = JSON.parse(sessionStorage.getItem('lastOrder') || 'null')
  // A reload or a shared link: the page view reports the order again, and the tag counts it once.
  if (!id || order?.orderId !== id) return
  sessionStorage.removeItem('lastOrder')
  waymark('init', { autoCapture: { pageViews: false } })
  waymark('purchase', order)
})()
