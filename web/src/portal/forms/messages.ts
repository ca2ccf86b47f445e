/** Words of the portal's questionnaires page. */
import { defineMessages } from '../../i18n/i18n';

export const formsMessages = defineMessages(
  {
    title: 'Questionnaires',
    intro:
      'Questions your practice asks before a visit. Your answers go to your record, where your care team reads them.',
    available: 'To fill in',
    none: 'Your practice has no questionnaires for you at the moment.',
    start: 'Fill in “{title}”',
    send: 'Send my answers',
    cancel: 'Cancel',
    sent: 'Thank you. Your answers to “{title}” are in your record.',
    proxyNote:
      'Only the patient answers these questionnaires. Below are the answers your access lets you read.',
    guardianNote:
      'You answer for {name}, as their parent or guardian. The answers go to their record, and their care team sees that a parent or guardian gave them.',
    byGuardian: 'Answered by a parent or guardian',
    required: 'required',
    yes: 'Yes',
    no: 'No',
    answered: 'Your answers',
    noAnswers: 'No answers sent yet.',
    sentOn: 'Sent {date}',
    untitled: 'Questionnaire',
  },
  {
    title: 'Cuestionarios',
    intro:
      'Preguntas que su consulta hace antes de una visita. Sus respuestas van a su historial, donde las lee su equipo de atención.',
    available: 'Para rellenar',
    none: 'Su consulta no tiene cuestionarios para usted en este momento.',
    start: 'Rellenar «{title}»',
    send: 'Enviar mis respuestas',
    cancel: 'Cancelar',
    sent: 'Gracias. Sus respuestas a «{title}» están en su historial.',
    proxyNote:
      'Solo el paciente responde a estos cuestionarios. Abajo están las respuestas que su acceso le permite leer.',
    guardianNote:
      'Usted responde por {name}, como su madre, padre o tutor. Las respuestas van a su historial, y su equipo de atención ve que las dio un familiar responsable.',
    byGuardian: 'Respondido por la madre, el padre o el tutor',
    required: 'obligatoria',
    yes: 'Sí',
    no: 'No',
    answered: 'Sus respuestas',
    noAnswers: 'Todavía no ha enviado respuestas.',
    sentOn: 'Enviado el {date}',
    untitled: 'Cuestionario',
  },
);
