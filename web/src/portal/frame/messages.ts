/** Words of the portal's frame: navigation, whose-record banner, record switcher. */
import { defineMessages } from '../../i18n/i18n';

export const frameMessages = defineMessages(
  {
    navHome: 'Home',
    navResults: 'Results',
    navNotes: 'Notes and care plans',
    navAppointments: 'Appointments',
    navForms: 'Questionnaires',
    navMessages: 'Messages',
    navBilling: 'Bills',
    navAccess: 'Who accessed my record',
    navSharing: 'Sharing and consents',
    navDetails: 'My details',
    navProxies: 'Proxies',
    navSecurity: 'Security',
    bannerSelf: 'You are viewing your record',
    bannerOther: "You are viewing {name}'s record",
    bannerOtherUnnamed: 'You are viewing the record of someone you care for',
    bannerPractice: 'at {practice}',
    bannerLimited:
      'Some confidential parts of this record are kept private by law and are not shown to you.',
    bannerNoRecord: 'No record is open',
    bannerWaiting: 'Your record is not available yet',
    switchLabel: 'Switch record',
    switchOwn: 'My record ({practice})',
    switchOwnShort: 'My record',
    switchOther: '{name} ({practice})',
    someoneUnnamed: 'Someone I care for',
    switched: 'Now showing {name}',
    switchedSelf: 'Now showing your record',
    noRecordTitle: 'You do not have a record here yet',
    chooseTitle: 'Choose a record to open',
    chooseBody:
      'You look after other people’s records. Choose one with "Switch record" above, or from the Proxies page.',
    switchPlaceholder: 'Choose a record',
    noRecordNone:
      'No health record is linked to your account yet. When a practice links your record, it will appear here.',
    status_pending_identity:
      '{practice} has not yet confirmed who you are. Once they check your identity, your record will appear here.',
    status_pending_guardian:
      'Your account at {practice} is waiting for a parent or guardian to approve it.',
    status_closed: 'Your account at {practice} is closed.',
    status_active: 'Your record at {practice} is ready. Choose it with "Switch record".',
    noRecordProxies:
      'You can still open a record you look after from the Proxies page, and manage your security settings.',
  },
  {
    navHome: 'Inicio',
    navResults: 'Resultados',
    navNotes: 'Notas y planes de cuidado',
    navAppointments: 'Citas',
    navForms: 'Cuestionarios',
    navMessages: 'Mensajes',
    navBilling: 'Facturas',
    navAccess: 'Quién accedió a mi historial',
    navSharing: 'Compartir y consentimientos',
    navDetails: 'Mis datos',
    navProxies: 'Representantes',
    navSecurity: 'Seguridad',
    bannerSelf: 'Está viendo su historial',
    bannerOther: 'Está viendo el historial de {name}',
    bannerOtherUnnamed: 'Está viendo el historial de una persona a su cargo',
    bannerPractice: 'en {practice}',
    bannerLimited:
      'Algunas partes confidenciales de este historial están protegidas por la ley y no se le muestran.',
    bannerNoRecord: 'No hay ningún historial abierto',
    bannerWaiting: 'Su historial aún no está disponible',
    switchLabel: 'Cambiar de historial',
    switchOwn: 'Mi historial ({practice})',
    switchOwnShort: 'Mi historial',
    switchOther: '{name} ({practice})',
    someoneUnnamed: 'Una persona a mi cargo',
    switched: 'Ahora se muestra: {name}',
    switchedSelf: 'Ahora se muestra su historial',
    noRecordTitle: 'Todavía no tiene un historial aquí',
    chooseTitle: 'Elija un historial para abrir',
    chooseBody:
      'Usted cuida historiales de otras personas. Elija uno con «Cambiar de historial» arriba o desde la página Representantes.',
    switchPlaceholder: 'Elija un historial',
    noRecordNone:
      'Su cuenta aún no tiene un historial de salud vinculado. Cuando una consulta vincule su historial, aparecerá aquí.',
    status_pending_identity:
      '{practice} todavía no ha confirmado su identidad. Cuando la verifiquen, su historial aparecerá aquí.',
    status_pending_guardian:
      'Su cuenta en {practice} está esperando la aprobación de su padre, madre o tutor.',
    status_closed: 'Su cuenta en {practice} está cerrada.',
    status_active: 'Su historial en {practice} está listo. Elíjalo con «Cambiar de historial».',
    noRecordProxies:
      'Aún puede abrir un historial que usted cuida desde la página Representantes y gestionar su seguridad.',
  },
);
