import { defineMessages } from '../i18n/i18n';

export const privacyMessages = defineMessages(
  {
    title: 'Privacy notice',
    intro:
      'This notice is generated from the list of promises Haven’s code keeps. Each promise is linked to the code that enforces it and the tests that prove it, so the notice says only what the software does.',
    version: 'Version {version}',
    lastUpdated: 'Last updated {date}',
    dataLocation: 'Where your data is stored: {location}',
    in_force: 'In force',
    in_force_with_limits: 'In force, with limits',
    not_yet_offered: 'Not yet offered',
    howWeKeepIt: 'How the software keeps it:',
    limits: 'Limits:',
    englishOnly: '',
    summary:
      '{inForce} of {total} promises are in force; {limited} with limits; {planned} not yet offered.',
  },
  {
    title: 'Aviso de privacidad',
    intro:
      'Este aviso se genera a partir de la lista de promesas que cumple el código de Haven. Cada promesa está vinculada al código que la aplica y a las pruebas que lo demuestran, así que el aviso dice solo lo que el software hace.',
    version: 'Versión {version}',
    lastUpdated: 'Última actualización: {date}',
    dataLocation: 'Dónde se guardan sus datos: {location}',
    in_force: 'En vigor',
    in_force_with_limits: 'En vigor, con límites',
    not_yet_offered: 'Aún no disponible',
    howWeKeepIt: 'Cómo lo cumple el software:',
    limits: 'Límites:',
    englishOnly: 'El texto de cada promesa se muestra en inglés, tal como está en el registro.',
    summary:
      '{inForce} de {total} promesas están en vigor; {limited} con límites; {planned} aún no disponibles.',
  },
);
