// Knowledge file: the networks' share intents.
export { shareMethod } from '../capture/shareMethod.js'
