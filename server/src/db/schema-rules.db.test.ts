import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from './database.js';
import { openTestDatabase } from '../../test/test-database.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

interface TenantTable {
  table: string;
  rls: boolean;
  notAppOwned: boolean;
  policies: number;
  tenantInKey: boolean;
}

describe('schema rules every migration keeps', () => {
  it('every tenant-owned table has the tenant in its key and a tenant wall haven_app cannot pass', async () => {
    const { rows } = await sql<TenantTable>`
      select c.relname as "table",
             c.relrowsecurity as rls,
             pg_get_userbyid(c.relowner) <> 'haven_app' as "notAppOwned",
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
             exists (
               select 1 from pg_index i
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
               where i.indrelid = c.oid and i.indisprimary and a.attname = 'tenant_id'
             ) as "tenantInKey"
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
      order by 1
    `.execute(db.unsafeKysely);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row, row.table).toEqual({
        table: row.table,
        rls: true,
        notAppOwned: true,
        policies: 1,
        tenantInKey: true,
      });
    }
  });
});
