// Knowledge file: the dataLayer hook for e-commerce events, and the consent platforms.
export { watchEcommerce } from '../capture/watchEcommerce.js'
export { gcmPlatform, tcfPlatform } from '../capture/consentPlatforms.js'
