import type { Plugin } from '../options.js'
import { lazyPlugin } from './lazyPlugin.js'

/**
 * A link that may be a share: a superset of what `shareMethod` takes, cheap to test before the
 * share intents load (`test/capture/shareClicks.test.ts` holds it to that).
 */
export const MAYBE_SHARE = /^(mailto|sms):|share|intent|submit|pin\/create|wa\.me|whatsapp|line\.me|dialog\/feed/i

/** Whether the page has something to share with: a link that may be a share, or a marked element. */
const shareable = () => document.querySelector('[data-waymark-share]') || [].some.call(document.links, (a: HTMLAnchorElement) => MAYBE_SHARE.test(a.href))

/**
 * Records a `share` when the visitor clicks a share link (see `shareMethod`), clicks an element
 * marked `data-waymark-share` (its value names the method), calls `navigator.share`, or copies text
 * that holds a link with a referral code. The share intents load on their own (see `lazy.ts`).
 * @param referralParams query parameters that carry a referral code
 * @param whenShareable load the share intents only on pages with a link that may be a share or a
 *   marked element (the script tag does)
 */
export const shareClicks =
  ({ referralParams = ['ref', 'referral', 'invite'] }: { referralParams?: string[] } = {}, whenShareable?: boolean): Plugin =>
  (tracker) => {
    const stop = lazyPlugin('shares', (p) => p.watchShares(referralParams), whenShareable ? shareable : undefined)(tracker)
    // The Web Share API is a share whatever the page holds; patched on the instance, and the
    // prototype's function comes back on stop.
    const nav = navigator as { share?: (data?: ShareData) => Promise<void> }
    const native = nav.share
    if (native)
      nav.share = function (data?: ShareData) {
        tracker.share({ method: 'web-share', url: data?.url })
        return native.call(this, data)
      }
    return () => {
      stop?.()
      if (native) delete (nav as { share?: unknown }).share
    }
  }
