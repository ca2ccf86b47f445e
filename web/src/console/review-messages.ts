/** Words of the privacy officer's break-the-glass review queue, in English and Spanish. */
import { defineMessages } from '../i18n/i18n';

export const reviewMessages = defineMessages(
  {
    title: 'Break-the-glass reviews',
    intro:
      'Every emergency access to a chart is listed here. Decide whether each one was justified; the decision and your note are recorded.',
    show: 'Show',
    state_pending: 'Waiting for review',
    state_justified: 'Justified',
    state_not_justified: 'Not justified',
    count: '{count} emergency accesses.',
    countOne: '1 emergency access.',
    none: 'No emergency accesses to show.',
    who: '{name}, {date}',
    patient: 'Patient record',
    granted: 'Opened',
    expires: 'Ends',
    reasonCode: 'Reason',
    reason: 'Explanation given',
    state: 'Review',
    reviewedAt: 'Reviewed',
    reviewNote: 'Review note',
    noteLabel: 'Note (optional)',
    justified: 'Mark justified',
    notJustified: 'Mark not justified',
  },
  {
    title: 'Revisiones de acceso de emergencia',
    intro:
      'Aquí aparece cada acceso de emergencia a un expediente. Decida si cada uno estuvo justificado; la decisión y su nota quedan registradas.',
    show: 'Mostrar',
    state_pending: 'Pendientes de revisión',
    state_justified: 'Justificado',
    state_not_justified: 'No justificado',
    count: '{count} accesos de emergencia.',
    countOne: '1 acceso de emergencia.',
    none: 'No hay accesos de emergencia que mostrar.',
    who: '{name}, {date}',
    patient: 'Expediente del paciente',
    granted: 'Abierto',
    expires: 'Termina',
    reasonCode: 'Motivo',
    reason: 'Explicación dada',
    state: 'Revisión',
    reviewedAt: 'Revisado',
    reviewNote: 'Nota de revisión',
    noteLabel: 'Nota (opcional)',
    justified: 'Marcar como justificado',
    notJustified: 'Marcar como no justificado',
  },
);

export type ReviewMessageKey = keyof (typeof reviewMessages)['en'];
