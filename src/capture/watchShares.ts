import type { Plugin } from '../options.js'
import { shareMethod } from './shareMethod.js'

/**
 * The body of `shareClicks()`: records a share when the visitor clicks a share link (see
 * `shareMethod`) or an element marked `data-waymark-share` (its value names the method), or copies
 * text that holds a link with a referral code.
 * @param referralParams query parameters that carry a referral code
 */
export const watchShares =
  (referralParams: string[]): Plugin =>
  (tracker) => {
    const onClick = (e: Event) => {
      const el = e.target instanceof Element ? e.target.closest('a[href],[data-waymark-share]') : null
      if (!el) return
      const marked = el.getAttribute('data-waymark-share')
      const method = marked != null ? marked || 'link' : shareMethod((el as HTMLAnchorElement).href)
      if (method) tracker.share({ method, url: (el as HTMLAnchorElement).href || location.href })
    }
    const link = RegExp(`[?&](${referralParams.join('|')})=`)
    const onCopy = () => {
      if (link.test(String(getSelection() || ''))) tracker.share({ method: 'copy' })
    }
    document.addEventListener('click', onClick, { capture: true, passive: true })
    document.addEventListener('copy', onCopy, { passive: true })
    return () => {
      document.removeEventListener('click', onClick, { capture: true })
      document.removeEventListener('copy', onCopy)
    }
  }
