/**
 * Downloading a file sent with a message: the message is read through the reader's repository
 * (decided and audited like any read of the record; out of reach is 404), and the file is sent
 * as an attachment with its checked type, so a browser saves it rather than showing it inside
 * Haven's pages.
 */
import type { Communication } from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { notFound } from '../errors/app-error.js';
import type { RecordRepository } from '../gate/record-repository.js';
import { attachmentFile, downloadDisposition } from './message-attachments.js';
import { isPortalMessage } from './message-model.js';

export async function sendMessageFile(
  reply: FastifyReply,
  repository: RecordRepository,
  messageId: string,
  index: number,
): Promise<FastifyReply> {
  const message = (await repository.read('Communication', messageId)) as Communication;
  const file = isPortalMessage(message) ? attachmentFile(message, index) : undefined;
  if (!file) throw notFound();
  return reply
    .type(file.contentType)
    .header('content-disposition', downloadDisposition(file.title))
    .send(file.bytes);
}
