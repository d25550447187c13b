import { describe, expect, test } from 'vitest'
import { createScrubber } from '../../src/privacy/scrubUrl.js'

const scrub = createScrubber()

describe('createScrubber', () => {
  test.each([
    // Password reset and magic-link mails.
    ['https://shop.example/account/reset?token=9f8e7d6c5b4a3f2e1d0c&email=walker%40example.org', 'https://shop.example/account/reset?token=redacted&email=redacted'],
    ['https://shop.example/login/magic?auth_token=abc123def456', 'https://shop.example/login/magic?auth_token=redacted'],
    // OAuth returns.
    ['https://shop.example/oauth/callback?code=4%2F0AbCdEf&state=xyz', 'https://shop.example/oauth/callback?code=redacted&state=xyz'],
    ['https://shop.example/cb#access_token=ya29.a0AfH6SM&token_type=Bearer', 'https://shop.example/cb#access_token=redacted&token_type=Bearer'],
    ['https://shop.example/spa#/products/1', 'https://shop.example/spa#/products/1'],
    ['https://shop.example/spa?token=t#/search?q=a%2Fb', 'https://shop.example/spa?token=redacted#/search?q=a%2Fb'],
    // Session ids in URLs, as old shop systems still add them.
    ['https://shop.example/index.php?route=product&PHPSESSID=q8ajm2k1lv&sid=77aa', 'https://shop.example/index.php?route=product&PHPSESSID=redacted&sid=redacted'],
    ['https://shop.example/cart;jsessionid=1A2B3C?x=1&JSESSIONID=1A2B3C', 'https://shop.example/cart;jsessionid=1A2B3C?x=1&JSESSIONID=redacted'],
    // WooCommerce's order key opens the order page.
    ['https://shop.example/checkout/order-received/1234/?key=wc_order_8aHb7Kd9', 'https://shop.example/checkout/order-received/1234/?key=redacted'],
    // E-mail addresses anywhere.
    ['https://shop.example/newsletter/confirm/walker@example.org', 'https://shop.example/newsletter/confirm/redacted'],
    ['https://shop.example/u/walker+shop@example.org/orders', 'https://shop.example/u/redacted/orders'],
    ['https://shop.example/?utm_source=nl&utm_medium=email&utm_content=jane.doe%40mail.example', 'https://shop.example/?utm_source=nl&utm_medium=email&utm_content=redacted'],
    ['https://shop.example/search?q=contact+me+at+a.b-c%2Bd%40sub.example.co.uk', 'https://shop.example/search?q=redacted'],
    // Contact details from forms that submit by GET.
    ['https://shop.example/contact/sent?first_name=Jane&last-name=Doe&Phone=%2B4930123', 'https://shop.example/contact/sent?first_name=redacted&last-name=redacted&Phone=redacted'],
    // A JWT in any parameter.
    ['https://shop.example/embed?ctx=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcDEF123', 'https://shop.example/embed?ctx=redacted'],
  ])('%s', (url, want) => {
    expect(scrub(url)).toBe(want)
  })

  test('leaves campaign parameters and click ids alone, and an untouched URL exactly as it was', () => {
    const url = 'https://shop.example/p/1?utm_source=google&utm_medium=cpc&gclid=Cj0KCQiA%2Bx&fbclid=IwAR1&ref=FRIEND10'
    expect(scrub(url)).toBe(url)
  })

  test('scrubs text that is no URL of e-mail addresses', () => {
    expect(scrub('Welcome back, walker@example.org | Trailhead')).toBe('Welcome back, redacted | Trailhead')
    expect(scrub('')).toBe('')
  })

  test('takes more names to scrub, and names to keep', () => {
    const custom = createScrubber({ deny: ['voucher'], allow: ['code'] })
    expect(custom('https://shop.example/cart?code=SPRING&voucher=V-1&token=t')).toBe('https://shop.example/cart?code=SPRING&voucher=redacted&token=redacted')
  })
})
