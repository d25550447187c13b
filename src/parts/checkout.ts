// Knowledge file: the shop systems' checkout and order-confirmation URLs, and what a purchase does
// to the journey (its path and the credit of each channel).
export { detectShop } from '../detect/detectShop.js'
export { closePurchase, dedupePurchase } from '../journey/purchaseStep.js'
