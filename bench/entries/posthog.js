// posthog-js: default entry and config but api_host; the $pageview is captured by init.
import posthog from 'posthog-js'

let loaded
const ready = new Promise((resolve) => (loaded = resolve))
posthog.init('phc_bench', { api_host: __ENDPOINT__, ...(__RUNTIME__ && { loaded: () => loaded() }) })
posthog.capture('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready, track: (name, props) => posthog.capture(name, props) }
