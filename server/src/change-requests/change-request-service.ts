/**
 * The patient's side of change requests (DATA-1, RIGHT-3): they ask the practice to change their
 * name, birth date or gender, follow their requests, and may withdraw one while it waits. Every
 * step reads and writes through the gate with the patient's repository, marked as the
 * change-request workflow (the only way anyone writes a Task). The practice's side is in
 * staff-change-requests.ts.
 */
import { createHash } from 'node:crypto';
import type { Patient, Task } from '@medplum/fhirtypes';
import type { ErrorIssue } from '../errors/app-error.js';
import { AppError, notFound } from '../errors/app-error.js';
import { isCalendarDate } from '../fhir/calendar-date.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { RecordRepository } from '../gate/record-repository.js';
import type { SelfServicePolicy } from '../own-details/self-service-policy.js';
import {
  changeRequestView,
  closedTask,
  fieldsOf,
  identityOf,
  isChangeRequest,
  newChangeRequestTask,
  unchangedFields,
  type ChangeRequestView,
  type IdentityDetails,
  type RequestedChanges,
} from './change-request.js';

/** The patient's identity details and their requests, newest first. */
export async function ownChangeRequests(
  repository: RecordRepository,
  patientId: string,
): Promise<{ identity: IdentityDetails; requests: ChangeRequestView[] }> {
  const { patient, requests } = await loadOwn(repository, patientId);
  return { identity: identityOf(patient), requests };
}

async function loadOwn(
  repository: RecordRepository,
  patientId: string,
): Promise<{ patient: Patient; requests: ChangeRequestView[] }> {
  const patient = (await repository.read('Patient', patientId)) as Patient;
  const tasks = (await repository.searchPatient(patientId, ['Task'])) as Task[];
  const requests = tasks
    .filter(isChangeRequest)
    .map(changeRequestView)
    .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return { patient, requests };
}

/**
 * Files the patient's request. Refused, with nothing stored: a field the practice changes only
 * at the desk, a value the record already holds, a birth date that is not a past date, and a
 * second request while one waits (the practice answers one at a time).
 */
export async function requestChange(
  repository: RecordRepository,
  patientId: string,
  policy: SelfServicePolicy,
  input: { changes: RequestedChanges; reason: string },
  now: Date,
): Promise<ChangeRequestView> {
  const fields = fieldsOf(input.changes);
  if (fields.length === 0) {
    throw new AppError('validation_failed', 'Say what you would like changed.', [
      { location: '/changes', message: 'names no change' },
    ]);
  }
  const issues: ErrorIssue[] = fields
    .filter((field) => policy[field] !== 'request')
    .map((field) => ({
      location: `/changes/${field}`,
      message: 'is changed by the practice at the desk only',
    }));
  if (input.changes.birthDate !== undefined && !isPastDate(input.changes.birthDate, now)) {
    issues.push({
      location: '/changes/birthDate',
      message: 'must be a real date in the past 130 years',
    });
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', 'Some of these changes cannot be requested.', issues);
  }
  const { patient, requests } = await loadOwn(repository, patientId);
  if (requests.some((r) => r.status === 'requested')) throw waitingAlready();
  const same = unchangedFields(patient, input.changes);
  if (same.length > 0) {
    throw new AppError(
      'validation_failed',
      'Your record already says this.',
      same.map((field) => ({ location: `/changes/${field}`, message: 'is what the record holds' })),
    );
  }
  const task = {
    ...newChangeRequestTask(patientId, input.changes, input.reason, now),
    id: nthRequestId(repository.tenantId, patientId, requests.length),
  };
  assertValidResource(task);
  try {
    const written = await repository.write({
      action: 'create',
      resource: task,
      changeRequest: true,
    });
    return changeRequestView(written as Task);
  } catch (error) {
    // Two requests sent at once both found none waiting and took the same id: one is stored.
    if (error instanceof AppError && error.code === 'conflict') throw waitingAlready();
    throw error;
  }
}

function waitingAlready(): AppError {
  return new AppError(
    'conflict',
    'A request of yours is waiting for the practice. Withdraw it first to ask again.',
  );
}

/**
 * The id of a patient's n-th request (counting from 0). Derived, not random, so that two
 * requests sent at once, which both saw n earlier ones and none waiting, claim the same id and
 * the store keeps only one: "one waiting request at a time" holds without a lock.
 */
function nthRequestId(tenantId: string, patientId: string, n: number): string {
  const hex = createHash('sha256')
    .update(`haven:change-request:${tenantId}:${patientId}:${n}`)
    .digest('hex');
  // Laid out as a UUID (version 8, RFC 9562 variant): the store takes UUID ids only.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** The patient withdraws a request that still waits. */
export async function withdrawChangeRequest(
  repository: RecordRepository,
  requestId: string,
  now: Date,
): Promise<ChangeRequestView> {
  const task = await openChangeRequest(repository, requestId);
  const written = await repository.write({
    action: 'update',
    resource: closedTask(task, { status: 'withdrawn' }, now),
    expectedVersion: versionOf(task),
    changeRequest: true,
  });
  return changeRequestView(written as Task);
}

/** A change request that still waits; 404 for any other Task, 409 once it is answered. */
export async function openChangeRequest(repository: RecordRepository, id: string): Promise<Task> {
  const task = (await repository.read('Task', id)) as Task;
  if (!isChangeRequest(task)) throw notFound();
  if (task.status !== 'requested') {
    throw new AppError('conflict', 'This request has been answered or withdrawn already.');
  }
  return task;
}

export function patientIdOf(task: Task): string {
  return (task.for?.reference ?? '').replace(/^Patient\//, '');
}

export function versionOf(resource: { meta?: { versionId?: string } }): number {
  return Number(resource.meta?.versionId);
}

/** No one alive was born longer ago than this. */
const OLDEST_YEARS = 130;

/** A calendar date (YYYY-MM-DD) that exists, is not after today, and is a possible birth. */
function isPastDate(value: string, now: Date): boolean {
  if (!isCalendarDate(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return (
    date.getTime() <= now.getTime() && date.getUTCFullYear() >= now.getUTCFullYear() - OLDEST_YEARS
  );
}
