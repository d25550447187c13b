import { expect, test } from 'vitest'
import { detectShop, type ShopStep } from '../../src/detect/detectShop.js'

const shop = (url: string, title?: string) => detectShop(new URL(url), title)

test.each<[string, Partial<ShopStep>]>([
  // Shopify
  ['https://brand.example/checkouts/cn/hWN7YxMNTr99pOTOSFbKIEOf/en-us?_r=AQAB&skip_shop_pay=true', { kind: 'checkout', platform: 'shopify', step: undefined }],
  ['https://brand.example/checkouts/c/7f3b1c2e9a0d4e5f8a6b3c2d1e0f9a8b/shipping', { kind: 'checkout', platform: 'shopify', step: 'shipping' }],
  ['https://brand.example/24681357/checkouts/0a1b2c3d4e5f67890a1b2c3d4e5f6789?previous_step=shipping_method&step=payment_method', { kind: 'checkout', platform: 'shopify', step: 'payment' }],
  ['https://brand.example/24681357/checkouts/0a1b2c3d4e5f67890a1b2c3d4e5f6789?step=contact_information', { kind: 'checkout', platform: 'shopify', step: 'address' }],
  ['https://brand.example/checkouts/c/7f3b1c2e9a0d4e5f8a6b3c2d1e0f9a8b/thank-you?order_id=5512345678901', { kind: 'purchase', platform: 'shopify', orderId: '5512345678901' }],
  ['https://brand.example/checkouts/cn/hWNDQZKNqS7FLBgAANhKclaa/de-de/thank-you?_r=AQAB', { kind: 'purchase', platform: 'shopify' }],
  ['https://brand.example/24681357/checkouts/0a1b2c3d4e5f67890a1b2c3d4e5f6789/thank_you', { kind: 'purchase', platform: 'shopify', orderId: undefined }],
  ['https://brand.example/24681357/orders/9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49', { kind: 'purchase', platform: 'shopify' }],
  ['https://shop.app/checkout/24681357/cn/hWN7YxMNTr99pOTOSFbKIEOf/shoppay', { kind: 'checkout', platform: 'shopify', step: 'payment' }],
  // WooCommerce
  ['https://garten.example/kasse/order-received/48213/?key=wc_order_KfJjClCXNDN2o', { kind: 'purchase', platform: 'woocommerce', orderId: '48213' }],
  ['https://garten.example/de/kasse/order-received/48213/?key=wc_order_KfJjClCXNDN2o', { kind: 'purchase', platform: 'woocommerce', orderId: '48213' }],
  ['https://garten.example/?page_id=8&order-received=1024&key=wc_order_5f9b2c7d1e3a4', { kind: 'purchase', platform: 'woocommerce', orderId: '1024' }],
  // Endpoints renamed in WooCommerce's settings: the order key still says which page it is.
  ['https://garten.example/kasse/bestellung-erhalten/48213/?key=wc_order_KfJjClCXNDN2o', { kind: 'purchase', platform: 'woocommerce', orderId: '48213' }],
  ['https://tienda.example/finalizar-compra/pedido-recibido/2231/?utm_nooverride=1&key=wc_order_gk6mZmhsH5f6c', { kind: 'purchase', platform: 'woocommerce', orderId: '2231' }],
  ['https://garten.example/kasse/bestellung-bezahlen/48213/?pay_for_order=true&key=wc_order_KfJjClCXNDN2o', { kind: 'checkout', platform: 'woocommerce' }],
  ['https://garten.example/checkout/order-pay/48213/?pay_for_order=true&key=wc_order_x', { kind: 'checkout', platform: 'woocommerce', step: 'payment' }],
  ['https://garten.example/kasse/', { kind: 'checkout', platform: undefined }],
  ['https://garten.example/finalizar-compra/', { kind: 'checkout' }],
  ['https://garten.example/afrekenen/', { kind: 'checkout' }],
  // Magento / Adobe Commerce
  ['https://outdoor.example/checkout/#shipping', { kind: 'checkout', platform: 'magento', step: 'shipping' }],
  ['https://outdoor.example/de_de/checkout/#payment', { kind: 'checkout', platform: 'magento', step: 'payment' }],
  ['https://outdoor.example/checkout/onepage/success/', { kind: 'purchase', platform: 'magento' }],
  ['https://outdoor.example/index.php/checkout/onepage/', { kind: 'checkout', platform: 'magento' }],
  ['https://outdoor.example/multishipping/checkout/overview/', { kind: 'checkout', platform: 'magento', step: 'review' }],
  ['https://outdoor.example/multishipping/checkout/addresses/', { kind: 'checkout', platform: 'magento', step: 'address' }],
  ['https://outdoor.example/multishipping/checkout/success/', { kind: 'purchase', platform: 'magento' }],
  ['https://outdoor.example/paypal/express/review/', { kind: 'checkout', platform: 'magento', step: 'review' }],
  // Shopware 5 and 6
  ['https://wein.example/checkout/register', { kind: 'checkout', platform: 'shopware', step: 'login' }],
  ['https://wein.example/checkout/confirm', { kind: 'checkout', platform: 'shopware', step: 'review' }],
  ['https://wein.example/en/checkout/confirm', { kind: 'checkout', platform: 'shopware' }],
  ['https://wein.example/checkout/finish?orderId=0190c3a4b2d17f3e8a9b6c5d4e3f2a1b', { kind: 'purchase', platform: 'shopware', orderId: '0190c3a4b2d17f3e8a9b6c5d4e3f2a1b' }],
  ['https://wein.example/account/order/edit/0190c3a4b2d17f3e8a9b6c5d4e3f2a1b?error-code=CHECKOUT__UNKNOWN_ERROR', { kind: 'checkout', platform: 'shopware' }],
  ['https://wein.example/checkout/shippingPayment', { kind: 'checkout', platform: 'shopware', step: 'payment' }],
  ['https://wein.example/checkout/finish/sUniqueID/e3b0c44298fc1c149afbf4c8996fb924', { kind: 'purchase', platform: 'shopware', orderId: 'e3b0c44298fc1c149afbf4c8996fb924' }],
  ['https://wein.example/shopware.php?sViewport=checkout&sAction=finish', { kind: 'purchase', platform: 'shopware' }],
  // BigCommerce
  ['https://bikes.example/checkout.php', { kind: 'checkout', platform: 'bigcommerce' }],
  ['https://bikes.example/cart.php?action=loadInCheckout&id=bc218c65&token=aa95', { kind: 'checkout', platform: 'bigcommerce' }],
  ['https://bikes.example/checkout/order-confirmation/10234?t=3fa85f64', { kind: 'purchase', platform: 'bigcommerce', orderId: '10234' }],
  ['https://bikes.example/finishorder.php?o=5d41402a', { kind: 'purchase', platform: 'bigcommerce' }],
  // PrestaShop
  ['https://savon.example/fr/commande', { kind: 'checkout' }],
  ['https://savon.example/fr/commande-rapide', { kind: 'checkout' }],
  ['https://savon.example/index.php?controller=order-opc', { kind: 'checkout', platform: 'prestashop' }],
  ['https://savon.example/module/ps_wirepayment/validation', { kind: 'checkout', platform: 'prestashop' }],
  ['https://savon.example/fr/confirmation-commande?id_cart=4521&id_module=31&id_order=2210&key=c81e728d9d4c2f636f067f89cc14862c', { kind: 'purchase', platform: 'prestashop', orderId: '2210' }],
  ['https://savon.example/index.php?controller=order-confirmation&id_cart=1&id_module=2&id_order=3&key=x', { kind: 'purchase', platform: 'prestashop', orderId: '3' }],
  // OpenCart
  ['https://oc.example/index.php?route=checkout/checkout&language=en-gb', { kind: 'checkout', platform: 'opencart' }],
  ['https://oc.example/index.php?route=extension/quickcheckout/checkout', { kind: 'checkout', platform: 'opencart' }],
  ['https://oc.example/index.php?route=checkout/success', { kind: 'purchase', platform: 'opencart' }],
  // Salesforce Commerce Cloud
  ['https://sport.example/on/demandware.store/Sites-RefArch-Site/en_US/Checkout-Begin?stage=payment#payment', { kind: 'checkout', platform: 'sfcc', step: 'payment' }],
  ['https://sport.example/on/demandware.store/Sites-RefArch-Site/en_US/Checkout-Begin?stage=placeOrder#placeOrder', { kind: 'checkout', platform: 'sfcc', step: 'review' }],
  ['https://sport.example/on/demandware.store/Sites-USM-Site/default/COBilling-Start', { kind: 'checkout', platform: 'sfcc', step: 'payment' }],
  ['https://sport.example/on/demandware.store/Sites-RefArch-Site/en_US/Order-Confirm?ID=00012345&token=abc', { kind: 'purchase', platform: 'sfcc', orderId: '00012345' }],
  ['https://sport.example/on/demandware.store/Sites-USM-Site/default/COSummary-Submit', { kind: 'purchase', platform: 'sfcc' }],
  ['https://sport.example/checkout?stage=shipping#shipping', { kind: 'checkout', platform: 'sfcc', step: 'shipping' }],
  // Wix, Squarespace, Ecwid
  ['https://eggs.example/checkout?appSectionParams=%7B%22cartId%22%3A%22a55d%22%7D', { kind: 'checkout', platform: 'wix' }],
  ['https://eggs.example/thank-you-page/0179ed03-42e7-4375-845b-59c1b20ca18a?appSectionParams=%7B%7D', { kind: 'purchase', platform: 'wix', orderId: '0179ed03-42e7-4375-845b-59c1b20ca18a' }],
  ['https://ranch.example/checkout?cartToken=OBEUbArW4L_xPlSD9oXF', { kind: 'checkout', platform: 'squarespace' }],
  ['https://ranch.example/checkout/order-confirmed?oid=6612f0c1a2b3c4d5e6f70812', { kind: 'purchase', platform: 'squarespace', orderId: '6612f0c1a2b3c4d5e6f70812' }],
  ['https://troop.example/pay#!/~/checkoutDelivery', { kind: 'checkout', platform: 'ecwid', step: 'shipping' }],
  ['https://troop.example/pay#!/~/checkoutPD', { kind: 'checkout', platform: 'ecwid', step: 'payment' }],
  ['https://troop.example/pay#!/~/orderConfirmation/orderId=4711', { kind: 'purchase', platform: 'ecwid', orderId: '4711' }],
  // JTL, Plentymarkets, osCommerce family, OXID
  ['https://angel.example/bestellvorgang.php?editZahlungsart=1', { kind: 'checkout', platform: 'jtl' }],
  ['https://angel.example/Bestellvorgang', { kind: 'checkout', platform: 'jtl' }],
  ['https://angel.example/Bestellabschluss?i=a1b2c3d4e5f6', { kind: 'purchase', platform: 'jtl', orderId: 'a1b2c3d4e5f6' }],
  ['https://moebel.example/execute-payment/10542', { kind: 'checkout', platform: 'plentymarkets' }],
  ['https://moebel.example/confirmation/10542/aB3dE5gH7jK9', { kind: 'purchase', platform: 'plentymarkets', orderId: '10542' }],
  ['https://tee.example/checkout_payment.php?XTCsid=8f14', { kind: 'checkout', platform: 'oscommerce', step: 'payment' }],
  ['https://tee.example/checkout_success.php', { kind: 'purchase', platform: 'oscommerce' }],
  ['https://oxid.example/index.php?cl=payment', { kind: 'checkout', platform: 'oxid', step: 'payment' }],
  ['https://oxid.example/index.php?lang=1&cl=thankyou&orderid=6b0d5b4e', { kind: 'purchase', platform: 'oxid', orderId: '6b0d5b4e' }],
  // Others from the research notes
  ['https://zen.example/index.php?main_page=checkout_shipping', { kind: 'checkout', platform: 'zencart', step: 'shipping' }],
  ['https://zen.example/index.php?main_page=checkout_success', { kind: 'purchase', platform: 'zencart' }],
  ['https://cs.example/index.php?dispatch=checkout.checkout', { kind: 'checkout', platform: 'cs-cart' }],
  ['https://cs.example/index.php?dispatch=checkout.complete&order_id=2228162', { kind: 'purchase', platform: 'cs-cart', orderId: '2228162' }],
  ['https://nop.example/checkout/billingaddress', { kind: 'checkout', platform: 'nopcommerce', step: 'address' }],
  ['https://nop.example/en/checkout/completed/1437', { kind: 'purchase', platform: 'nopcommerce', orderId: '1437' }],
  ['https://sylius.example/en_US/checkout/select-payment', { kind: 'checkout', platform: 'sylius', step: 'payment' }],
  ['https://sylius.example/en_US/checkout/complete', { kind: 'checkout', platform: 'sylius', step: 'review' }],
  ['https://sylius.example/en_US/order/thank-you', { kind: 'purchase', platform: 'sylius' }],
  ['https://drupal.example/checkout/57/review', { kind: 'checkout', platform: 'drupal-commerce', step: 'review' }],
  ['https://drupal.example/checkout/57/complete', { kind: 'purchase', platform: 'drupal-commerce', orderId: '57' }],
  ['https://odoo.example/fr_FR/shop/payment', { kind: 'checkout', platform: 'odoo', step: 'payment' }],
  ['https://odoo.example/shop/confirmation', { kind: 'purchase', platform: 'odoo' }],
  ['https://tools.example/one-page-checkout.asp', { kind: 'checkout', platform: 'volusion' }],
  ['https://gadgets.example/checkout_thankyou.asp?i=10482&t=8c2f', { kind: 'purchase', platform: 'shift4shop', orderId: '10482' }],
  ['https://checkout.stripe.com/c/pay/cs_live_a1B2c3D4e5F6#fidkdWx', { kind: 'checkout', step: 'payment' }],
  ['https://www.paypal.com/checkoutnow?token=8AB12345CD678901E', { kind: 'checkout' }],
])('reads %s as %o', (url, expected) => {
  const t = shop(url)
  expect(t).toBeDefined()
  for (const [k, v] of Object.entries(expected)) expect(t![k as keyof ShopStep], k).toBe(v)
})

