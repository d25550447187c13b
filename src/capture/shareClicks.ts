import type { Plugin } from '../options.js'

// Share intents of the networks and messengers, by the URL their share buttons open.
const INTENTS: [string, RegExp][] = [
  ['facebook', /^(www\.|m\.)?(facebook|fb)\.com\/(sharer|share\.php|dialog\/(share|feed))/],
  ['x', /^(www\.|mobile\.)?(twitter|x)\.com\/(intent\/(tweet|post)|share)/],
  ['linkedin', /^(www\.)?linkedin\.com\/(sharing\/share-offsite|shareArticle|cws\/share)/i],
  ['pinterest', /^(\w+\.)?pinterest\.[a-z.]+\/pin\/create/],
  // A message with text and no number is a share; wa.me/<number> is a chat with the shop.
  ['whatsapp', /^(api\.whatsapp\.com\/send|wa\.me\/$|web\.whatsapp\.com\/send)/],
  ['telegram', /^(t|telegram)\.me\/share/],
  ['reddit', /^(www\.)?reddit\.com\/submit/],
  ['xing', /^(www\.)?xing\.com\/(spi\/shares|social\/share)/],
  ['bluesky', /^bsky\.app\/intent\/compose/],
  ['threads', /^(www\.)?threads\.(net|com)\/intent\/post/],
  ['tumblr', /^(www\.)?tumblr\.com\/(widgets\/)?share/],
  ['line', /^(social-plugins\.line\.me|line\.me\/R\/msg)/],
  ['vk', /^vk\.com\/share\.php/],
]

/**
 * The share method a link stands for, or undefined when it is no share link: a share intent of a
 * network or messenger, `whatsapp:`, or a `mailto:` / `sms:` link with a prepared message.
 * @param href the link's absolute URL
 */
export const shareMethod = (href: string): string | undefined => {
  try {
    const u = new URL(href)
    const p = u.protocol
    if (p == 'mailto:' || p == 'sms:') return /[?&](body|subject)=/i.test(u.search) ? (p == 'sms:' ? 'sms' : 'email') : undefined
    const method = p == 'whatsapp:' ? 'whatsapp' : INTENTS.find(([, re]) => re.test(u.host + u.pathname))?.[0]
    return method == 'whatsapp' && (!u.searchParams.get('text') || u.searchParams.get('phone')) ? undefined : method
  } catch {}
}

/**
 * Records a `share` when the visitor clicks a share link (see `shareMethod`), clicks an element
 * marked `data-waymark-share` (its value names the method), calls `navigator.share`, or copies
 * text that holds a link with a referral code.
 * @param referralParams query parameters that carry a referral code
 */
export const shareClicks =
  ({ referralParams = ['ref', 'referral', 'invite'] }: { referralParams?: string[] } = {}): Plugin =>
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
      const text = String(getSelection() || '')
      if (link.test(text)) tracker.share({ method: 'copy' })
    }
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
    return () => {
      document.removeEventListener('click', onClick, { capture: true })
      document.removeEventListener('copy', onCopy)
      if (native) delete (nav as { share?: unknown }).share
    }
  }
