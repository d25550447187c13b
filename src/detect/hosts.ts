/*
 * The referrer and source table of the arrival knowledge, read by `parseList`: a one-letter token
 * switches the channel (s search, o social, v video, b shopping, e email, u audio, r review,
 * a AI assistant, i internal, d display, f affiliate), a key may carry `=name` (the short source
 * name, where the stem's last label is not it). Keys are stems (hosts without their public suffix,
 * so `amazon` stands for amazon.de and amazon.co.jp alike) matched on a label boundary, or whole
 * hosts where a stem would be ambiguous (t.co, is.gd). `^key` matches the stem only, or with one
 * short country label before it (de.yahoo.com, m.naver.com), not its other subdomains
 * (docs.google.com is no search engine); `!key` matches only a bare utm_source value, never a host
 * (the source `cnn` is a search toolbar, cnn.com a news site). App referrers arrive reversed
 * (gm.android.google for com.google.android.gm).
 *
 * Hosts are facts taken from public lists; each group names its list. Groups are sorted so that
 * brotli finds the shared prefixes: `test/detect/hostTable.test.ts` prints the bytes per channel.
 * GA4 = Google's source-category list (test/detect/corpus/ga4-source-categories.tsv, the copy in
 * Velir/dbt-ga4 seeds/ga4_source_categories.csv, 2023-11); M = matomo-org/searchengine-and-social-list
 * (SearchEngines.yml, Socials.yml, AIAssistants.yml, 2026-07); SP = snowplow-referer-parser
 * referers.yml (2025-11); umami = umami-software/umami src/lib/constants.ts; PH = PostHog's channel
 * definitions (PRs #69771, #71479, #72779); W = waymark's own earlier research (channels.tsv); K = well
 * known, not found in a public list.
 */

/**
 * The host table; see the comment at the top of this file. One constant expression, so that a
 * bundler drops it from code that never looks a host up; the groups in the order brotli packs best.
 */
