import type { Channel } from '../types.js'
import { parseList } from './parseList.js'

/**
 * A public suffix, roughly: a country code, a generic TLD we list hosts under, or `co.uk`-style
 * pairs. What is left is the "stem", so `google` stands for google.de, google.co.uk and
 * google.com.tr alike, while trustpilot.com.evil.example keeps its stem and matches nothing.
 */
const SUFFIX = /\.((com?|net|org|ne|or|ac)\.)?([a-z]{2}|com|net|org|app|social)$/

/** Webmail and mail dereferrer hosts, which search-engine lists wrongly file under search. */
const MAIL = /^(deref-|((web|e\.?)?mail|navigator|3c(-\w+)?|outlook|lightmailer(-\w+)?)\.)/

/*
 * One-letter tokens switch the channel (see parseList); `=name` gives the short source name where
 * the stem's last label is not it. Keys are stems, matched on every country domain, or whole hosts
 * where a stem would be ambiguous (t.co, t.me). `^` matches the stem only, not its subdomains:
 * docs.google.com is no search engine. App referrers arrive reversed (gm.android.google.com).
 * i: payment providers, hosted checkouts and sign-in pages, whose return continues the visit.
 */
const HOSTS =
  's ^google news.google images.google googlequicksearchbox.android.google bing msn ^yahoo search.yahoo duckduckgo ecosia qwant startpage search.brave kagi baidu yandex naver seznam daum sogou so.com ask.com aol suche.web=web.de suche.gmx suche.t-online metager mojeek admarketplace ' +
  'o facebook fb=facebook messenger instagram ig=instagram threads twitter=x t.co=x x.com linkedin lnkd=linkedin pinterest pin.it=pinterest reddit tiktok youtube youtu=youtube twitch vimeo snapchat bsky=bluesky mastodon xing vk ok.ru t.me=telegram telegram whatsapp wa.me=whatsapp discord slack quora tumblr t.umblr=tumblr line.me weibo news.ycombinator=hackernews stackoverflow gutefrage ' +
  'e gm.android.google=gmail outlook fastmail posteo mailbox.org tuta ' +
  'r trustpilot trustedshops idealo check24 billiger geizhals guenstiger preisvergleich toppreise verivox testberichte ekomi provenexpert ausgezeichnet shopvote shopauskunft yelp tripadvisor pricerunner pricespy prisjakt ledenicheur kelkoo shopzilla capterra g2.com trustradius sitejabber feefo reviews.io kieskeurig beslist heureka ceneo ' +
  'a chatgpt chat.openai=chatgpt perplexity gemini.google=gemini bard.google=gemini notebooklm.google=notebooklm copilot.microsoft=copilot claude deepseek grok meta.ai mistral you.com poe phind qwen ' +
  'i paypal klarna sofort stripe shop.app myshopify checkout.shopify mollie adyen pay.amazon pay.google unzer pay1 payone afterpay clearpay affirm ratepay riverty payu przelewy24 buckaroo multisafepay twint worldpay squareup accounts.google ' +
  'd doubleclick googlesyndication taboola outbrain criteo f tradedoubler awin'

let table: Map<string, [Channel, string]> | undefined

const nameOf = (host: string) => host.replace(SUFFIX, '').split('.').pop()!

/**
 * Finds the channel and short source name of a host (or of a bare source name such as `google`),
 * matching exactly or on a dot boundary. Caller-supplied hosts win over the built-in lists and
 * name themselves.
 * @param host lower-case host name, or a `utm_source` value
 * @param extra extra hosts per channel
 */
export const lookupHost = (host: string, extra?: Partial<Record<Channel, string[]>>): [Channel, string] | undefined => {
  const h = host.replace(/^www\d*\./, '')
  for (const c in extra)
    for (const x of extra[c as Channel] || []) {
      const e = x.toLowerCase()
      if (h == e || h.endsWith('.' + e)) return [c as Channel, h]
    }
  if (MAIL.test(h)) return ['email', h]
  table ||= parseList(HOSTS, (k) => nameOf(k.replace('^', '')))
  const stem = h.replace(SUFFIX, '')
  const labels = h.split('.')
  const stems = stem.split('.')
  for (let i = 0; i < labels.length; i++) {
    const hit = table.get(labels.slice(i).join('.')) || table.get(stems.slice(i).join('.')) || (!i && table.get('^' + stem))
    if (hit) return hit
  }
}
