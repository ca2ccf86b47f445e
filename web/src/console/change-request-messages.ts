/** Words of the change-requests queue and the practice settings page, in English and Spanish. */
import { defineMessages } from '../i18n/i18n';

export const changeRequestMessages = defineMessages(
  {
    title: 'Change requests',
    intro:
      'Patients ask here to correct their name, date of birth or gender. Check the change against an identity document or the patient’s own word as your practice requires, then accept it (the record changes at once) or decline it with a reason the patient sees. Answer within 30 days.',
    readOnly: 'You can see the requests; front desk, clinicians and nurses accept or decline them.',
    count: '{count} requests waiting.',
    countOne: '1 request waiting.',
    none: 'No requests are waiting.',
    askedOn: 'Asked on {date}',
    dueBy: 'Answer by {date}',
    overdue: 'Overdue: the answer was due on {date}',
    tableCaption: 'What {name} asks to change',
    colWhat: 'What',
    colNow: 'On the record now',
    colAsked: 'Asked for',
    name: 'Name',
    birthDate: 'Date of birth',
    gender: 'Gender',
    notRecorded: 'Not recorded',
    patientReason: 'The patient’s reason',
    decisionReason: 'Reason for your decision (the patient sees it; needed to decline)',
    decisionReasonMissing: 'Say why you decline: the patient sees your reason.',
    accept: 'Accept change',
    decline: 'Decline change',
    accepted: 'Accepted: {name}’s record now shows the change.',
    declined: 'Declined the request from {name}. They see your reason in the portal.',
  },
  {
    title: 'Solicitudes de cambio',
    intro:
      'Aquí los pacientes piden corregir su nombre, fecha de nacimiento o género. Compruebe el cambio con un documento de identidad o con la palabra del paciente, según exija su consultorio, y acéptelo (el expediente cambia de inmediato) o rechácelo con un motivo que el paciente verá. Responda en un plazo de 30 días.',
    readOnly:
      'Usted puede ver las solicitudes; recepción, médicos y enfermería las aceptan o rechazan.',
    count: '{count} solicitudes en espera.',
    countOne: '1 solicitud en espera.',
    none: 'No hay solicitudes en espera.',
    askedOn: 'Pedida el {date}',
    dueBy: 'Responder antes del {date}',
    overdue: 'Vencida: la respuesta debía darse el {date}',
    tableCaption: 'Qué pide cambiar {name}',
    colWhat: 'Qué',
    colNow: 'En el expediente ahora',
    colAsked: 'Lo que pide',
    name: 'Nombre',
    birthDate: 'Fecha de nacimiento',
    gender: 'Género',
    notRecorded: 'No registrado',
    patientReason: 'Motivo del paciente',
    decisionReason: 'Motivo de su decisión (el paciente lo ve; necesario para rechazar)',
    decisionReasonMissing: 'Explique por qué la rechaza: el paciente verá su motivo.',
    accept: 'Aceptar el cambio',
    decline: 'Rechazar el cambio',
    accepted: 'Aceptada: el expediente de {name} ya muestra el cambio.',
    declined: 'Se rechazó la solicitud de {name}. Verá su motivo en el portal.',
  },
);

export type ChangeRequestMessageKey = keyof (typeof changeRequestMessages)['en'];
