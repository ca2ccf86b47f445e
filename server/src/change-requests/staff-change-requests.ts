/**
 * The practice's side of change requests: the queue of waiting requests, and the answer to one.
 * Staff read and write through the gate with their own repository: who sees and answers is the
 * `requests` row of the role table, and accepting also needs the right to change the Patient.
 */
import type { Patient, Task } from '@medplum/fhirtypes';
import { AppError } from '../errors/app-error.js';
import { parseSearch } from '../fhir/search/search-request.js';
import { assertValidResource } from '../fhir/validation/index.js';
import { patientsSeen } from '../gate/patients-seen.js';
import type { RecordRepository } from '../gate/record-repository.js';
import {
  changeRequestView,
  changesOf,
  closedTask,
  identityOf,
  isChangeRequest,
  withRequestedChanges,
  type ChangeRequestView,
  type IdentityDetails,
} from './change-request.js';
import { openChangeRequest, patientIdOf, versionOf } from './change-request-service.js';

export interface StaffChangeRequestView extends ChangeRequestView {
  patientId: string;
  current: IdentityDetails;
}

/** Pages read at most for the queue (200 requests each): a practice's backlog, not a scan. */
const QUEUE_PAGES = 10;

/**
 * The requests waiting for an answer, oldest (due soonest) first. A request whose patient the
 * staff member may not see (a restriction, a label) is left out rather than failing the list.
 */
export async function openChangeRequests(
  repository: RecordRepository,
): Promise<StaffChangeRequestView[]> {
  const tasks: Task[] = [];
  for (let page = 0; page < QUEUE_PAGES; page++) {
    const plan = parseSearch('Task', [
      ['status', 'requested'],
      ['code', 'http://hl7.org/fhir/CodeSystem/task-code|change'],
      ['_sort', 'authored-on'],
      ['_count', '200'],
      ['_offset', String(page * 200)],
    ]);
    const found = await repository.search(plan);
    tasks.push(...(found.resources as Task[]).filter(isChangeRequest));
    if (!found.more) break;
  }
  const patients = await patientsSeen(repository, [...new Set(tasks.map(patientIdOf))]);
  const views = tasks.flatMap((task) => {
    const patient = patients.get(patientIdOf(task));
    return patient ? [staffView(task, patient)] : [];
  });
  return views.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/**
 * Staff answer a waiting request. Accepting writes the changed Patient and closes the request in
 * one transaction, both only if neither changed since they were read (else 409 and nothing is
 * written); declining needs a reason the patient will read. A note given on accepting is shown
 * to the patient too.
 */
export async function decideChangeRequest(
  repository: RecordRepository,
  requestId: string,
  decision: { decision: 'accept' | 'decline'; reason?: string },
  now: Date,
): Promise<StaffChangeRequestView> {
  const reason = decision.reason?.trim() ?? '';
  if (decision.decision === 'decline' && reason === '') {
    throw new AppError('validation_failed', 'Say why the request is declined.', [
      { location: '/reason', message: 'is required to decline' },
    ]);
  }
  const task = await openChangeRequest(repository, requestId);
  const patientId = patientIdOf(task);
  const patient = (await repository.read('Patient', patientId)) as Patient;
  const taskVersion = versionOf(task);
  return answeredOnce(async () => {
    if (decision.decision === 'decline') {
      const written = await repository.write({
        action: 'update',
        resource: closedTask(task, { status: 'declined', reason }, now),
        expectedVersion: taskVersion,
        changeRequest: true,
      });
      return staffView(written as Task, patient);
    }
    const changed = withRequestedChanges(patient, changesOf(task), now);
    assertValidResource(changed);
    const patientVersion = versionOf(patient);
    // The Patient version this makes is the next one: the write below fails unless the stored
    // version is still `patientVersion`.
    const made = `Patient/${patientId}/_history/${patientVersion + 1}`;
    const closed = closedTask(task, { status: 'accepted', patientVersion: made, reason }, now);
    const [newPatient, newTask] = await repository.writeAll([
      { action: 'update', resource: changed, expectedVersion: patientVersion },
      { action: 'update', resource: closed, expectedVersion: taskVersion, changeRequest: true },
    ]);
    return staffView(newTask as Task, newPatient as Patient);
  });
}

/** A request or record changed by someone else meanwhile: said in words staff can act on. */
async function answeredOnce<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'precondition_failed') {
      throw new AppError(
        'conflict',
        'The request or the record changed while you were answering. Reload and look again.',
      );
    }
    throw error;
  }
}

function staffView(task: Task, patient: Patient): StaffChangeRequestView {
  return { ...changeRequestView(task), patientId: patientIdOf(task), current: identityOf(patient) };
}
