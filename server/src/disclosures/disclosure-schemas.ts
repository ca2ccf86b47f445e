/**
 * The HTTP shapes of disclosures: what staff send and read, and the plain-language view a
 * patient reads. Response schemas drop anything not listed, so only these fields leave Haven.
 */
import { Type } from 'typebox';
import {
  DISCLOSURE_PURPOSES,
  PURPOSE_LABELS,
  type Disclosure,
  type DisclosurePurpose,
} from './disclosure-model.js';

export const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Purpose = Type.Union(DISCLOSURE_PURPOSES.map((p) => Type.Literal(p)));

const Recipient = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organisation: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** A disclosure to record. The service checks what a schema cannot (future, legal basis). */
export const DisclosureBody = Type.Object(
  {
    disclosedAt: DateTime,
    recipient: Recipient,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    purpose: Purpose,
    legalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export interface DisclosureBodyInput {
  disclosedAt: string;
  recipient: { name: string; organisation?: string; address?: string };
  description: string;
  purpose: DisclosurePurpose;
  legalBasis?: string;
}

export const PeriodQuery = Type.Object(
  { from: Type.Optional(DateTime), to: Type.Optional(DateTime) },
  { additionalProperties: false },
);

/** A stored disclosure as staff see it. */
export const StaffDisclosure = Type.Object({
  id: Uuid,
  patientId: Uuid,
  disclosedAt: DateTime,
  recordedAt: DateTime,
  recordedBy: Uuid,
  purpose: Purpose,
  purposeLabel: Type.String(),
  recipient: Recipient,
  description: Type.String(),
  legalBasis: Type.Union([Type.String(), Type.Null()]),
});

export const StaffReport = Type.Object({
  from: DateTime,
  to: DateTime,
  disclosures: Type.Array(StaffDisclosure),
});

/** One disclosure as the patient (or their proxy) reads it. */
export const PatientReport = Type.Object({
  from: DateTime,
  to: DateTime,
  disclosures: Type.Array(
    Type.Object({
      date: DateTime,
      recipient: Type.String(),
      whatWasDisclosed: Type.String(),
      purpose: Type.String(),
      legalBasis: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export function staffView(d: Disclosure) {
  return {
    ...d,
    disclosedAt: d.disclosedAt.toISOString(),
    recordedAt: d.recordedAt.toISOString(),
    purposeLabel: PURPOSE_LABELS[d.purpose],
  };
}

export function patientView(d: Disclosure) {
  const { name, organisation, address } = d.recipient;
  return {
    date: d.disclosedAt.toISOString(),
    recipient: [name, organisation, address].filter(Boolean).join(', '),
    whatWasDisclosed: d.description,
    purpose: PURPOSE_LABELS[d.purpose],
    legalBasis: d.legalBasis,
  };
}
