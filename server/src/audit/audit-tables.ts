/** Kysely types of the tables for the tamper-evident audit log; HavenSchema (db/schema.ts) extends this. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditTables {}
