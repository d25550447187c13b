import type { Channel } from '../types.js'
import { parseList } from './parseList.js'

/*
 * Click ids by channel, strongest first, each with its network: an affiliate id beats an ad id,
 * an ad id beats fbclid, which Meta adds to paid and unpaid links alike. Lower case (the URL's
 * names are lowered: Snapchat writes ScCid, Rakuten ranSiteID). Left out on purpose: names no
 * network documents (dicbo, bd_vid, wgu) and generic ones (cid, aff, subid).
 */
export const IDS =
  'f awc=awin irclickid=impact cjevent=cj ransiteid=rakuten sscid=shareasale tduid=tradedoubler clickref=partnerize admitad_uid=admitad ' +
  'd dclid=google tblci=taboola q ttclid=tiktok li_fat_id=linkedin twclid=x sccid=snapchat epik=pinterest rdt_cid=reddit qclid=quora ' +
  'p gclid=google gbraid=google wbraid=google gad_source=google msclkid=bing yclid=yandex s_kwcid= ef_id= ' +
  'e mc_cid=mailchimp mc_eid=mailchimp _hsenc=hubspot _hsmi=hubspot _kx=klaviyo mkt_tok=marketo ' +
  'o fbclid=facebook igshid=instagram igsh=instagram s srsltid=google ysclid=yandex'

let table: Map<string, [Channel, string]> | undefined

/** What the click ids of a landing URL say. */
export interface ClickIds {
  /** Every recognised id but e-mail subscriber ids, which identify a person rather than a click. */
  ids: Record<string, string>
  /** The strongest id's channel and network. */
  hit?: [Channel, string]
}

/**
 * Collects the recognised click ids of a landing URL.
 * @param params the query, keys in lower case, empty values left out
 */
export const readClickIds = (params: Map<string, string>): ClickIds => {
  const out: ClickIds = { ids: {} }
  for (const [k, hit] of (table ||= parseList(IDS, String))) {
    const v = params.get(k)
    if (v) {
      if (hit[0] != 'email') out.ids[k] = v
      out.hit ||= hit
    }
  }
  return out
}
