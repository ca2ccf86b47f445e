/**
 * A conversation between a patient and their care team as the server sends it
 * (server/src/messaging/message-model.ts: ThreadView), for the portal and the console alike.
 */
export interface ConversationMessage {
  id: string;
  sent: string;
  from: 'patient' | 'proxy' | 'care_team';
  author: string | null;
  text: string;
  attachments: { index: number; title: string; contentType: string; size: number }[];
  waiting: boolean;
}

export interface Conversation {
  id: string;
  patientId: string;
  subject: string;
  lastSent: string;
  waiting: boolean;
  messages: ConversationMessage[];
}

/** The longest message and subject the server takes (after trimming). */
export const MESSAGE_TEXT_MAX = 4000;
export const MESSAGE_SUBJECT_MAX = 120;

/** Files a message may carry (server/src/messaging/message-attachments.ts). */
export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const MAX_FILES = 3;
export const MAX_FILES_BYTES = 5 * 1024 * 1024;

/** A file as the server takes it: name, type and bytes in base64, read in memory only. */
export interface OutgoingFile {
  filename: string;
  contentType: string;
  data: string;
}

export async function toOutgoingFile(file: File): Promise<OutgoingFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return { filename: file.name, contentType: file.type, data: btoa(binary) };
}
