// The public face of Haven's application-level encryption. Import from here, not from the files.
export {
  AEAD_FORMAT_VERSION,
  DecryptionError,
  IV_LENGTH,
  KEY_LENGTH,
  TAG_LENGTH,
  decrypt,
  encrypt,
} from './aead.js';
export {
  KEY_WRAP_AAD_DOMAIN,
  RECORD_AAD_DOMAIN,
  keyWrapAad,
  recordAad,
  type RecordAadInput,
} from './associated-data.js';
export {
  BLIND_INDEX_BYTES,
  BLIND_INDEX_KEY,
  BLIND_INDEX_KEY_INFO,
  blindIndex,
  blindIndexNormalisers,
  deriveBlindIndexKey,
  normaliseForBlindIndex,
  systemValue,
  type BlindIndexField,
} from './blind-index.js';
export {
  MASTER_SCOPE,
  parentScope,
  parseScopeKey,
  patientScope,
  platformScope,
  sameScope,
  scopeKey,
  tenantScope,
  type KeyScope,
  type MasterScope,
  type PatientKeyScope,
  type PlatformKeyScope,
  type TenantKeyScope,
} from './key-scope.js';
export {
  DEFAULT_KEY_CACHE_TTL_MS,
  InMemoryWrappedKeyStore,
  Keyring,
  TENANT_WRAPPED_KEY_ID,
  type KeyDerivation,
  type KeyringOptions,
} from './keyring.js';
export { holdsGenerationsOf, type KeySet } from './key-set.js';
export { currentGeneration, type StoredKeyGeneration, type WrappedKeyStore } from './key-store.js';
export {
  LocalMasterKeyProvider,
  generateMasterKeyString,
  type MasterKeyProvider,
  type WrappedKey,
} from './master-key.js';
