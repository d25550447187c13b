import type { Channel } from '../types.js'
import { HOSTS } from './hosts.js'
import { parseList } from './parseList.js'

/**
 * A public suffix, roughly: a country code, a generic TLD we list hosts under, or `co.uk`-style
 * pairs. What is left is the "stem", so `google` stands for google.de, google.co.uk and
 * google.com.tr alike (and google.cat, Google's Catalan domain), while trustpilot.com.evil.example
 * keeps its stem and matches nothing.
 */
const SUFFIX = /\.((com?|net|org|ne|or|ac)\.)?([a-z]{2}|com|net|org|app|social|cat)$/

/**
 * Webmail and mail dereferrer hosts, which search-engine lists wrongly file under search: a mail
 * label first (mail., webmail., e.mail., mail2., exmail., poczta., messagerie., …) with at least two
 * labels after it, so that the portals mail.ru and mail.com stay what they are.
 */
const MAIL = /^(deref-|e\.mail\.|((web|e|ex|w|upc)?mail\w*|poczta|messagerie\w*|navigator(-\w+)?|3c(-\w+)?|outlook|lightmailer(-\w+)?|zimbra)\.[^.]+\.)/

/**
 * A portal's search, told by a first label that says "search" in its market's language
 * (search.gmx.com, suche.t-online.de, szukaj.wp.pl, busca.uol.com.br, pesquisa.sapo.pt,
 * ricerca.virgilio.it, lemoteur.orange.fr: the search engine lists name dozens of them), with two
 * labels after it.
 */
const SEARCH = /^(search|suche|szukaj|busca(dor)?|pesquisa|ricerca|lemoteur)\.[^.]+\./

/**
 * Social hosts the table does not list: forums (GA4's list files the forums it knows under social,
 * forums.imore.com and the like) and fediverse servers, told apart by their naming habits: a first
 * label that names the software (mastodon.online, mstdn.jp, misskey.io, lemmy.world, pixelfed.de) or
 * the `.social` TLD, which they took over. Other servers cannot be told from their host.
 */
const SOCIAL = /^(forums?|mastodon|mstdn|masto|toot|misskey|pixelfed|lemmy)\.|\.social$/

let table: Map<string, [Channel, string]> | undefined

const nameOf = (host: string) => host.replace(SUFFIX, '').split('.').pop()!

/**
 * Finds the channel and short source name of a host (or of a bare source name such as `google`),
 * matching exactly or on a dot boundary. Caller-supplied hosts win over the built-in lists and
 * name themselves. See `hosts.ts` for the forms of the table's keys.
 * @param host lower-case host name, or a `utm_source` value
 * @param extra extra hosts per channel
 */
export const lookupHost = (host: string, extra?: Partial<Record<Channel, string[]>>): [Channel, string] | undefined => {
  // A source name as people type it: "Google Shopping", google_shopping.
  const h = host.replace(/^www\d*\./, '').replace(/[\s_]+/g, '-')
  for (const c in extra)
    for (const x of extra[c as Channel] || []) {
      const e = x.toLowerCase()
      if (h == e || h.endsWith('.' + e)) return [c as Channel, h]
    }
  if (MAIL.test(h)) return ['email', h]
  table ||= parseList(HOSTS, (k) => nameOf(k.replace(/^[!^]/, '')))
  const stem = h.replace(SUFFIX, '')
  const labels = h.split('.')
  const stems = stem.split('.')
  const only = (s: string) => table!.get('^' + s)
  let hit = labels[1] ? only(stem) : table.get('!' + h) || only(h)
  for (let i = 0; !hit && i < labels.length; i++) hit = table.get(labels.slice(i).join('.')) || table.get(stems.slice(i).join('.'))
  // A name that says blog, forum or social is someone's post: GA4's list files its 22 blog platforms
  // (blogspot, over-blog, livedoorblog, …) and its forums under social. A bare utm_source only when
  // it starts so (blogger), not a partner's name (partner-blog).
  const word = nameOf(h).search(/blog|forum|social/)
  return (
    hit ||
    // A country or mobile label before a stem-only key: de.yahoo.com, m.naver.com.
    only(stem.replace(/^[a-z]{1,2}\./, '')) ||
    (SEARCH.test(h) ? ['organic-search', nameOf(h.replace(/^[^.]+\./, ''))] : SOCIAL.test(h) || (labels[1] ? word >= 0 : !word) ? ['organic-social', h] : undefined)
  )
}
