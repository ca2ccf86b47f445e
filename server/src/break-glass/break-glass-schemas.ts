/** The TypeBox schemas of the break-glass routes (break-glass-routes.ts): input and output. */
import { Type } from 'typebox';
import type { QueueItem } from './break-glass-review.js';
import { BREAK_GLASS_REASON_CODES, REVIEW_STATES } from './break-glass-tables.js';

export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const ReasonCode = Type.Union(BREAK_GLASS_REASON_CODES.map((c) => Type.Literal(c)));
export const State = Type.Union(REVIEW_STATES.map((s) => Type.Literal(s)));
export const PatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });
export const Grant = Type.Object({ id: Uuid, grantedAt: DateTime, expiresAt: DateTime });
export const QueueRow = Type.Object({
  id: Uuid,
  userId: Uuid,
  userName: Type.String(),
  patientId: Uuid,
  grantedAt: DateTime,
  expiresAt: DateTime,
  reasonCode: ReasonCode,
  reason: Type.String(),
  state: State,
  reviewedBy: Type.Union([Uuid, Type.Null()]),
  reviewedAt: Type.Union([DateTime, Type.Null()]),
  reviewNote: NullableString,
});

/** A queue item as JSON: dates as ISO strings. */
export function queueJson(item: QueueItem) {
  return {
    ...item,
    grantedAt: item.grantedAt.toISOString(),
    expiresAt: item.expiresAt.toISOString(),
    reviewedAt: item.reviewedAt?.toISOString() ?? null,
  };
}
