/**
 * Compiles a caller's URL pattern. A RegExp is kept as it is. A string starting with `^` is a
 * regular expression source, matched without regard to case against path + query + hash
 * (`/kasse/zahlung?x=1#top`). Any other string is a path glob starting with `/`, matched against
 * the whole path without regard to case: `*` stands for any characters within one path segment
 * (none included), `**` for any characters across segments; a trailing slash and any query or
 * hash are allowed. So `/kasse/*` matches `/kasse/zahlung/?step=2` but not `/kasse/a/b`.
 * @param pattern a glob, a `^`-regex string or a RegExp
 * @throws Error saying what is wrong with the pattern
 */
export const toPattern = (pattern: string | RegExp): RegExp => {
  if (pattern instanceof RegExp) return pattern
  if (typeof pattern != 'string' || pattern[0] != '^' && pattern[0] != '/')
    throw Error('expected a RegExp, a "^…" regular expression or a path glob starting with "/"')
  if (pattern[0] == '^') return RegExp(pattern, 'i')
  return RegExp(
    '^' +
      pattern
        .replace(/\/$/, '')
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*?/g, (s) => (s[1] ? '.*' : '[^/]*')) +
      '/?([?#].*)?$',
    'i',
  )
}
