/**
 * A patient's request that the practice change their name, birth date or gender (DATA-1,
 * RIGHT-3), held as a FHIR Task in the patient's compartment, so it is sealed with their key,
 * versioned, and read and written only through the gate like any record. The Task follows the
 * FHIR workflow pattern: code `change` on the Patient (`focus`), the proposed values as
 * `input`, the patient's reason as a `note`, and the answer due in 30 days (RIGHT-8) as
 * `restriction.period.end`. Accepting completes it and names the Patient version it produced;
 * declining rejects it with the practice's reason; the patient may withdraw (cancel) it while
 * it waits.
 *
 * Pure: building Tasks, reading them back, and applying an accepted one to the Patient.
 */
import type { HumanName, Patient, Task, TaskInput } from '@medplum/fhirtypes';
import type { IdentityField } from '../own-details/self-service-policy.js';

export type Gender = 'male' | 'female' | 'other' | 'unknown';
export type ChangeRequestStatus = 'requested' | 'accepted' | 'declined' | 'withdrawn';

/** What the patient asks to have changed; each field present is a change. */
export interface RequestedChanges {
  name?: { givenNames: string[]; familyName: string };
  birthDate?: string;
  gender?: Gender;
}

/** How the patient is named and identified now, as the request pages show it. */
export interface IdentityDetails {
  givenNames: string[];
  familyName: string;
  birthDate?: string;
  gender?: Gender;
}

export interface ChangeRequestView {
  id: string;
  status: ChangeRequestStatus;
  requestedAt: string;
  dueBy: string;
  changes: RequestedChanges;
  reason: string;
  decisionReason?: string;
  decidedAt?: string;
}

/** HIPAA 164.526 and the GDPR give a practice 30 days to answer (RIGHT-8). */
export const ANSWER_WITHIN_DAYS = 30;

const TASK_CODES = 'http://hl7.org/fhir/CodeSystem/task-code';
/** Which Patient field an input proposes. Haven's own codes: no standard system names them. */
export const CHANGE_FIELD_SYSTEM = 'https://haven.example/fhir/CodeSystem/patient-change-field';

const STATUS_OF_TASK: Partial<Record<Task['status'], ChangeRequestStatus>> = {
  requested: 'requested',
  completed: 'accepted',
  rejected: 'declined',
  cancelled: 'withdrawn',
};

/** Whether a Task is a patient change request (and not some other workflow's Task). */
export function isChangeRequest(task: Task): boolean {
  return (
    task.code?.coding?.some((c) => c.system === TASK_CODES && c.code === 'change') === true &&
    task.focus?.reference === task.for?.reference &&
    task.requester?.reference === task.for?.reference
  );
}

/** The fields a set of changes touches, in the policy's terms. */
export function fieldsOf(changes: RequestedChanges): IdentityField[] {
  return (['name', 'birthDate', 'gender'] as const).filter((f) => changes[f] !== undefined);
}

/** The Task a patient's request is stored as. */
export function newChangeRequestTask(
  patientId: string,
  changes: RequestedChanges,
  reason: string,
  now: Date,
): Task {
  const patient = { reference: `Patient/${patientId}` };
  const due = new Date(now.getTime() + ANSWER_WITHIN_DAYS * 86_400_000);
  return {
    resourceType: 'Task',
    status: 'requested',
    intent: 'proposal',
    code: {
      coding: [{ system: TASK_CODES, code: 'change', display: 'Change the focal resource' }],
    },
    description: 'The patient asks the practice to change their name, birth date or gender',
    focus: patient,
    for: patient,
    requester: patient,
    authoredOn: now.toISOString(),
    lastModified: now.toISOString(),
    restriction: { period: { end: due.toISOString() } },
    input: inputsOf(changes),
    note: [{ text: reason.trim(), authorReference: patient, time: now.toISOString() }],
  };
}

function inputsOf(changes: RequestedChanges): TaskInput[] {
  const type = (code: IdentityField) => ({ coding: [{ system: CHANGE_FIELD_SYSTEM, code }] });
  const inputs: TaskInput[] = [];
  if (changes.name) {
    inputs.push({
      type: type('name'),
      valueHumanName: {
        use: 'official',
        family: changes.name.familyName.trim(),
        given: changes.name.givenNames.map((g) => g.trim()).filter(Boolean),
      },
    });
  }
  if (changes.birthDate) inputs.push({ type: type('birthDate'), valueDate: changes.birthDate });
  if (changes.gender) inputs.push({ type: type('gender'), valueCode: changes.gender });
  return inputs;
}

