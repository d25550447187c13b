/**
 * The decimals of a currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. A code that Intl does
 * not know gets 2, the most common.
 * @param {string} currency an ISO 4217 code
 */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits
  } catch {
    return 2
  }
}
