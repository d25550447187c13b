import { afterEach, expect, test, vi } from 'vitest'
import { orderData } from '../../src/capture/orderData.js'

afterEach(() => {
  document.head.innerHTML = ''
})

const ld = (data: unknown) => {
  const s = document.createElement('script')
  s.type = 'application/ld+json'
  s.textContent = JSON.stringify(data)
  document.head.append(s)
}

test('records a purchase from a schema.org Order on the page', async () => {
  ld({ '@context': 'https://schema.org', '@type': 'WebPage', name: 'Thanks' })
  ld({
    '@context': 'https://schema.org',
    '@graph': [{ '@type': 'Order', orderNumber: 'WM-1001', orderStatus: 'https://schema.org/OrderProcessing', totalPaymentDue: { '@type': 'PriceSpecification', price: '129.00', priceCurrency: 'EUR' } }],
  })
  const t = { purchase: vi.fn() }
  orderData()(t as never)
  // The reading code loads on its own, because the page has an Order.
  await vi.waitFor(() => expect(t.purchase).toHaveBeenCalledWith({ orderId: 'WM-1001', value: 129, currency: 'EUR', via: 'json-ld' }))
})

test('ignores pages without an Order, and JSON-LD that does not parse', () => {
  const s = document.createElement('script')
  s.type = 'application/ld+json'
  s.textContent = '{ not json'
  document.head.append(s)
  ld({ '@type': 'Product', name: 'Shoe' })
  const t = { purchase: vi.fn() }
  orderData()(t as never)
  expect(t.purchase).not.toHaveBeenCalled()
})