test.each([
  'https://example.com/cart',
  'https://example.com/cart/40123456789012:1,40123456789013:2',
  'https://example.com/checkout/cart/',
  'https://example.com/de/checkout/cart',
  'https://example.com/warenkorb',
  'https://example.com/panier?action=show',
  'https://example.com/index.php?route=checkout/cart',
  'https://example.com/index.php?dispatch=checkout.cart',
  'https://example.com/index.php?cl=basket',
  'https://example.com/checkout/onepage/failure/',
  'https://example.com/index.php?route=checkout/failure',
  'https://example.com/blog/checkout-tips-for-2024',
  'https://example.com/blogs/news/5-checkout-tips-for-black-friday',
  'https://example.com/products/checkout-bag',
  'https://example.com/product/checkout-bag/',
  'https://example.com/product-page/checkout-tote',
  'https://example.com/checkout-bag-black',
  'https://example.com/collections/checkout-counter-displays',
  'https://example.com/careers/checkout-engineer',
  'https://docs.example.com/api/checkout',
  'https://example.com/how-to-order',
  'https://example.com/order/history',
  'https://example.com/order-tracking',
  'https://example.com/orders',
  'https://example.com/account/orders/1234',
  'https://example.com/my-account/view-order/1024/',
  'https://example.com/sales/order/view/order_id/4711/',
  'https://example.com/24681357/orders/9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49/authenticate?key=3f2e',
  'https://example.com/account/orders/9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49',
  'https://example.com/login?redirect=%2Fcheckout',
  'https://example.com/zahlungsarten',
])('does not take %s for a checkout or a purchase', (url) => {
  expect(shop(url)).toBeUndefined()
})

