import { watchDataLayer } from '../lib/watchDataLayer.js'
import type { Plugin } from '../options.js'

type TcData = { eventStatus?: string; gdprApplies?: boolean; purpose?: { consents?: Record<number, boolean> }; listenerId?: number }
type TcfApi = (command: string, version: number, callback: (tc: TcData, ok: boolean) => void, parameter?: unknown) => void

/**
 * The body of `tcfConsent()`: consent from an IAB TCF v2 platform (`__tcfapi`).
 * @param purposes TCF purposes that must all have consent
 */
export const tcfPlatform =
  (purposes: number[]): Plugin =>
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
 * The body of `consentMode()`: consent from Google Consent Mode's `analytics_storage`. A `default`
 * of denied is the state before the visitor chose, which waymark calls pending: what is captured
 * waits in memory. Only an `update` to denied is the visitor's denial.
 * @param name the dataLayer's global name
 */
export const gcmPlatform =
  (name: string): Plugin =>
  (tracker) =>
    watchDataLayer(name, (e) => {
      const entry = e as Record<number, unknown>
      const state = entry && entry[0] == 'consent' && (entry[2] as { analytics_storage?: string } | undefined)?.analytics_storage
      if (state == 'granted' || (state == 'denied' && entry[1] == 'update')) tracker.setConsent(state)
    })
