import { load } from '../lazy.js'
import type { Plugin } from '../options.js'

/**
 * A link that may be a share: a superset of what `shareMethod` takes, cheap to test before the
 * share intents load (`test/capture/shareClicks.test.ts` holds it to that).
 */
export const MAYBE_SHARE = /^(mailto|sms):|share|intent|submit|pin\/create|wa\.me|whatsapp|line\.me|dialog\/feed/i

/**
 * Records a `share` when the visitor clicks a share link (see `shareMethod`), clicks an element
 * marked `data-waymark-share` (its value names the method), calls `navigator.share`, or copies
 * text that holds a link with a referral code. The networks' share intents load once the page has
 * a link that may be one, or the visitor clicks one.
 * @param referralParams query parameters that carry a referral code
 */
export const shareClicks =
  ({ referralParams = ['ref', 'referral', 'invite'] }: { referralParams?: string[] } = {}): Plugin =>
  (tracker) => {
    const methodOf = (href: string) => load('shares').then((p) => p.shareMethod(href))
    const onClick = (e: Event) => {
      const el = e.target instanceof Element ? e.target.closest('a[href],[data-waymark-share]') : null
      if (!el) return
      const marked = el.getAttribute('data-waymark-share')
      const href = (el as HTMLAnchorElement).href
      if (marked != null) tracker.share({ method: marked || 'link', url: href || location.href })
      else if (MAYBE_SHARE.test(href)) methodOf(href).then((method) => method && tracker.share({ method, url: href }), () => {})
    }
    const link = RegExp(`[?&](${referralParams.join('|')})=`)
    const onCopy = () => {
      if (link.test(String(getSelection() || ''))) tracker.share({ method: 'copy' })
    }
    // A page with links that may be shares has the intents ready before the first click.
    const look = () => [].some.call(document.links, (a: HTMLAnchorElement) => MAYBE_SHARE.test(a.href)) && load('shares').catch(() => {})
    const nav = navigator as { share?: (data?: ShareData) => Promise<void> }
    const native = nav.share
    if (native)
      // Patched on the instance; the prototype's function comes back on stop.
      nav.share = function (data?: ShareData) {
        tracker.share({ method: 'web-share', url: data?.url })
        return native.call(this, data)
      }
    document.addEventListener('click', onClick, { capture: true, passive: true })
    document.addEventListener('copy', onCopy, { passive: true })
    if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', look, { once: true })
    else look()
    return () => {
      document.removeEventListener('click', onClick, { capture: true })
      document.removeEventListener('copy', onCopy)
      document.removeEventListener('DOMContentLoaded', look)
      if (native) delete (nav as { share?: unknown }).share
    }
  }
