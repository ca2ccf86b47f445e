// The accounting of disclosures' public face. Features that send data outside the practice call
// recordDisclosure in their own transaction. Import from here, not from the files.
export {
  DISCLOSURE_PURPOSES,
  PURPOSE_LABELS,
  PURPOSE_OF_USE,
  PURPOSES_NEEDING_LEGAL_BASIS,
  REPORT_YEARS,
  earliestReportStart,
  type Disclosure,
  type DisclosureInput,
  type DisclosurePurpose,
  type DisclosureRecipient,
} from './disclosure-model.js';
export { auditDisclosureRead, type DisclosureRead } from './disclosure-audit.js';
export {
  disclosureReport,
  recordDisclosure,
  reportPeriod,
  type DisclosureReport,
  type ReportPeriod,
} from './disclosures.js';
export { registerDisclosureRoutes } from './disclosure-routes.js';
