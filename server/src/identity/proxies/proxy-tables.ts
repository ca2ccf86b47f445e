/** Kysely types of the tables for proxy (guardian and caregiver) access; HavenSchema (db/schema.ts) extends this. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProxyTables {}
