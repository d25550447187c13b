import { watchDataLayer } from '../lib/watchDataLayer.js'
import type { Plugin } from '../options.js'

type TcData = { eventStatus?: string; gdprApplies?: boolean; purpose?: { consents?: Record<number, boolean> }; listenerId?: number }
type TcfApi = (command: string, version: number, callback: (tc: TcData, ok: boolean) => void, parameter?: unknown) => void

/**
 * Takes consent from an IAB TCF v2 consent platform (`__tcfapi`): granted once the visitor agreed
 * to the purposes given (or GDPR does not apply), denied when they made their choice without them.
 * The tracker should start with `consent: 'pending'`.
 * @param purposes TCF purposes that must all have consent. Default 1 (store and access information
 *   on a device) and 8 (measure content performance).
 */
export const tcfConsent =
  ({ purposes = [1, 8] }: { purposes?: number[] } = {}): Plugin =>
  (tracker) => {
    const api = (window as { __tcfapi?: TcfApi }).__tcfapi
    if (typeof api != 'function') return
    let id: number | undefined
    api('addEventListener', 2, (tc, ok) => {
      if (!ok || !tc) return
      id = tc.listenerId
      if (tc.eventStatus == 'tcloaded' || tc.eventStatus == 'useractioncomplete')
        tracker.setConsent(tc.gdprApplies === false || purposes.every((p) => tc.purpose?.consents?.[p]) ? 'granted' : 'denied')
    })
    return () => id != null && api('removeEventListener', 2, () => {}, id)
  }

/**
 * Takes consent from Google Consent Mode: the `analytics_storage` state of `gtag('consent', 'default'
 * | 'update', …)` calls in the dataLayer, before and after the tracker started. The tracker should
 * start with `consent: 'pending'`.
 * @param name the dataLayer's global name. Default `dataLayer`.
 */
export const consentMode =
  ({ name = 'dataLayer' } = {}): Plugin =>
  (tracker) =>
    watchDataLayer(name, (e) => {
      const entry = e as Record<number, unknown>
      const state = entry && entry[0] == 'consent' && (entry[2] as { analytics_storage?: string } | undefined)?.analytics_storage
      if (state == 'granted' || state == 'denied') tracker.setConsent(state)
    })
