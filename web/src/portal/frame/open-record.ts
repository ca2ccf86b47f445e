/** The record the portal page shows, handed to the page by PortalPage. */
import { createContext, useContext } from 'react';
import type { OpenRecord } from './types';

export const OpenRecordContext = createContext<OpenRecord | undefined>(undefined);

/** The open record; only pages that need one are rendered, so it is there. */
export function useOpenRecord(): OpenRecord {
  const record = useContext(OpenRecordContext);
  if (!record) throw new Error('useOpenRecord outside a portal page with an open record');
  return record;
}

/** The query key of data read from the open record: switching records changes the key. */
export function recordKey(record: OpenRecord, ...parts: unknown[]): unknown[] {
  return ['portal', 'record', record.tenantId, record.patientId, ...parts];
}
