/**
 * Groups anonymous ids into customers: two anonymous ids are one customer when they share a key (a
 * user id their events carry, or a cookie id they came with), and so is every id linked to either,
 * however long the chain (A and B by a user id, B and C by a cookie: A, B and C). A union-find
 * rather than a recursive query, which would list every pair of a component's ids: one user id
 * shared by thousands of ids (a shop that identifies everyone as "guest") stays linear here.
 * @param {{ a: string, k: string }[]} links an anonymous id and a key it has; keys of different
 *   kinds must not collide (the store prefixes them)
 * @returns {Map<string, string>} each anonymous id that is linked to another, with its customer id:
 *   the smallest anonymous id of its group, so that every read of the same links agrees. An id
 *   missing here is a customer of its own.
 */
export function stitchCustomers(links) {
  const parent = new Map()
  const root = (a) => {
    let r = a
    while (parent.get(r) !== r) r = parent.get(r)
    // Path compression: the next lookup of any id on the way is one step.
    while (a !== r) {
      const next = parent.get(a)
      parent.set(a, r)
      a = next
    }
    return r
  }
  const firstWithKey = new Map()
  for (const { a, k } of links) {
    if (!parent.has(a)) parent.set(a, a)
    const other = firstWithKey.get(k)
    if (other === undefined) {
      firstWithKey.set(k, a)
      continue
    }
    const [ra, rb] = [root(a), root(other)]
    // The smaller id becomes the root, so that a root is its group's smallest id.
    if (ra !== rb) ra < rb ? parent.set(rb, ra) : parent.set(ra, rb)
  }
  const size = new Map()
  for (const a of parent.keys()) size.set(root(a), (size.get(root(a)) ?? 0) + 1)
  const customers = new Map()
  for (const a of parent.keys()) if (size.get(root(a)) > 1) customers.set(a, root(a))
  return customers
}
