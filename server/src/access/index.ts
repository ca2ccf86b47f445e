/** The access decision (ACC-1): the one place that says who may do what to which data. */
export * from './access-types.js';
export { decideAccess, PATIENT_AUTHORED_TYPES, writtenOnlyByWorkflow } from './decide-access.js';
export { applyFieldMask, PATIENT_ADMIN_FIELDS, PATIENT_ADMIN_MASK } from './field-mask.js';
export { consentInForce, consentStanding, type ConsentStanding } from './consents.js';
export {
  CLINICAL_CATEGORIES,
  RESOURCE_CATEGORIES,
  ROLE_PERMISSIONS,
  accessibleResourceTypes,
  categoryOf,
  type ResourceCategory,
} from './role-permissions.js';
