/** Words of the practice settings page, in English and Spanish. */
import { defineMessages } from '../i18n/i18n';

export const settingsMessages = defineMessages(
  {
    title: 'Practice settings',
    intro: 'How this practice works with its patients in the portal.',
    selfServiceTitle: 'Patient self-service',
    selfServiceIntro:
      'What patients change themselves on “My details”. Details the practice keeps are shown to the patient read-only, with a note to call the practice.',
    contactLegend: 'Contact details',
    identityLegend: 'Name, birth date and gender',
    identityHelp:
      'Patients never change these themselves: they can ask, and staff accept or decline on the Change requests page.',
    group_contact: 'Phone numbers and email',
    group_address: 'Home address',
    group_emergencyContacts: 'Emergency contacts',
    group_language: 'Preferred language',
    group_name: 'Name',
    group_birthDate: 'Date of birth',
    group_gender: 'Gender',
    mode_self: 'The patient changes them',
    mode_practice: 'Only the practice changes them',
    mode_request: 'The patient may ask for a change',
    mode_practiceOnly: 'Only the practice changes it',
    save: 'Save self-service settings',
    saved: 'Self-service settings saved.',
  },
  {
    title: 'Configuración del consultorio',
    intro: 'Cómo trabaja este consultorio con sus pacientes en el portal.',
    selfServiceTitle: 'Autoservicio de los pacientes',
    selfServiceIntro:
      'Lo que los pacientes cambian ellos mismos en «Mis datos». Los datos que guarda el consultorio se muestran al paciente solo para lectura, con una nota para que llame al consultorio.',
    contactLegend: 'Datos de contacto',
    identityLegend: 'Nombre, fecha de nacimiento y género',
    identityHelp:
      'Los pacientes nunca los cambian ellos mismos: pueden pedirlo, y el personal lo acepta o rechaza en la página Solicitudes de cambio.',
    group_contact: 'Teléfonos y correo electrónico',
    group_address: 'Domicilio',
    group_emergencyContacts: 'Contactos de emergencia',
    group_language: 'Idioma preferido',
    group_name: 'Nombre',
    group_birthDate: 'Fecha de nacimiento',
    group_gender: 'Género',
    mode_self: 'El paciente los cambia',
    mode_practice: 'Solo el consultorio los cambia',
    mode_request: 'El paciente puede pedir un cambio',
    mode_practiceOnly: 'Solo el consultorio lo cambia',
    save: 'Guardar la configuración de autoservicio',
    saved: 'Configuración de autoservicio guardada.',
  },
);
