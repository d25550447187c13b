// Knowledge file: the networks' share intents, and the listeners that use them.
export { watchShares } from '../capture/watchShares.js'