/** The changes a stored Task proposes. */
export function changesOf(task: Task): RequestedChanges {
  const changes: RequestedChanges = {};
  for (const input of task.input ?? []) {
    const field = input.type.coding?.find((c) => c.system === CHANGE_FIELD_SYSTEM)?.code;
    if (field === 'name' && input.valueHumanName) {
      changes.name = {
        givenNames: input.valueHumanName.given ?? [],
        familyName: input.valueHumanName.family ?? '',
      };
    } else if (field === 'birthDate' && input.valueDate) {
      changes.birthDate = input.valueDate;
    } else if (field === 'gender' && input.valueCode) {
      changes.gender = input.valueCode as Gender;
    }
  }
  return changes;
}

/** A stored change request as the portal and the console show it. */
export function changeRequestView(task: Task): ChangeRequestView {
  const status = STATUS_OF_TASK[task.status] ?? 'requested';
  const decided = status !== 'requested' && task.lastModified ? task.lastModified : undefined;
  const decisionReason = task.statusReason?.text;
  return {
    id: task.id ?? '',
    status,
    requestedAt: task.authoredOn ?? '',
    dueBy: task.restriction?.period?.end ?? '',
    changes: changesOf(task),
    reason: task.note?.[0]?.text ?? '',
    ...(decisionReason ? { decisionReason } : {}),
    ...(decided ? { decidedAt: decided } : {}),
  };
}

/** The Task once answered: accepted (naming the Patient version made), declined or withdrawn. */
export function closedTask(
  task: Task,
  outcome:
    | { status: 'accepted'; patientVersion: string; reason?: string }
    | { status: 'declined'; reason: string }
    | { status: 'withdrawn' },
  now: Date,
): Task {
  const closed: Task = { ...task, lastModified: now.toISOString() };
  if (outcome.status === 'accepted') {
    closed.status = 'completed';
    closed.output = [
      { type: { text: 'Patient changed' }, valueReference: { reference: outcome.patientVersion } },
    ];
  } else {
    closed.status = outcome.status === 'declined' ? 'rejected' : 'cancelled';
  }
  // The practice's words to the patient: why it declined, or a note on accepting.
  const reason = outcome.status === 'withdrawn' ? '' : (outcome.reason?.trim() ?? '');
  if (reason !== '') closed.statusReason = { text: reason };
  return closed;
}

/** Names that are not the one the patient is known by (a nickname, a maiden name...). */
const NOT_CURRENT: readonly (HumanName['use'] | undefined)[] = [
  'old',
  'nickname',
  'maiden',
  'anonymous',
  'temp',
];

/** The name the patient goes by now: the official one, else the usual one, else another. */
function currentName(patient: Patient): HumanName | undefined {
  const names = (patient.name ?? []).filter((n) => !NOT_CURRENT.includes(n.use));
  return (
    names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0]
  );
}

export function identityOf(patient: Patient): IdentityDetails {
  const name = currentName(patient);
  return {
    givenNames: name?.given ?? [],
    familyName: name?.family ?? '',
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
  };
}

/** Whether each proposed value differs from the Patient as stored. */
export function unchangedFields(patient: Patient, changes: RequestedChanges): IdentityField[] {
  const now = identityOf(patient);
  const same: IdentityField[] = [];
  if (
    changes.name &&
    changes.name.familyName.trim() === now.familyName &&
    JSON.stringify(changes.name.givenNames.map((g) => g.trim()).filter(Boolean)) ===
      JSON.stringify(now.givenNames)
  ) {
    same.push('name');
  }
  if (changes.birthDate !== undefined && changes.birthDate === now.birthDate)
    same.push('birthDate');
  if (changes.gender !== undefined && changes.gender === now.gender) same.push('gender');
  return same;
}

/**
 * The Patient with an accepted request applied. A new name becomes the official one and the
 * name it replaces is kept, marked old with the day it ended, so records filed under it still
 * match; other names (a nickname, a maiden name) stay as they were.
 */
export function withRequestedChanges(
  patient: Patient,
  changes: RequestedChanges,
  now: Date,
): Patient {
  const next: Patient = { ...patient };
  if (changes.name) {
    const replaced = currentName(patient);
    const others = (patient.name ?? []).filter((n) => n !== replaced);
    const retired: HumanName[] = replaced
      ? [{ ...replaced, use: 'old', period: { ...replaced.period, end: now.toISOString() } }]
      : [];
    next.name = [
      {
        use: 'official',
        family: changes.name.familyName,
        given: changes.name.givenNames,
        period: { start: now.toISOString() },
      },
      ...others,
      ...retired,
    ];
  }
  if (changes.birthDate) next.birthDate = changes.birthDate;
  if (changes.gender) next.gender = changes.gender;
  return next;
}
