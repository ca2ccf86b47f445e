/**
 * Sealing a grant's free text. The clinician's explanation and the privacy officer's note may
 * mention health facts ("unconscious, suspected overdose"), so both are sealed with the tenant
 * data key, bound to the tenant and the grant as associated data: a copy of the table shows
 * nothing, and a sealed text moved onto another grant or practice does not open.
 */
import { decrypt, encrypt, recordAad } from '../crypto/index.js';

function reasonAad(tenantId: string, id: string): Buffer {
  return recordAad({ tenantId, resourceType: 'BreakGlassGrant', id, version: 1 });
}

// A different resource type from the reason's, so a note cannot be passed off as a reason.
function noteAad(tenantId: string, id: string): Buffer {
  return recordAad({ tenantId, resourceType: 'BreakGlassGrant.reviewNote', id, version: 1 });
}

/** Seals the clinician's explanation of grant `id`. */
export function sealReason(tenantKey: Buffer, tenantId: string, id: string, text: string): Buffer {
  return encrypt(tenantKey, Buffer.from(text, 'utf8'), reasonAad(tenantId, id));
}

/** Opens the clinician's explanation of grant `id`. */
export function openReason(
  tenantKey: Buffer,
  tenantId: string,
  id: string,
  sealed: Buffer,
): string {
  return decrypt(tenantKey, sealed, reasonAad(tenantId, id)).toString('utf8');
}

/** Seals the privacy officer's review note on grant `id`. */
export function sealNote(tenantKey: Buffer, tenantId: string, id: string, text: string): Buffer {
  return encrypt(tenantKey, Buffer.from(text, 'utf8'), noteAad(tenantId, id));
}

/** Opens the privacy officer's review note on grant `id`. */
export function openNote(tenantKey: Buffer, tenantId: string, id: string, sealed: Buffer): string {
  return decrypt(tenantKey, sealed, noteAad(tenantId, id)).toString('utf8');
}
