/** Words of the portal home page (the record summary and what is new). */
import { defineMessages } from '../../i18n/i18n';

export const homeMessages = defineMessages(
  {
    title: 'My record',
    newSince: 'New since your last visit',
    lastVisit: 'Your last sign-in before this one was {date}.',
    firstVisit: 'This is your first sign-in, so everything in this record is new to you.',
    nothingNew: 'Nothing has been added or changed since then.',
    newCount: '{count} entries were added or changed:',
    more: 'and {count} more.',
    updated: 'updated {date}',
    type_Condition: 'Health problem',
    type_MedicationRequest: 'Medication',
    type_MedicationStatement: 'Medication',
    type_AllergyIntolerance: 'Allergy',
    type_Immunization: 'Immunization',
    type_Observation: 'Result',
    type_DiagnosticReport: 'Report',
    type_DocumentReference: 'Visit note',
    type_CarePlan: 'Care plan',
    type_other: 'Entry',
  },
  {
    title: 'Mi historial',
    newSince: 'Novedades desde su última visita',
    lastVisit: 'Su inicio de sesión anterior a este fue el {date}.',
    firstVisit:
      'Es la primera vez que inicia sesión, así que todo este historial es nuevo para usted.',
    nothingNew: 'No se ha añadido ni cambiado nada desde entonces.',
    newCount: 'Se añadieron o cambiaron {count} entradas:',
    more: 'y {count} más.',
    updated: 'actualizado el {date}',
    type_Condition: 'Problema de salud',
    type_MedicationRequest: 'Medicamento',
    type_MedicationStatement: 'Medicamento',
    type_AllergyIntolerance: 'Alergia',
    type_Immunization: 'Vacuna',
    type_Observation: 'Resultado',
    type_DiagnosticReport: 'Informe',
    type_DocumentReference: 'Nota de visita',
    type_CarePlan: 'Plan de cuidado',
    type_other: 'Entrada',
  },
);

export type HomeMessageKey = keyof (typeof homeMessages)['en'];
