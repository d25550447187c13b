// Knowledge file: schema.org orders in JSON-LD.
export { readOrder } from '../capture/readOrder.js'
