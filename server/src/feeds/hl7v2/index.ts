// The public face of the HL7 v2 feeds. Import from here, not from the files.
export { registerHl7Routes, HL7_CONTENT_TYPE } from './hl7-routes.js';
export { receiveMessage, type FeedAnswer, type FeedDeps } from './feed-service.js';
export { startMllpListener, type MllpListener, type MllpOptions } from './mllp-server.js';
export { startConfiguredMllp } from './mllp-config.js';
export {
  readReleasePreference,
  saveReleasePreference,
  RELEASE_AT_EXTENSION,
  RELEASE_TAG_SYSTEM,
  type ReleasePreference,
} from './result-release.js';
