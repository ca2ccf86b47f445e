import { defineMessages } from '../i18n/i18n';

export const sessionMessages = defineMessages(
  {
    idleTitle: 'Are you still there?',
    idleBody: 'For your privacy you will be signed out in {seconds} seconds.',
    stay: 'Stay signed in',
    signOutNow: 'Sign out now',
  },
  {
    idleTitle: '¿Sigue ahí?',
    idleBody: 'Por su privacidad, se cerrará su sesión en {seconds} segundos.',
    stay: 'Seguir conectado',
    signOutNow: 'Cerrar sesión ahora',
  },
);
