// Knowledge file: an arrival from outside (host table, click ids, campaign rules).
export { detectArrival } from '../detect/detectArrival.js'
