/** Words of the portal's notes and care plans page. */
import { defineMessages } from '../../i18n/i18n';

export const notesMessages = defineMessages(
  {
    title: 'Notes and care plans',
    intro: 'Visit notes and care plans as your clinicians wrote them, newest first.',
    none: 'There are no visit notes or care plans in this record yet.',
    kindNote: 'Visit note',
    kindPlan: 'Care plan',
    writtenBy: 'Written by {name}',
    date: 'Date: {date}',
    noText: 'The text of this note cannot be shown here. Ask the practice for a copy.',
    activities: 'What the plan includes',
    planStatus_active: 'In effect',
    planStatus_completed: 'Completed',
    planStatus_revoked: 'Stopped',
    planStatus_draft: 'Draft',
    'planStatus_on-hold': 'On hold',
    corrected: 'Corrected',
  },
  {
    title: 'Notas y planes de cuidado',
    intro:
      'Notas de visita y planes de cuidado tal como los escribieron sus clínicos, primero los más recientes.',
    none: 'Todavía no hay notas de visita ni planes de cuidado en este historial.',
    kindNote: 'Nota de visita',
    kindPlan: 'Plan de cuidado',
    writtenBy: 'Escrito por {name}',
    date: 'Fecha: {date}',
    noText: 'El texto de esta nota no se puede mostrar aquí. Pida una copia a la consulta.',
    activities: 'Qué incluye el plan',
    planStatus_active: 'Vigente',
    planStatus_completed: 'Completado',
    planStatus_revoked: 'Suspendido',
    planStatus_draft: 'Borrador',
    'planStatus_on-hold': 'En pausa',
    corrected: 'Corregido',
  },
);

export type NotesMessageKey = keyof (typeof notesMessages)['en'];
