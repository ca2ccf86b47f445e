import { defineMessages } from '../i18n/i18n';

export const layoutMessages = defineMessages(
  {
    skip: 'Skip to content',
    brand: 'Haven',
    language: 'Language',
    signOut: 'Sign out',
    privacyNotice: 'Privacy notice',
    portal: 'My record',
    console: 'Staff console',
    mainNavigation: 'Main navigation',
    menu: 'Menu',
    loading: 'Loading…',
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is no page at this address.',
    goHome: 'Go to the start page',
  },
  {
    skip: 'Ir al contenido',
    brand: 'Haven',
    language: 'Idioma',
    signOut: 'Cerrar sesión',
    privacyNotice: 'Aviso de privacidad',
    portal: 'Mi expediente',
    console: 'Consola del personal',
    mainNavigation: 'Navegación principal',
    menu: 'Menú',
    loading: 'Cargando…',
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No hay ninguna página en esta dirección.',
    goHome: 'Ir a la página de inicio',
  },
);