export const HOSTS =
  // M, SP, PH and W networks and link shims GA4 does not list (Bluesky, Threads, Discord, GitHub,
  // Substack, Slack, Telegram, the Chinese, Russian and Japanese networks; xiaohongshu, zhihu, pikabu
  // and note.com are K), and the fediverse's big servers (M's Mastodon and Pixelfed lists; lookupHost
  // also knows their naming habits); last, TikTok's Android app, whose links arrive from
  // android-app://com.zhiliaoapp.musically (reversed like the Google app's below; its Play Store id, K).
  // Each key costs 15 to 40 B brotli: the other apps (LINE, Weibo, the AI apps) did not fit the budget.
  'o bilibili bsky=bluesky c.im=mastodon discord disq=disqus douyin dribbble fosstodon github hachyderm joinmastodon=mastodon mamot mas.to=mastodon ' +
  'mastodon mastodonapp my.mail note.com ok.ru=odnoklassniki pawoo pikabu pin.it=pinterest pxlmo slack social.tchncs social.vivaldi substack t.cn=weibo ' +
  't.umblr=tumblr telegram threads universeodon wa.me=whatsapp weixin.qq=wechat !x x.com xiaohongshu zhihu zhiliaoapp=tiktok ' +
  // GA4 SOCIAL, all but the review portals (trustpilot, yelp, tripadvisor, dianping, mouthshut: review
  // sites here), the blogs and forums that lookupHost tells by their name (blogspot.com,
  // drugs-forum.com), and twelve small or closed networks left out for bytes (asmallworld,
  // lifestream.aol, plus.url.google, wiki.answers, …: the GA4 list test names them). The other
  // closed ones stay: GA4 counts them.
  'o 43things 51 5ch academia.edu activerain activeworlds addthis airg allnurses allrecipes alumniclass ameba ameblo americantowns ancestry anobii ' +
  'answerbag answers.yahoo aolanswers artstation askubuntu athlinks awe.sm baby-gaga badoo bebo beforeitsnews bharatstudent biip biswap bit.ly ' +
  'blackplanet blip blog.goo blog.naver blog.yahoo blurtit bookmarks.yahoo brightkite brizzly buzzfeed buzznet cafe.naver cafemom camospace care care2 ' +
  'caringbridge catster cbnt cellufun chegg chicagonow chiebukuro.yahoo classmates classquest cocolog-nifty couchsurfing cozycot cross.tv crunchyroll ' +
  'cyworld deluxe deviantart digg diigo disqus dogster dol2day doostang dopplr douban draugiem dzone elftown epicurious everforo exblog extole facebook ' +
  'faceparty fandom fanpop fark fb=facebook fc2 feedspot feministing filmaffinity flickr flipboard folkdirect foodservice fotki fotolog foursquare ' +
  'friendfeed fubar gaiaonline gamerdna gather geni getpocket glassboard glassdoor godtube goldenline goldstar goo.gl gooblog goodreads google+ ' +
  'googlegroups googleplus govloop gowalla gree groups.google gulli gutefrage habbo hatena hi5 hootsuite houzz hoverspot hr.com hubculture hubpages hyves ' +
  'ibibo identi !ig=instagram imageshack imvu insanejournal instagram instapaper internations interpals intherooms is.gd italki jammerdirect jappy ' +
  'kaboodle kakao kakaocorp kaneva kin.naver last.fm librarything line linkedin listal listography livedoor livedoorblog livejournal lnkd=linkedin mbga ' +
  'medium meetin meetup meinvz meneame menuism messages.google messenger mix mixi mocospace movabletype mubi my.opera myanimelist myheritage mylife ' +
  'mymodernmet myspace netvibes news.ycombinator=hackernews newsshowcase nexopia ngopost niconico nicovideo nightlifelink ning odnoklassniki okwave ' +
  'onstartups opendiary oshiete.goo paper.li partyflock photobucket pinboard pingsta pinterest pixiv playahead plurk plus.google pocket.co posterous ' +
  'pulse.yahoo qapacity quechup quora qzone.qq ravelry reddit redux renren researchgate reunion reverbnation rtl ryze salespider scoop.it screenrant ' +
  'scribd scvngr secondlife serverfault shareit sharethis shvoong sites.google skype skyrock slashdot slideshare smartnews snapchat spaces.live spoke ' +
  'spruz ssense stackapps stackexchange stackoverflow stardoll stickam studivz suomi24 superuser sweeva t.co=x t.me=telegram tagged taggedmail talkbiznow ' +
  'taringa techmeme tencent tiktok tinyurl toolbox travellerspoint trombi tudou tuenti tumblr tweetdeck twitter=x twoo typepad urbanspoon ushareit ushi ' +
  'vampirefreaks vampirerave vg.no video.ibm vk vkontakte wakoopa wattpad webshots wechat weebly weibo wer-weiss-was weread whatsapp wikihow wikitravel ' +
  'woot wordpress xanga xing yahoo-mbga yammer youroom zalo zoo.gr zooppa ' +
  // GA4 SHOPPING but the payment and checkout hosts (internal here, like shopify.com itself, where
  // Shopify's customer accounts sign in) and Shopzilla (a comparison portal); then shopping.google.com
  // and Mercado Livre (K), umami's marketplaces (AliExpress, Best Buy, Newegg, Target) and PH's (Temu,
  // Shein).
  'b alibaba aliexpress amazon amazon-adsystem bestbuy ebay etsy google-shopping igshopping mercadolibre mercadolivre newegg s3.amazonaws shein shopify ' +
  'shopping shopping.google shopping.naver shopping.yahoo simplycodes target.com temu walmart ' +
  // GA4 SEARCH, all but the webmail hosts Google files there (mail.yandex.ru and the like are e-mail
  // here, see MAIL in lookupHost). Google's bare names cnn, globo and terra are portal toolbars.
  's 360 alice aol ask auone avg babylon baidu biglobe bing centrum !cnn comcast conduit daum dogpile duckduckgo ecosia eniro exalead excite firmy !globo ' +
  'go.mail=mail.ru ^google google-play images.google incredimail kvasir lens.google lycos msn najdi ^naver news.google onet play.google qwant rakuten ' +
  'rambler search-results search.naver search.yahoo seznam so.com=360 sogou startsiden !terra tut.by ukr virgilio webmaster.yandex ^yahoo ^yandex ' +
  'zen.yandex ' +
  // Review platforms, price-comparison portals, editorial test magazines and software review
  // directories of the markets: W; geizhals, skinflint, preisvergleich, rtings in public code;
  // ladenzeile (bild.de 2019); the Czech, Slovak, Hungarian and Romanian portals (ui42.sk); danawa,
  // enuri (mdon.co.kr); buscape, reclameaqui (estadao.com.br); Yandex.Market and Price.ru (SP); the
  // rest K: the test magazines (test.de, konsument, which, Consumer Reports, Que Choisir, Altroconsumo,
  // OCU, Computer Bild, CHIP), BBB, GetApp, Software Advice, kakaku, @cosme, smzdm, otzovik, irecommend.
  'r altroconsumo arukereso ausgezeichnet bbb beslist billiger buscape capterra ceneo check24 chip compari comparis computerbild consumerreports cosme ' +
  'danawa dianping ekomi enuri feefo g2.com geizhals getapp guenstiger heureka hintaopas idealo irecommend kakaku kelkoo kieskeurig konsument ladenzeile ' +
  'ledenicheur market.yandex mouthshut ocu otzovik preisvergleich price.ru pricerunner pricespy prisjakt provenexpert quechoisir reclameaqui reviews.io ' +
  'rtings shopauskunft shopvote shopzilla sitejabber skinflint smzdm softwareadvice test.de=test.de testberichte toppreise tripadvisor trovaprezzi ' +
  'trustedshops trustpilot trustradius tweakers verivox which.co.uk yelp zbozi zoom.com.br ' +
  // Webmail and mail apps that MAIL in lookupHost does not catch by their first label: SP, W and public
  // code (the app packages of Samsung Email, Proton Mail, Tuta, QQ Mail and AOL, reversed).
  'e androidqqmail.tencent=qqmail aolapp.mobile.aol email.android.samsung fastmail gm.android.google=gmail mailbox.org outlook posteo protonmail=proton ' +
  'touch.mail tuta tutao=tuta ' +
  // GA4 VIDEO, then youtu.be, Loom, Rutube, Naver TV and the YouTube app's package (K).
  'v crackle curiositystream d.tube dailymotion disneyplus hulu iq.com=iqiyi iqiyi justin.tv=twitch loom netflix rutube ted tv.naver twitch utreon veoh ' +
  'viadeo.journaldunet vimeo wistia youku youtu=youtube youtube youtube.android.google=youtube ' +
  // M and SP search engines that still answer, by market: Russia and neighbours (ya.ru, Mail.ru's
  // portal, meta.ua), China (Shenma), Vietnam (Cốc Cốc), Slovakia, Poland, Switzerland, Latin
  // America, the independents (Startpage, Kagi, Mojeek, Swisscows, MetaGer), the Google app. Portal
  // searches whose first label says search (suche.t-online.de, szukaj.wp.pl) need no key: see SEARCH
  // in lookupHost.
  's admarketplace claro-search clck.yandex coccoc google.interia googlequicksearchbox.android.google images.yandex kagi mail.ru=mail.ru meta.ua=meta.ua ' +
  'metager mojeek search.ch sm.cn startpage suche.web=web.de swisscows ^ya=yandex zoznam ' +
  // AI assistants: M, SP, umami, PH and public code (see the research notes' section 4).
  'a ai.baidu=ernie aistudio.google=gemini bard.google=gemini character.ai chat-gpt chat.openai=chatgpt chatglm chatgpt chatplus claude ' +
  'copilot.cloud.microsoft=copilot copilot.microsoft=copilot deepseek doubao duck.ai gemini.google=gemini grok iask jasper kimi meta.ai mistral ' +
  'moonshot=kimi notebooklm.google=notebooklm perplexity phind pi.ai poe qwen tongyi.aliyun=qwen writesonic yiyan.baidu=ernie you.com zhipuai=chatglm ' +
  // Music and podcast services (K; open.spotify.com and soundcloud.com also in public code): GA4 has no
  // audio sources, its Audio channel is utm_medium=audio; waymark files their links there too.
  'u audible deezer iheart music.apple overcast pandora pocketcasts podcasts.apple soundcloud spotify ' +
  // Payment providers, hosted checkouts and sign-in pages, whose return continues the visit (W), and
  // Shopify's admin, where a merchant opens the shop; ad servers and affiliate networks.
  'i accounts.google admin.shopify adyen affirm afterpay buckaroo checkout.shopify clearpay klarna mollie multisafepay myshopify pay.amazon pay.google ' +
  'pay1 payone paypal payu przelewy24 ratepay riverty shop.app ^shopify sofort squareup stripe twint unzer worldpay ' +
  'd criteo doubleclick googlesyndication outbrain taboola f awin tradedoubler '
