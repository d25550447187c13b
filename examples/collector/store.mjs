// The collector's storage: every SQL statement the collector runs is in this file, and runs alike on
// a PostgreSQL server and on PGlite (PostgreSQL compiled to WebAssembly, embedded, persisted to a
// folder or kept in memory). openDatabase.mjs connects; migrate.mjs builds the tables.
import { openDatabase } from './openDatabase.mjs'
import { migrate } from './migrate.mjs'
import { stitchCustomers } from './stitchCustomers.mjs'

// Kinds of Segment calls that say who someone is rather than where they are on a journey.
const NOT_TOUCHPOINTS = `('custom', 'identify', 'group', 'alias')`

// The dashboard's filter: $1 model, $2 from (inclusive), $3 to (exclusive), $4 site (the page's
// host); null lets everything through.
const FILTER = `($1::text is null or model = $1) and ($2::timestamptz is null or time >= $2) and ($3::timestamptz is null or time < $3)
  and ($4::text is null or host = $4)`

/**
 * The filter's values in the order FILTER numbers them.
 * @param {{ model?: string | null, from?: string | null, to?: string | null, site?: string | null }} [filter]
 *   `from` and `to` as ISO 8601 times, `site` a host as the `host` column holds it
 */
const filterParams = ({ model = null, from = null, to = null, site = null } = {}) => [model, from, to, site]

/**
 * The customers of linked anonymous ids, as a table `customers (anonymous_id, customer)` for a
 * statement's `with`, from two array parameters: `$n` the anonymous ids, `$n+1` their customers. An
 * anonymous id not in it is a customer of its own: join it with `left join customers k using
 * (anonymous_id)` and count `coalesce(k.customer, anonymous_id)`.
 * @param {number} n the number of the first of the two parameters
 */
const customersTable = (n) => `customers as (select a as anonymous_id, c as customer from unnest($${n}::text[], $${n + 1}::text[]) as u(a, c))`
const CUSTOMER = 'coalesce(k.customer, anonymous_id)'

/**
 * Opens the event store, creating or migrating its tables.
 * @param {{ database?: string, dataDir?: string }} [options] `database`: a PostgreSQL server's
 *   `postgres://` URL; otherwise PGlite, persisted to `dataDir` (which only this process may then
 *   open) or in memory when that is absent too
 */
