// What the default model's rules look for, shared by the model as data (models.ts) and its
// precompiled form in the core (fivePhaseRules.ts).

/**
 * Custom events that say a visitor is weighing a purchase (GA4's recommended e-commerce names and
 * their common variants). A site adds its own with a rule of its own.
 */
export const EVALUATION = ['add_to_cart', 'add_to_wishlist', 'view_cart', 'compare', 'compare_products', 'select_item', 'view_reviews', 'size_guide']
/** Pages where a customer writes a review. */
export const REVIEW_PAGE = '^/(.+/)?(write-a-review|write-review|review/new|reviews/new|bewertung-schreiben|bewerten|rate|avis/ecrire|submit-review)(/|$|[?#])'
/** Custom events that say a customer recommends the shop. */
export const ADVOCACY_EVENTS = ['referral_code_created', 'referral_code_copied', 'referral_link_copied', 'invite_sent', 'share']
