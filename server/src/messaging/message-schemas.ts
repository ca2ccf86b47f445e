/** The shapes of conversations over HTTP, shared by the portal's and the care team's routes. */
import { Type } from 'typebox';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from './message-attachments.js';
import { SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH } from './message-model.js';

export const Uuid = Type.String({ format: 'uuid' });

export const MessageSchema = Type.Object({
  id: Type.String(),
  sent: Type.String(),
  from: Type.Union([Type.Literal('patient'), Type.Literal('proxy'), Type.Literal('care_team')]),
  author: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  attachments: Type.Array(
    Type.Object({
      index: Type.Integer(),
      title: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  waiting: Type.Boolean(),
});

export const ThreadSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  subject: Type.String(),
  lastSent: Type.String(),
  waiting: Type.Boolean(),
  messages: Type.Array(MessageSchema),
});

// The service trims and checks the exact limits (message-text.ts); the schema only bounds what
// is read at all. Longer than the limit with spaces around it is still a clear 400 there.
const Text = Type.String({ maxLength: TEXT_MAX_LENGTH * 2 });

// Files are checked in message-attachments.ts (kind, first bytes, size); the schema bounds the
// count and the base64 of 5 MB.
const Files = Type.Optional(
  Type.Array(
    Type.Object(
      {
        filename: Type.String({ maxLength: 255 }),
        contentType: Type.String({ maxLength: 100 }),
        data: Type.String({ maxLength: Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4 }),
      },
      { additionalProperties: false },
    ),
    { maxItems: MAX_ATTACHMENTS },
  ),
);

export const NewThreadBody = Type.Object(
  { subject: Type.String({ maxLength: SUBJECT_MAX_LENGTH * 2 }), text: Text, attachments: Files },
  { additionalProperties: false },
);

export const ReplyBody = Type.Object(
  { text: Text, attachments: Files },
  { additionalProperties: false },
);

/** The waiting messages the staff member was shown: only those are closed (never one unseen). */
const Seen = Type.Array(Uuid, { maxItems: 1000 });
export const StaffReplyBody = Type.Object(
  { text: Text, attachments: Files, seen: Seen },
  { additionalProperties: false },
);
export const HandledBody = Type.Object({ seen: Seen }, { additionalProperties: false });

const FileIndex = Type.Integer({ minimum: 0, maximum: MAX_ATTACHMENTS - 1 });
export const AttachmentParams = Type.Object({ messageId: Uuid, index: FileIndex });
export const StaffAttachmentParams = Type.Object({
  tenantId: Uuid,
  messageId: Uuid,
  index: FileIndex,
});

/** A downloaded file: its bytes, never serialised as JSON. */
export const FileResponse = Type.String({ description: 'The file, as an attachment' });
