/** The shapes of change requests on the HTTP API (portal and console). */
import { Type } from 'typebox';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Gender = Type.Union([
  Type.Literal('male'),
  Type.Literal('female'),
  Type.Literal('other'),
  Type.Literal('unknown'),
]);
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const Changes = Type.Object(
  {
    name: Type.Optional(
      Type.Object(
        {
          givenNames: Type.Array(Text(60), { minItems: 1, maxItems: 3 }),
          familyName: Text(100),
        },
        { additionalProperties: false },
      ),
    ),
    birthDate: Type.Optional(Day),
    gender: Type.Optional(Gender),
  },
  { additionalProperties: false },
);

export const NewChangeRequest = Type.Object(
  { changes: Changes, reason: Text(1000) },
  { additionalProperties: false },
);

export const Identity = Type.Object({
  givenNames: Type.Array(Type.String()),
  familyName: Type.String(),
  birthDate: Type.Optional(Type.String()),
  gender: Type.Optional(Gender),
});

export const ChangeRequest = Type.Object({
  id: Type.String(),
  status: Type.Union([
    Type.Literal('requested'),
    Type.Literal('accepted'),
    Type.Literal('declined'),
    Type.Literal('withdrawn'),
  ]),
  requestedAt: Type.String(),
  dueBy: Type.String(),
  changes: Changes,
  reason: Type.String(),
  decisionReason: Type.Optional(Type.String()),
  decidedAt: Type.Optional(Type.String()),
});

export const StaffChangeRequest = Type.Intersect([
  ChangeRequest,
  Type.Object({ patientId: Type.String(), current: Identity }),
]);

export const Decision = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('decline')]),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
