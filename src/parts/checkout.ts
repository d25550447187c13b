// Knowledge file: the shop systems' checkout and order-confirmation URLs.
export { detectShop } from '../detect/detectShop.js'
