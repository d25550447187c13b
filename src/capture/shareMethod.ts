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

