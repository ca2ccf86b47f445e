/** Kysely types of the tables for multi-factor authentication; HavenSchema (db/schema.ts) extends this. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MfaTables {}
