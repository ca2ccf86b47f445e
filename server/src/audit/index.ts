// The audit log's public face. Import from here, not from the files.
export {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AuditEntryError,
  validateAuditEntry,
  type AuditAction,
  type AuditEntryFields,
  type AuditEntryInput,
  type AuditOutcome,
} from './audit-entry.js';
export { AUDIT_CHAINS, appendInTransaction, type AppendResult } from './audit-chain.js';
export { AuditWriter, type AuditWriterOptions } from './audit-writer.js';
export {
  CHECKPOINT_EVERY_ENTRIES,
  CHECKPOINT_EVERY_MS,
  checkpointChains,
  startCheckpointing,
  type CheckpointOptions,
} from './audit-checkpoints.js';
export {
  verifyAuditLog,
  type AuditProblem,
  type AuditProblemKind,
  type VerifyOptions,
  type VerifyResult,
} from './audit-verify.js';
export {
  AUDIT_SORT_COLUMNS,
  PATIENT_VISIBLE_ACTIONS,
  accessesToPatient,
  searchAuditLog,
  type AuditLogRow,
  type AuditPage,
  type AuditSearch,
  type AuditSortField,
} from './audit-report.js';
export {
  AUDIT_CSV_COLUMNS,
  auditCsvHeader,
  auditCsvLine,
  auditLogCsv,
  csvCell,
} from './audit-csv.js';
