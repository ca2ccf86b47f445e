/**
 * The records a person can switch to, as options: their own record in each practice where it
 * is ready, then each record they hold as a proxy. Values are opaque ids only.
 */
import type { SwitchTarget } from './use-my-records';
import type { MyRecords } from './types';

export interface RecordOption {
  value: string;
  target: SwitchTarget;
  self: boolean;
  name: string | null;
  practice: string;
}

export function recordOptions(records: MyRecords): RecordOption[] {
  const own = records.own.flatMap((account): RecordOption[] =>
    account.status === 'active' && account.patientId
      ? [
          {
            value: `${account.tenantId}|${account.patientId}`,
            target: { tenantId: account.tenantId, patientId: account.patientId },
            self: true,
            name: null,
            practice: account.practiceName,
          },
        ]
      : [],
  );
  const proxied = records.proxied
    .filter((r) => r.scopes.includes('read'))
    .map((r): RecordOption => ({
      value: `${r.tenantId}|${r.patientId}`,
      target: { tenantId: r.tenantId, patientId: r.patientId },
      self: false,
      name: r.displayName,
      practice: r.practiceName,
    }));
  return [...own, ...proxied];
}

export function currentValue(records: MyRecords): string | null {
  const current = records.current;
  return current ? `${current.tenantId}|${current.patientId}` : null;
}
