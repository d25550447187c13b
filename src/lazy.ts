// The one module that knows which files of knowledge exist and how they load. The script tag
// fetches each as a file of its own from beside the tag (pinned by the tag's integrity, when it has
// one); the npm build imports each with a dynamic import(), which the app's bundler splits off.
import type * as arrival from './parts/arrival.js'
import type * as checkout from './parts/checkout.js'
import type * as config from './parts/config.js'
import type * as dataLayer from './parts/dataLayer.js'
import type * as debug from './parts/debug.js'
import type * as lease from './parts/lease.js'
import type * as orderData from './parts/orderData.js'
import type * as shares from './parts/shares.js'

/** The knowledge files: what each one exports. */
export interface Parts {
  /** Host table, click ids and campaign rules: an arrival from outside. */
  arrival: typeof arrival
  /** The shop systems' checkout and confirmation URLs, and purchase paths. */
  checkout: typeof checkout
  /** The rule compiler, the other models and the detector settings' checks. */
  config: typeof config
  /** The dataLayer hook, Google Consent Mode and IAB TCF. */
  dataLayer: typeof dataLayer
  /** JSON-LD orders. */
  orderData: typeof orderData
  /** Share links and intents. */
  shares: typeof shares
  /** Debug output and the long explanations of bad options. */
  debug: typeof debug
  /** The cross-tab lock of browsers without Web Locks. */
  lease: typeof lease
}
export type Part = keyof Parts

// Set by the build: true in the script tag, false in the npm build (and undefined when the source
// runs as it is, as in the unit tests: that is the npm way).
declare const __WAYMARK_TAG__: boolean
/** True in the script tag's build: code only npm users need (server rendering) can go. */
export const TAG = typeof __WAYMARK_TAG__ != 'undefined' && __WAYMARK_TAG__
// Set by the tag's build: the SHA-256 (base64) of each knowledge file, which also names the file.
declare const __WAYMARK_HASHES__: Record<Part, string>

/** A knowledge file that does not arrive within this time counts as failed (the page goes on without it). */
export const LOAD_TIMEOUT_MS = 10000

const IMPORTS: { [K in Part]: () => Promise<Parts[K]> } = TAG
  ? ({} as never)
  : {
      arrival: () => import('./parts/arrival.js'),
      checkout: () => import('./parts/checkout.js'),
      config: () => import('./parts/config.js'),
      dataLayer: () => import('./parts/dataLayer.js'),
      orderData: () => import('./parts/orderData.js'),
      shares: () => import('./parts/shares.js'),
      debug: () => import('./parts/debug.js'),
      lease: () => import('./parts/lease.js'),
    }

const loading: Partial<Record<Part, Promise<unknown>>> = {}
let tag: HTMLScriptElement | null | undefined
let policy: { createScriptURL(url: string): unknown } | undefined
// The URLs this loader made: all that its Trusted Types policy lets through.
const made = new Set<string>()

/**
 * Tells the loader which script element is the tag: its files lie beside it, and it lends them its
 * integrity (when pinned), `crossorigin` and nonce.
 * @param script the tag's script element
 */
export const useTag = (script: HTMLScriptElement | null) => (tag = script)

/** The URL of a knowledge file of the tag: beside the tag, named by its part and hash. */
export const partUrl = (name: Part) => (tag?.src || '').replace(/[^/]*$/, '') + `waymark.${name}.${__WAYMARK_HASHES__[name].slice(0, 8).replace(/\W/g, '_')}.js`

const fromTag = (name: Part) =>
  new Promise((resolve, reject) => {
    const url = partUrl(name)
    const w = window as { trustedTypes?: { createPolicy(name: string, rules: object): typeof policy }; waymarkParts?: Record<string, unknown> }
    const done = (e?: unknown) => {
      clearTimeout(timer)
      const part = w.waymarkParts?.[name]
      part && !e ? resolve(part) : reject(e || Error(url + ' did not register'))
    }
    const timer = setTimeout(done, LOAD_TIMEOUT_MS, Error(url + ' did not arrive in time'))
    made.add(url)
    try {
      // Pages that require Trusted Types for script URLs: a policy that passes the URLs this loader
      // made and nothing else (a page that restricts policy names must allow "waymark").
      try {
        policy ||= w.trustedTypes?.createPolicy('waymark', { createScriptURL: (u: string) => (made.has(u) ? u : '') })
      } catch {}
      const s = document.createElement('script')
      s.src = (policy ? policy.createScriptURL(url) : url) as string
      if (tag?.integrity) s.integrity = 'sha256-' + __WAYMARK_HASHES__[name]
      if (tag?.crossOrigin != null) s.crossOrigin = tag.crossOrigin
      if (tag?.nonce) s.nonce = tag.nonce
      s.onload = () => done()
      s.onerror = () => done(Error(url + ' failed to load'))
      ;(document.head || document.documentElement).appendChild(s)
    } catch (e) {
      done(e)
    }
  })

/**
 * Loads a knowledge file once per page; every caller gets the same promise. A file that fails to
 * load stays failed for this page.
 * @param name which part
 */
export const load = <K extends Part>(name: K): Promise<Parts[K]> =>
  (loading[name] ||= (TAG ? fromTag(name) : IMPORTS[name]()).catch((e) => {
    // Said once per file, debug or not: without it, some calls go out unclassified (or, for the
    // config file, with the default model).
    console.warn('waymark: a knowledge file did not load; tracking goes on without it:', e)
    throw e
  })) as Promise<Parts[K]>
