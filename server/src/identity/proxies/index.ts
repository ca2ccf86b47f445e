/**
 * Proxy access (CHILD-1, CHILD-2): ages and account eligibility, the practice's teen policy,
 * guardian and patient-granted proxies, the access check, and guardian consent to teen accounts.
 */
export {
  ADULT_AGE,
  OWN_ACCOUNT_AGE,
  accountEligibility,
  ageInYears,
  assertMayRegisterOwnAccount,
  calendarDateOf,
  eligibilityAtAge,
  parseDateOfBirth,
  type AccountEligibility,
} from './age.js';
export {
  DEFAULT_TEEN_EXCLUDED_CATEGORIES,
  TEEN_POLICY_CATEGORIES,
  setTeenExcludedCategories,
  teenExcludedCategories,
  type TeenPolicyCategory,
} from './policy.js';
export {
  PROXY_SCOPES,
  grantStatus,
  type ProxyBasis,
  type ProxyGrant,
  type ProxyGrantStatus,
  type ProxyRelationship,
  type ProxyScope,
} from './proxy-model.js';
export {
  grantGuardianAccess,
  grantProxyByPatient,
  listProxiesForPatient,
  revokeProxy,
  type GuardianGrantInput,
  type PatientGrantInput,
  type ProxyGrantWithStatus,
  type RevokeResult,
} from './proxy-grants.js';
export {
  effectiveProxyAccess,
  listPatientsForProxy,
  proxyCanDo,
  type EffectiveProxyAccess,
  type ProxiedPatient,
  type ProxyDecision,
  type ProxyDecisionReason,
} from './proxy-access.js';
export {
  CONSENT_METHODS,
  hasGuardianConsent,
  recordGuardianConsent,
  teenAccountMayBeActive,
  type ConsentMethod,
  type GuardianConsent,
  type GuardianConsentInput,
} from './guardian-consent.js';
