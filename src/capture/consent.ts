import type { Plugin } from '../options.js'
import { lazyPlugin } from './lazyPlugin.js'

/**
 * Takes consent from an IAB TCF v2 consent platform (`__tcfapi`): granted once the visitor agreed
 * to the purposes given (or GDPR does not apply), denied when they made their choice without them.
 * The tracker should start with `consent: 'pending'`.
 * @param purposes TCF purposes that must all have consent. Default 1 (store and access information
 *   on a device) and 8 (measure content performance).
 */
export const tcfConsent = ({ purposes = [1, 8] }: { purposes?: number[] } = {}): Plugin => lazyPlugin('dataLayer', (p) => p.tcfPlatform(purposes))

/**
 * Takes consent from Google Consent Mode: the `analytics_storage` state of `gtag('consent', 'default'
 * | 'update', …)` calls in the dataLayer, before and after the tracker started. The tracker should
 * start with `consent: 'pending'`.
 * @param name the dataLayer's global name. Default `dataLayer`.
 */
export const consentMode = ({ name = 'dataLayer' } = {}): Plugin => lazyPlugin('dataLayer', (p) => p.gcmPlatform(name))
