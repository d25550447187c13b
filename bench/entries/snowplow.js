// @snowplow/browser-tracker: default config (POST, localStorage-backed queue); a custom event is a
// self-describing event.
import { newTracker, trackPageView, trackSelfDescribingEvent } from '@snowplow/browser-tracker'

newTracker('sp', __ENDPOINT__, { appId: 'bench' })
trackPageView()
const track = (name, data) => trackSelfDescribingEvent({ event: { schema: `iglu:com.example/${name}/jsonschema/1-0-0`, data } })
track('signup_clicked', { plan: 'pro' })

if (__RUNTIME__) window.__bench = { ready: Promise.resolve(), track }
