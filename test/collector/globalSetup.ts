// Before the collector's tests: a PostgreSQL server for them (a throwaway cluster, or the one
// WAYMARK_TEST_DATABASE_URL names), so that every test body runs against PGlite and PostgreSQL.
import type { TestProject } from 'vitest/node'
import { startPostgres } from './startPostgres.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL: the tests create a database of their own on it. */
    postgresUrl: string
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.WAYMARK_TEST_DATABASE_URL
  // fsync off: these databases are thrown away, and CREATE DATABASE fsyncs a whole template otherwise.
  const server = given ? null : await startPostgres({ settings: { fsync: 'off' } })
  project.provide('postgresUrl', given ?? server!.url)
  return () => server?.stop()
}
