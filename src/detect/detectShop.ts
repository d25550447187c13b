import { toPattern } from './toPattern.js'

/** A checkout step or an order confirmation, as read from a URL. */
export interface ShopStep {
  kind: 'checkout' | 'purchase'
  platform?: string
  step?: string
  orderId?: string
}

/*
 * [platform, confirmation, checkout step], tried on `host/path?query#hash` in lower case: every
 * platform's confirmation first, then every platform's checkout. The shapes come from the
 * platforms' route definitions where they could be read (research notes: shops.md). The last row
 * names no platform: hosted checkouts (checkout.<brand>, Stripe, PayPal) and Saleor.
 */
const RULES: [string, RegExp, RegExp][] = [
  ['shopify', /\/checkouts\/[^?]*\/thank[-_]you|\/\d+\/orders\/\w{32}\?/, /\/checkouts\/|^shop\.app\/checkout/],
  // A shop in another language renames the endpoints (/kasse/bestellung-erhalten/123/); the order
  // key stays, and only the order-pay page adds pay_for_order.
  ['woocommerce', /order-received[/=]\d|^(?!.*pay_for_order)[^#]*[?&]key=wc_order_/, /order-pay[/=]\d|pay_for_order/],
  ['magento', /(onepage|multishipping(\/checkout)?)\/success/, /checkout\/(onepage\/?\?|index|multishipping)|multishipping\/checkout|onestepcheckout|express\/review|checkout\/?\?#(shipping|payment)/],
  ['shopware', /\/checkout\/finish|saction=finish/, /\/checkout\/(confirm|register|shippingpayment)\b|\/account\/order\/edit|finalize-transaction|starget.checkout|sviewport=checkout/],
  ['bigcommerce', /\/checkout\/order-confirmation|finishorder\.php/, /checkout\.php|loadincheckout/],
  ['prestashop', /id_cart=.*id_order=|controller=order-confirmation/, /controller=order\b|\/module\/[\w-]+\/validation/],
  ['opencart', /route=checkout\/success/, /route=(checkout\/(?!cart|failure)|extension\/quickcheckout)/],
  ['sfcc', /(order-confirm|cosummary-submit)[?/]/, /demandware\.store\/.*\/(checkout|co\w+)-|stage=(shipping|payment|placeorder)/],
  ['wix', /thank-you-page\/[\da-f-]{36}/, /appsectionparams/],
  ['squarespace', /checkout\/order-confirmed/, /carttoken/],
  ['ecwid', /~\/orderconfirmation/, /~\/checkout|company\.site\/.*checkout/],
  ['jtl', /bestellabschluss(\.php)?\?/, /bestellvorgang(\.php)?\?|registrieren\.php\?checkout/],
  ['plentymarkets', /\/confirmation\/\d+\//, /\/(place-order|execute-payment)[/?]/],
  ['oscommerce', /checkout_success\.php/, /checkout_\w+\.php/],
  ['zencart', /main_page=checkout_success/, /main_page=checkout_/],
  ['oxid', /cl=thankyou/, /[?&]cl=(user|payment|order)\b/],
  ['volusion', /orderfinished\.asp/, /one-page-checkout\.asp/],
  ['shift4shop', /checkout_thankyou\.asp/, /checkout(-one)?\.asp/],
  ['nopcommerce', /checkout\/completed\b/, /onepagecheckout|checkout\/(select)?(billing|shipping|payment)(address|method|info)|checkoutasguest/],
  // Sylius's /checkout/complete is the summary before the order is placed.
  ['sylius', /\/order\/thank-you/, /checkout\/(select-(shipping|payment)|complete\?#)|\/order\/(after-pay\/|(?=\w*\d)\w{12,}(\/pay)?\?)/],
  ['drupal-commerce', /checkout\/\d+\/complete/, /checkout\/\d+[/?]/],
  ['odoo', /\/shop\/confirmation/, /\/shop\/(checkout|address|extra_info|payment|confirm_order)(\/validate)?\?/],
  ['cs-cart', /dispatch=checkout\.complete/, /dispatch=checkout\.(?!cart)/],
  ['', /^checkout\.[^?]*\?[^#]*\border=/, /^checkout\.|[?&]checkout=\w{20}|paypal\.com\/(checkoutnow|webapps\/hermes)/],
]

/** A checkout word as the first path segment (after a locale), as custom and localised shops use. */
const ROOT = /^(\/(shop|store))?\/(check-?out|embedded-checkout|kass[ae]|commande(-rapide)?|finalizar-compra|afrekenen|bestell(ung|en|ing)|bezahlen|order|pedido|ordine|cassa)(\/|$)/

/** Never a checkout, whatever comes before: /checkout/cart, /checkout/onepage/failure, /order/history. */
const NOT = /\/(cart|basket|warenkorb|panier|failure|history|account|newsletter|contact|kontakt)(\/|$)/

/** A confirmation segment that says "order" itself. */
const DONE = /\/(order-(confirm(ation|ed)|completed?|success|received)|checkout-success|bestellbest(ae|a)tigung)(\/|$)/

/** Words that say nothing about an order on their own: newsletters and contact forms thank too. */
const THANKS = /\/(thank(-?you|_you|s)|danke|vielen-dank|merci|gracias|grazie|bedankt|success|completed?|finish|confirm(ation|ed)|bestaetigung)(\/|$)/

/** An order-confirmation phrase, in a path segment or in the title. */
const PHRASE = /(thank|dank|merci|gracias|grazie|bedankt)[^/|]*(order|bestell|commande|compra|pedido|ordine|purchase|kauf)|order (is )?(confirmed|complete|received|placed)|bestellbest|bestellung (ist )?(abgeschlossen|eingegangen)|commande confirm|confirmation de (la )?commande|pedido confirmado/

const ORDER_PARAM = /[?&#/](?:order_?id|id_order|order(?:_?n(?:o|umber))?|oid|bestellnummer|number|id|i)=([^&#]+)|suniqueid\/([^/?#]+)/i
const ORDER_PATH = /(?:received|confirmation|completed|checkout|page)[/=]([\da-f]{8}-[\da-f-]{27}|\d+)|\/(\d+)\/?\?(?=[^#]*\bkey=wc_order_)/i

const STEPS: [string, RegExp][] = [
  ['login', /login|regist|guest|anmeld/],
  ['review', /review|confirm|summary|overview|place-?order|complete/],
  ['payment', /pay|zahl|billing(?!addr)|checkoutpd|paiement|pago|pagam/],
  ['address', /ad+ress|information|contact|checkoutad|direcci/],
  ['shipping', /ship|deliver|versand|liefer|livraison|envio/],
]

const matches = (patterns: (string | RegExp)[] | undefined, s: string) =>
  patterns?.some((p) => {
    try {
      return toPattern(p).test(s)
    } catch {}
  })

/**
 * Tells a checkout step or an order confirmation from its URL, with the shop system when the URL's
 * shape gives it away. The cart is neither. A bare thank-you page is a confirmation only with order
 * evidence: an order id, an order word earlier in the path, or an order phrase in the title.
 * Precedence: the caller's confirmation patterns, the platforms' confirmations, the caller's
 * checkout patterns, the platforms' checkouts, then generic words.
 * @param url the page
 * @param title the page title, if known
 * @param checkout extra checkout patterns (see `toPattern`)
 * @param purchase extra confirmation patterns
 */
export const detectShop = (
  url: URL,
  title = '',
  checkout?: (string | RegExp)[],
  purchase?: (string | RegExp)[],
): ShopStep | undefined => {
  const raw = url.pathname + url.search + url.hash
  const u = (url.hostname.replace(/^www\./, '') + url.pathname + '?' + url.search.slice(1) + '#' + url.hash.slice(1)).toLowerCase()
  const p = url.pathname
    .toLowerCase()
    .replace(/^\/index\.php/, '')
    .replace(/^\/[a-z]{2}([-_][a-z]{2})?(?=\/|$)/, '')
    .replace(/\/+$/, '')
  const said = PHRASE.test(title.toLowerCase())
  let platform = ''
  let kind: ShopStep['kind'] | undefined = matches(purchase, raw) ? 'purchase' : undefined
  for (const [name, done] of RULES) if (!kind && done.test(u)) (kind = 'purchase'), (platform = name)
  if (!kind && matches(checkout, raw)) kind = 'checkout'
  for (const [name, , step] of RULES) if (!kind && step.test(u)) (kind = 'checkout'), (platform = name)
  if (!kind && !NOT.test(p))
    kind =
      DONE.test(p) || PHRASE.test(p) || (THANKS.test(p) && (said || ROOT.test(p) || ORDER_PARAM.test(raw) || /\/(\d{3,}|[\da-f]{8}-[\da-f-]{27})(\/|$)/.test(p)))
        ? 'purchase'
        : ROOT.test(p)
          ? 'checkout'
          : undefined
  if (!kind) return
  // A checkout that shows its confirmation in place may say so in the title only.
  const out: ShopStep = { kind: said ? 'purchase' : kind }
  if (platform) out.platform = platform
  if (out.kind == 'purchase') {
    const m = ORDER_PARAM.exec(raw) || ORDER_PATH.exec(raw)
    if (m) out.orderId = m[1] || m[2]
  } else {
    const q = url.searchParams
    const step = (s: string) => STEPS.find(([, re]) => re.test(s.toLowerCase()))?.[0]
    // The hash and step parameters name the step more surely than the path. Path segments with
    // digits are tokens and ids, which could spell anything.
    out.step = step(url.hash + [q.get('step'), q.get('stage'), q.get('cl'), q.get('main_page')]) || step(p.split('/').filter((x) => !/\d/.test(x)) + '')
  }
  return out
}