export async function openStore({ database, dataDir } = {}) {
  const db = await openDatabase({ database, dataDir })
  let schemaVersion
  try {
    schemaVersion = await migrate(db)
  } catch (e) {
    await db.close()
    throw e
  }
  /**
   * Anonymous ids linked into customers, as the two array parameters `customersTable` reads. Computed
   * on every read from what is stored, never stored itself: stitching is a view over the events.
   */
  const customerParams = async () => {
    // Keys prefixed by kind, so that a user id that happens to equal a cookie id links nothing.
    const res = await db.query(
      `select anonymous_id as a, 'user:' || (body->>'userId') as k from events
       where body ? 'userId' and body->>'userId' <> '' and anonymous_id is not null group by 1, 2
       union all
       select anonymous_id, 'cookie:' || cookie_id from visitor_links`,
    )
    const customers = stitchCustomers(res.rows)
    return [[...customers.keys()], [...customers.values()]]
  }

  return {
    /** `postgres` or `pglite`. */
    kind: db.kind,
    /** The schema version the database is at. */
    schemaVersion,
    /**
     * Stores one batch, and records it among the batches, in one statement: both or neither. Events
     * whose id is already stored are skipped, so a resend counts once, also when two collectors
     * store it at the same moment: the second waits for the first to commit, then skips it.
     * With `cookieId`, the batch's anonymous ids are linked to that cookie in the same statement.
     * @param {{ batchId?: string, dropped?: object, batch: object[], cookieId?: string | null }} batch a
     *   validated batch, and the id of the collector's cookie it came with (or is given)
     * @returns {Promise<{ inserted: number, duplicates: number }>}
     */
    async insertBatch({ batchId = null, dropped = null, batch, cookieId = null }) {
      // Times go in as parsed by JavaScript, which reads more formats than PostgreSQL does. Rows
      // are inserted in id order, so that two batches sharing ids lock them in the same order
      // rather than each waiting for the other.
      const rows = batch.map((e) => [e, new Date(e.time).toISOString()])
      const res = await db.query(
        `with added as (
           insert into events (id, time, kind, name, phase, rule, model, anonymous_id, session_id, channel, url, batch_id, body)
           select r->0->>'id', (r->>1)::timestamptz, r->0->>'kind', r->0->>'name', r->0->>'phase', r->0->>'rule', r->0->>'model',
                  r->0->>'anonymousId', r->0->>'sessionId', r->0->>'channel', r->0->>'url', $2::text, r->0
           -- One row per id: an upsert may not touch a row twice in one statement, and a batch can
           -- carry an event twice. The classified copy is kept over one sent unclassified.
           from (select distinct on (r->0->>'id') r from jsonb_array_elements($1::jsonb) r
                 order by r->0->>'id', r->0 ? 'unclassified') r
           order by r->0->>'id'
           -- A resend counts once. An event the collector classified itself (its page sent it
           -- unclassified) gives way to the browser's own classification when a later page sends it.
           on conflict (id) do update set
             time = excluded.time, kind = excluded.kind, name = excluded.name, phase = excluded.phase, rule = excluded.rule,
             model = excluded.model, anonymous_id = excluded.anonymous_id, session_id = excluded.session_id,
             channel = excluded.channel, url = excluded.url, batch_id = excluded.batch_id, body = excluded.body
             where events.body ? 'unclassified' and not excluded.body ? 'unclassified'
           returning 1
         ), linked as (
           -- In id order, as above, so that two batches linking the same ids never wait for each other.
           insert into visitor_links (cookie_id, anonymous_id)
           select distinct $5::text, r->0->>'anonymousId' from jsonb_array_elements($1::jsonb) r
           where $5::text is not null and r->0->>'anonymousId' is not null
           order by 2
           on conflict do nothing
         )
         insert into batches (batch_id, events, inserted, dropped)
         select $2::text, $3::int, count(*)::int, $4::jsonb from added
         returning inserted`,
        [JSON.stringify(rows), batchId, batch.length, dropped && JSON.stringify(dropped), cookieId],
      )
      const inserted = res.rows[0].inserted
      return { inserted, duplicates: batch.length - inserted }
    },
    /**
     * Stored events in time order, as they arrived (the `body` of each).
     * @param {{ anonymousId?: string, limit?: number }} [filter]
     */
    async events({ anonymousId, limit = 100000 } = {}) {
      const res = await db.query(
        `select body from events where ($1::text is null or anonymous_id = $1) order by time, received_at limit $2`,
        [anonymousId ?? null, limit],
      )
      return res.rows.map((r) => r.body)
    },
    /** Anonymous ids and the cookies they came with, in the order they were linked. */
    async links() {
      const res = await db.query('select cookie_id as "cookieId", anonymous_id as "anonymousId" from visitor_links order by linked_at, cookie_id, anonymous_id')
      return res.rows
    },
    /** Received batches, oldest first: ids, counts and reported drops. */
    async batches() {
      const res = await db.query('select batch_id, events, inserted, dropped from batches order by seq')
      return res.rows
    },
    /** Models seen, the most recently used first, with their counts of events and visitors. */
    async models() {
      const res = await db.query(
        `select model, count(*)::int as events, count(distinct anonymous_id)::int as visitors, max(time) as "lastSeen"
         from events where model is not null group by model order by max(time) desc, model`,
      )
      return res.rows
    },
    /** Events, distinct visitors (anonymous ids), customers and purchases within the filter. */
    async totals(filter) {
      const res = await db.query(
        `with ${customersTable(5)}
         select count(*)::int as events, count(distinct anonymous_id)::int as visitors, count(distinct ${CUSTOMER})::int as customers,
                (count(*) filter (where kind = 'purchase'))::int as purchases
         from events left join customers k using (anonymous_id) where ${FILTER}`,
        [...filterParams(filter), ...(await customerParams())],
      )
      return res.rows[0]
    },
    /**
     * Distinct visitors with at least one event in each phase, within the filter, phases in the order
     * they were first seen (the order a model the collector does not know has to go by).
     */
    async funnel(filter) {
      const res = await db.query(
        `select phase, count(distinct anonymous_id)::int as visitors
         from events where ${FILTER} and phase is not null group by phase order by min(time), phase`,
        filterParams(filter),
      )
      return res.rows
    },
    /** Distinct customers per channel and phase within the filter; each phase first appears in first-seen order. */
    async channelsByPhase(filter) {
      const res = await db.query(
        `with ${customersTable(5)}
         select coalesce(channel, 'unknown') as channel, phase, count(distinct ${CUSTOMER})::int as customers
         from events left join customers k using (anonymous_id) where ${FILTER} and phase is not null group by 1, 2 order by min(time), 1, 2`,
        [...filterParams(filter), ...(await customerParams())],
      )
      return res.rows
    },
    /**
     * Touchpoints (every event but custom ones, which happen on a touchpoint rather than being one,
     * and Segment's identify, group and alias calls) by their place in the touchpoint matrix, within
     * the filter. A missing flag counts as false.
     */
    async matrix(filter) {
      const res = await db.query(
        `select coalesce(body->'analog' = 'true', false) as analog, coalesce(body->'indirect' = 'true', false) as indirect,
                count(*)::int as touchpoints
         from events where ${FILTER} and kind not in ${NOT_TOUCHPOINTS} group by 1, 2 order by 1, 2`,
        filterParams(filter),
      )
      return res.rows
    },
    /** The sites (page hosts) events came from, the one with the most visitors first. */
    async sites() {
      const res = await db.query(
        `select host, count(distinct anonymous_id)::int as visitors, count(*)::int as events
         from events where host is not null and host <> '' group by host order by 2 desc, host`,
      )
      return res.rows
    },
    /**
     * How customers moved through the phases, within the filter: for each phase (its 1-based place in
     * `phases`), the customers who reached it on any of their anonymous ids, how many of them reached
     * a later phase at or after their first event in it, and how many reached it with no event in
     * the phase just before it until then. Phases nobody reached are left out.
     * @param {object} filter
     * @param {string[]} phases the model's phases in order; others are not counted
     */
    async phaseFlow(filter, phases) {
      const res = await db.query(
        // Window functions over each visitor's phases rather than a lookup per row, which grew with
        // the square of the visitors: the latest time in any later phase, and the phase reached
        // just below this one.
        `with ${customersTable(6)}, v as (
           select ${CUSTOMER} as a, array_position($5::text[], phase) as i, min(time) as first, max(time) as last
           from events left join customers k using (anonymous_id)
           where ${FILTER} and anonymous_id is not null and phase = any($5::text[]) group by 1, 2
         ), w as (
           select i, first,
                  max(last) over (partition by a order by i desc rows between unbounded preceding and 1 preceding) as later,
                  lag(i) over (partition by a order by i) as below, lag(first) over (partition by a order by i) as below_first
           from v
         )
         select i as place, count(*)::int as customers,
                (count(*) filter (where later >= first))::int as "wentOn",
                (count(*) filter (where i > 1 and not coalesce(below = i - 1 and below_first <= first, false)))::int as "skippedIn"
         from w group by i order by i`,
        [...filterParams(filter), phases, ...(await customerParams())],
      )
      return res.rows
    },
    /**
     * Buyers within the filter (customers with a purchase), and how many of them had another
     * touchpoint after their first purchase, on any of their anonymous ids: until one has, nothing
     * that follows a purchase can have happened yet.
     */
    async buyersBack(filter) {
      const res = await db.query(
        // Back after buying: their latest touchpoint is later than their first purchase.
        `with ${customersTable(5)}, e as (select ${CUSTOMER} as customer, events.* from events left join customers k using (anonymous_id) where ${FILTER})
         select count(*)::int as buyers, (count(*) filter (where t.latest > p.bought))::int as back
         from (select customer, min(time) as bought from e where kind = 'purchase' and anonymous_id is not null group by 1) p
         join (select customer, max(time) as latest from e where kind not in ${NOT_TOUCHPOINTS} group by 1) t using (customer)`,
        [...filterParams(filter), ...(await customerParams())],
      )
      return res.rows[0]
    },
    /**
     * Purchases within the filter with what attribution needs: value, currency, time and anonymous
     * id, and the path as the browser saw it (the credit of each channel under the rule-based models,
     * the channels, touchpoints and days) with the session's channel. For a purchase whose anonymous
     * id is linked to others, also what the customer did since their previous purchase on any of
     * them: `visits`, the channel (of its first event), start in epoch ms and anonymous id of each
     * visit, and `customerTouchpoints`, their touchpoints before the purchase.
     */
    async purchases(filter) {
      const res = await db.query(
        `with ${customersTable(5)}, linked as (
           select k.customer, e.id, e.time, e.received_at, e.kind, e.channel, e.anonymous_id, e.session_id
           from events e join customers k using (anonymous_id)
         ), visits as (
           select customer, anonymous_id, session_id, min(time) as started,
                  (array_agg(coalesce(channel, 'unknown') order by time, received_at, id))[1] as channel
           from linked where session_id is not null group by 1, 2, 3
         ), p as (
           select k.customer, events.* from events left join customers k using (anonymous_id) where ${FILTER} and kind = 'purchase'
         )
         select p.body->'value' as value, p.body->>'currency' as currency, p.body->'path'->'credit' as credit,
                p.body->'path'->'channels' as channels, p.channel, p.body->'path'->'touchpoints' as touchpoints,
                p.body->'path'->'days' as days, p.time, p.anonymous_id as "anonymousId", since.visits, since.touchpoints as "customerTouchpoints"
         from p
         left join lateral (
           select max(q.time) as at from linked q where q.customer = p.customer and q.kind = 'purchase' and (q.time, q.id) < (p.time, p.id)
         ) prev on true
         left join lateral (
           select (select jsonb_agg(jsonb_build_array(v.channel, extract(epoch from v.started) * 1000, v.anonymous_id) order by v.started, v.anonymous_id, v.session_id)
                   from visits v where v.customer = p.customer and v.started > coalesce(prev.at, '-infinity') and v.started <= p.time) as visits,
                  (select count(*)::int from linked t where t.customer = p.customer and t.kind not in ${NOT_TOUCHPOINTS}
                     and t.time > coalesce(prev.at, '-infinity') and t.time <= p.time and t.id <> p.id) as touchpoints
         ) since on p.customer is not null
         order by p.time, p.id`,
        [...filterParams(filter), ...(await customerParams())],
      )
      return res.rows
    },
    /**
     * Every stored journey of every customer, whatever the time (of one site when given), as the
     * channels of its sessions on all of the customer's anonymous ids in order, grouped where alike.
     * A journey ends with a session that has a purchase, or with the customer's last session; a
     * session's channel is that of its first
     * event. A session with several purchases ends one journey, and each further purchase in it is
     * counted in `repeats` (a journey of that session's channel alone, as the SDK's path has it).
     * @param {{ site?: string | null }} [filter]
     * @returns {Promise<{ channels: string[], converted: boolean, journeys: number, repeats: number }[]>}
     */
    async journeys({ site = null } = {}) {
      const res = await db.query(
        `with ${customersTable(2)}, sessions as (
           select ${CUSTOMER} as customer, anonymous_id, session_id, min(time) as started,
                  (array_agg(coalesce(channel, 'unknown') order by time, received_at, id))[1] as channel,
                  (count(*) filter (where kind = 'purchase'))::int as purchases
           from events left join customers k using (anonymous_id)
           where anonymous_id is not null and session_id is not null and ($1::text is null or host = $1)
           group by 1, 2, 3
         ), numbered as (
           select *, coalesce(sum(case when purchases > 0 then 1 else 0 end)
                    over (partition by customer order by started, anonymous_id, session_id rows between unbounded preceding and 1 preceding), 0) as journey
           from sessions
         ), journeys as (
           select array_agg(channel order by started, anonymous_id, session_id) as channels, sum(purchases)::int as purchases
           from numbered group by customer, journey
         )
         select channels, purchases > 0 as converted, count(*)::int as journeys, sum(greatest(purchases - 1, 0))::int as repeats
         from journeys group by 1, 2 order by 3 desc, 1`,
        [site, ...(await customerParams())],
      )
      return res.rows
    },
    /**
     * The most recently active visitors within the filter: when they were first and last seen, their
     * events and purchases, the channel they came by first and the phase they were in last.
     * @param {{ model?: string | null, from?: string | null, to?: string | null, site?: string | null, limit?: number }} [filter]
     */
    async visitors({ limit = 20, ...filter } = {}) {
      const res = await db.query(
        `select anonymous_id as "anonymousId", min(time) as "firstSeen", max(time) as "lastSeen", count(*)::int as events,
                (count(*) filter (where kind = 'purchase'))::int as purchases,
                (array_agg(channel order by time, received_at, id))[1] as channel,
                (array_agg(phase order by time desc, received_at desc, id desc))[1] as phase
         from events where ${FILTER} and anonymous_id is not null
         group by anonymous_id order by max(time) desc, anonymous_id limit $5`,
        [...filterParams(filter), limit],
      )
      return res.rows
    },
    /**
     * The most recently active customers within the filter: their anonymous ids and user ids seen in
     * it, when they were first and last seen, their events and purchases, the channel they came by
     * first and the phase they were in last. `customer` is one of their anonymous ids.
     * @param {{ model?: string | null, from?: string | null, to?: string | null, site?: string | null, limit?: number }} [filter]
     */
    async customers({ limit = 20, ...filter } = {}) {
      const res = await db.query(
        `with ${customersTable(6)}, e as (
           select ${CUSTOMER} as customer, events.* from events left join customers k using (anonymous_id) where ${FILTER} and anonymous_id is not null
         )
         select customer, array_agg(distinct anonymous_id order by anonymous_id) as "anonymousIds",
                coalesce(array_agg(distinct body->>'userId' order by body->>'userId') filter (where body->>'userId' <> ''), '{}') as "userIds",
                min(time) as "firstSeen", max(time) as "lastSeen", count(*)::int as events,
                (count(*) filter (where kind = 'purchase'))::int as purchases,
                (array_agg(channel order by time, received_at, id))[1] as channel,
                (array_agg(phase order by time desc, received_at desc, id desc))[1] as phase
         from e group by customer order by max(time) desc, customer limit $5`,
        [...filterParams(filter), limit, ...(await customerParams())],
      )
      return res.rows
    },
    /**
     * All events of one customer in time order, on every anonymous id linked to the one given,
     * whatever the filter: a journey is read whole.
     * @param {string} anonymousId any of the customer's anonymous ids
     * @param {{ limit?: number }} [options]
     * @returns {Promise<{ customer: string, anonymousIds: string[], events: any[] }>} `anonymousIds` in the
     *   order they first appear
     */
    async timeline(anonymousId, { limit = 500 } = {}) {
      const [ids, customers] = await customerParams()
      const at = ids.indexOf(anonymousId)
      const customer = at < 0 ? anonymousId : customers[at]
      const linked = at < 0 ? [anonymousId] : ids.filter((_, i) => customers[i] === customer)
      // id last: events of one batch can share a millisecond, and every read should list them alike.
      const res = await db.query(
        `select id, time, kind, name, url, phase, channel, rule, model, anonymous_id as "anonymousId", session_id as "sessionId",
                body->>'userId' as "userId", body->'journey' as journey,
                body->>'orderId' as "orderId", body->'value' as value, body->>'currency' as currency
         from events where anonymous_id = any($1::text[]) order by time, received_at, id limit $2`,
        [linked, limit],
      )
      const seen = [...new Set(res.rows.map((e) => e.anonymousId))]
      return { customer, anonymousIds: [...seen, ...linked.filter((a) => !seen.includes(a)).sort()], events: res.rows }
    },
    /** Runs a read-only SQL query; for tests and one-off questions. */
    async query(sql, params = []) {
      return (await db.query(sql, params)).rows
    },
    /** Deletes every stored event, batch and link: for tests that reuse one collector. */
    clear: () => db.exec('truncate events, batches, visitor_links'),
    /** Closes the connections (PGlite: the database, and releases its directory). */
    close: () => db.close(),
  }
}
