/**
 * Visit notes (DocumentReference) and care plans (CarePlan) as one list of readable entries:
 * title, date, author, and the text as written. Care-plan narrative is turned into TEXT
 * (tags stripped), never rendered as HTML.
 */
import type { CarePlan, DocumentReference, Resource } from '@medplum/fhirtypes';
import { attachmentText, htmlToText } from '../../records/attachment-text';
import { codeText, isCorrected } from '../../records/fhir-text';

export interface NoteEntry {
  id: string;
  kind: 'note' | 'plan';
  title: string;
  date: string | undefined;
  author: string;
  text: string | undefined;
  activities: string[];
  status: string | undefined;
  corrected: boolean;
}

function noteEntry(doc: DocumentReference, index: number): NoteEntry {
  const attachments = (doc.content ?? []).map((c) => c.attachment);
  const text = attachments.map((a) => attachmentText(a)).find((t) => t !== undefined);
  return {
    id: doc.id ?? `note-${index}`,
    kind: 'note',
    title: attachments[0]?.title ?? doc.description ?? codeText(doc.type),
    date: doc.date ?? doc.context?.period?.start ?? attachments[0]?.creation,
    author: (doc.author ?? [])
      .map((a) => a.display ?? '')
      .filter(Boolean)
      .join(', '),
    text,
    activities: [],
    status: undefined,
    corrected: doc.docStatus === 'amended' || isCorrected(doc),
  };
}

function planEntry(plan: CarePlan, index: number): NoteEntry {
  const narrative = plan.text?.div ? htmlToText(plan.text.div) : undefined;
  const activities = (plan.activity ?? [])
    .map((a) => a.detail?.description ?? codeText(a.detail?.code) ?? '')
    .filter(Boolean);
  const authors = [plan.author, ...(plan.contributor ?? [])]
    .map((ref) => ref?.display ?? '')
    .filter(Boolean);
  return {
    id: plan.id ?? `plan-${index}`,
    kind: 'plan',
    title: plan.title ?? codeText(plan.category?.[0]),
    date: plan.period?.start ?? plan.created ?? plan.meta?.lastUpdated,
    author: [...new Set(authors)].join(', '),
    text: plan.description ?? narrative,
    activities,
    status: plan.status,
    corrected: false,
  };
}

export function noteEntries(resources: Resource[]): NoteEntry[] {
  const entries = resources.flatMap((r, index): NoteEntry[] => {
    if (r.resourceType === 'DocumentReference' && r.status !== 'entered-in-error') {
      return [noteEntry(r, index)];
    }
    if (r.resourceType === 'CarePlan' && r.status !== 'entered-in-error') {
      return [planEntry(r, index)];
    }
    return [];
  });
  return entries.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}
