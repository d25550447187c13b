import { afterEach, describe, expect, test, vi } from 'vitest'
import { MAYBE_SHARE, shareClicks } from '../../src/capture/shareClicks.js'
import { shareMethod } from '../../src/capture/shareMethod.js'
import { load } from '../../src/lazy.js'

describe('shareMethod', () => {
  test.each([
    ['https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example%2Fp%2F1', 'facebook'],
    ['https://m.facebook.com/dialog/share?href=x', 'facebook'],
    ['https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example', 'x'],
    ['https://x.com/intent/post?text=hi', 'x'],
    ['https://www.linkedin.com/sharing/share-offsite/?url=x', 'linkedin'],
    ['https://www.linkedin.com/shareArticle?mini=true&url=x', 'linkedin'],
    ['https://www.pinterest.de/pin/create/button/?url=x', 'pinterest'],
    ['https://api.whatsapp.com/send?text=look', 'whatsapp'],
    ['https://wa.me/?text=look', 'whatsapp'],
    ['whatsapp://send?text=look', 'whatsapp'],
    ['https://web.whatsapp.com/send?text=look', 'whatsapp'],
    ['https://t.me/share/url?url=x', 'telegram'],
    ['https://www.reddit.com/submit?url=x', 'reddit'],
    ['https://www.xing.com/spi/shares/new?url=x', 'xing'],
    ['https://bsky.app/intent/compose?text=x', 'bluesky'],
    ['https://www.threads.net/intent/post?text=x', 'threads'],
    ['mailto:?subject=Look&body=https%3A%2F%2Fshop.example', 'email'],
    ['sms:?&body=look', 'sms'],
  ])('%s is a share (%s)', (href, method) => {
    expect(shareMethod(href)).toBe(method)
  })

  test.each(['https://wa.me/4915112345678', 'https://api.whatsapp.com/send?phone=4915112345678&text=Hello', 'https://www.facebook.com/trailhead', 'https://twitter.com/trailhead', 'mailto:service@shop.example', 'https://shop.example/share-your-story', 'not a url'])(
    '%s is no share',
    (href) => {
      expect(shareMethod(href)).toBeUndefined()
    },
  )
})

describe('shareClicks', () => {
  let stop: (() => void) | void
  afterEach(() => {
    stop?.()
    document.body.innerHTML = ''
  })
  const tracker = () => ({ share: vi.fn() })

  test('records a click on a share link, and on an element marked data-waymark-share', async () => {
    const t = tracker()
    stop = shareClicks()(t as never)
    // The share intents load on their own; the visitor clicks later.
    await load('shares')
    // happy-dom follows links; a browser would leave the page, which this test does not want either.
    const stay = (e: Event) => e.preventDefault()
    document.addEventListener('click', stay)
    document.body.innerHTML = '<a id="wa" href="https://wa.me/?text=x"><span>WhatsApp</span></a><button data-waymark-share="copy-link">Copy</button><a id="plain" href="/about">About</a>'
    ;(document.querySelector('#wa span') as HTMLElement).click()
    ;(document.querySelector('button') as HTMLElement).click()
    ;(document.querySelector('#plain') as HTMLElement).click()
    document.removeEventListener('click', stay)
    expect(t.share.mock.calls.map(([s]) => s.method)).toEqual(['whatsapp', 'copy-link'])
  })

  test('records calls to navigator.share and still makes them', async () => {
    const native = vi.fn(async () => {})
    Object.defineProperty(Navigator.prototype, 'share', { value: native, configurable: true, writable: true })
    const t = tracker()
    stop = shareClicks()(t as never)
    await navigator.share({ url: 'https://shop.example/p/1' })
    expect(native).toHaveBeenCalledOnce()
    expect(t.share).toHaveBeenCalledWith({ method: 'web-share', url: 'https://shop.example/p/1' })
    stop!()
    stop = undefined
    expect(navigator.share).toBe(native)
  })

  test('every link that is a share passes the cheap test that loads the share intents', () => {
    const shares = [
      'https://www.facebook.com/sharer/sharer.php?u=x', 'https://m.facebook.com/dialog/feed?link=x', 'https://twitter.com/intent/tweet?text=x', 'https://x.com/intent/post?text=x',
      'https://www.linkedin.com/sharing/share-offsite/?url=x', 'https://www.linkedin.com/shareArticle?url=x', 'https://pinterest.com/pin/create/button/?url=x',
      'https://api.whatsapp.com/send?text=x', 'https://wa.me/?text=x', 'whatsapp://send?text=x', 'https://t.me/share/url?url=x', 'https://www.reddit.com/submit?url=x',
      'https://www.xing.com/spi/shares/new?url=x', 'https://bsky.app/intent/compose?text=x', 'https://www.threads.net/intent/post?text=x', 'https://www.tumblr.com/widgets/share/tool?url=x',
      'https://social-plugins.line.me/lineit/share?url=x', 'https://line.me/R/msg/text/?x', 'https://vk.com/share.php?url=x', 'mailto:?subject=Look&body=x', 'sms:?body=x',
    ]
    for (const href of shares) {
      expect(shareMethod(href), href).toBeTruthy()
      expect(MAYBE_SHARE.test(href), href).toBe(true)
    }
  })

  test('stops listening when stopped', async () => {
    const t = tracker()
    const stop = shareClicks()(t as never)!
    await load('shares')
    stop()
    document.body.innerHTML = '<a href="https://wa.me/?text=x">x</a>'
    ;(document.querySelector('a') as HTMLElement).click()
    expect(t.share).not.toHaveBeenCalled()
  })
})
