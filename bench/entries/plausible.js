// plausible-tracker: one request per event; trackLocalhost because the page is on 127.0.0.1.
import Plausible from 'plausible-tracker'

const plausible = Plausible({ domain: 'bench.example', apiHost: __ENDPOINT__, trackLocalhost: true })
plausible.trackPageview()
plausible.trackEvent('signup_clicked', { props: { plan: 'pro' } })

if (__RUNTIME__) window.__bench = { ready: Promise.resolve(), track: (name, props) => plausible.trackEvent(name, { props }) }