test.each([
  'https://example.com/thank-you',
  'https://example.com/thankyou',
  'https://example.com/danke',
  'https://example.com/merci',
  'https://example.com/confirmation',
  'https://example.com/pages/thank-you',
  'https://example.com/newsletter/danke',
  'https://example.com/newsletter/bestaetigung?token=5f4dcc3b',
  'https://example.com/kontakt/vielen-dank',
  'https://example.com/contact/thank-you',
  'https://example.com/thank-you?leadId=3f2a9c',
  'https://example.com/download/thank-you?os=Linux',
  'https://example.com/webinar/thank-you',
  'https://example.com/thank-you-page/',
])('does not take the bare thank-you page %s for a purchase', (url) => {
  expect(shop(url)).toBeUndefined()
})

test.each<[string, string | undefined]>([
  ['https://example.com/thankyou?order=100023991', '100023991'],
  ['https://example.com/thank-you?order_id=55', '55'],
  ['https://example.com/danke/12345', undefined],
  ['https://example.com/checkout/thank-you', undefined],
  ['https://example.com/bestellung/danke', undefined],
  ['https://example.com/order/confirmation?orderId=A-10234', 'A-10234'],
  ['https://example.com/order-complete?order_id=55123', '55123'],
  ['https://example.com/bestellbestaetigung?bestellnummer=2024-11873', '2024-11873'],
  ['https://example.com/vielen-dank-fuer-ihre-bestellung', undefined],
  ['https://example.com/merci-pour-votre-commande', undefined],
  ['https://example.com/thank-you-for-your-order', undefined],
  ['https://example.com/checkout/success?session_id=cs_live_a1', undefined],
  ['https://example.com/en-us/checkout/confirmation/00012345', '00012345'],
  ['https://example.com/shop/checkout/complete?number=8a7c0e1b', '8a7c0e1b'],
])('takes %s with order evidence for a purchase (order %s)', (url, orderId) => {
  expect(shop(url)).toEqual(orderId ? { kind: 'purchase', orderId } : { kind: 'purchase' })
})

test.each(['Thank you for your order', 'Order confirmed – Brand', 'Vielen Dank für Ihre Bestellung!', 'Bestellbestätigung | Shop', 'Merci pour votre commande'])(
  'takes a thank-you page titled %j for a purchase',
  (title) => {
    expect(shop('https://example.com/danke', title)).toMatchObject({ kind: 'purchase' })
    expect(shop('https://example.com/checkout', title)).toMatchObject({ kind: 'purchase' })
  },
)

test.each(['Danke für Ihre Anmeldung', 'Thank you for subscribing', 'Thanks!', 'Bestellung | Hilfe'])('leaves a thank-you page titled %j a page', (title) => {
  expect(shop('https://example.com/danke', title)).toBeUndefined()
})

test('does not let an order title make a purchase of an ordinary page', () => {
  expect(shop('https://example.com/blog/post', 'Thank you for your order')).toBeUndefined()
})
