/** Words of the portal's messages page. */
import { defineMessages } from '../../i18n/i18n';

export const conversationMessages = defineMessages(
  {
    title: 'Messages',
    intro:
      'Write to your care team about questions that are not urgent. They answer during office hours, usually within two working days, and you get an email when they do.',
    emergency: 'In an emergency, call 911 or your local emergency number. Do not send a message.',
    write: 'Write to your care team',
    subjectHint: 'A few words, for example “Question about my new medication”.',
    text: 'Message',
    send: 'Send',
    reply: 'Reply',
    yourReply: 'Your reply',
    sent: 'Your message “{subject}” was sent to your care team.',
    replied: 'Your reply was sent.',
    conversations: 'Conversations',
    none: 'No messages yet.',
    waiting: 'Waiting for your care team',
    answered: 'Answered',
    you: 'You',
    patient: 'The patient',
    forPatient: '{name} (for the patient)',
    careTeam: '{name}, care team',
    careTeamUnnamed: 'Your care team',
    proxyNote:
      'Your access to this record does not include writing to the care team. Below are the messages your access lets you read.',
    proxyWrites:
      'You write for {name}. The care team sees your name on what you send, and the patient can read it.',
    noWriting: 'Your access to this record does not include writing to the care team.',
  },
  {
    title: 'Mensajes',
    intro:
      'Escribe a tu equipo de atención sobre dudas que no sean urgentes. Responden en horario de consulta, normalmente en dos días hábiles, y recibes un correo cuando lo hacen.',
    emergency:
      'En una emergencia, llama al 911 o al número de emergencias local. No envíes un mensaje.',
    write: 'Escribir a tu equipo de atención',
    subjectHint: 'Unas palabras, por ejemplo «Pregunta sobre mi nuevo medicamento».',
    text: 'Mensaje',
    send: 'Enviar',
    reply: 'Responder',
    yourReply: 'Tu respuesta',
    sent: 'Tu mensaje «{subject}» se envió a tu equipo de atención.',
    replied: 'Tu respuesta se envió.',
    conversations: 'Conversaciones',
    none: 'Todavía no hay mensajes.',
    waiting: 'Esperando a tu equipo de atención',
    answered: 'Respondido',
    you: 'Tú',
    patient: 'El paciente',
    forPatient: '{name} (por el paciente)',
    careTeam: '{name}, equipo de atención',
    careTeamUnnamed: 'Tu equipo de atención',
    proxyNote:
      'Tu acceso a este expediente no incluye escribir al equipo de atención. Abajo están los mensajes que tu acceso te permite leer.',
    proxyWrites:
      'Escribes por {name}. El equipo de atención ve tu nombre en lo que envías, y el paciente puede leerlo.',
    noWriting: 'Tu acceso a este expediente no incluye escribir al equipo de atención.',
  },
);
