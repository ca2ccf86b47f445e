/** Words of the passkeys and recovery codes parts of the two-step verification section. */
import { defineMessages } from '../i18n/i18n';

export const passkeyMessages = defineMessages(
  {
    passkeysTitle: 'Passkeys',
    passkeysIntro:
      'A passkey lets this device, or a security key, confirm it is you with your fingerprint, face or PIN.',
    noPasskeys: 'You have no passkeys yet.',
    passkeyName: 'Name for the new passkey',
    passkeyNameHint: 'For example "My laptop" or "Blue security key".',
    addPasskey: 'Add a passkey',
    passkeyAdded: 'The passkey was added.',
    passkeyCancelled: 'The passkey was not added: the browser prompt was closed or timed out.',
    addedOn: 'added {date}',
    removePasskey: 'Remove passkey {name}',
    passkeyRemoved: 'The passkey was removed.',
    recoveryTitle: 'Recovery codes',
    recoveryIntro:
      'If you lose your phone or security key, a recovery code lets you sign in once. Making new codes stops the old ones working.',
    recoveryLeft: 'Unused recovery codes left: {count}.',
    makeCodes: 'Make new recovery codes',
    codesTitle: 'Your new recovery codes',
    codesWarning:
      'Keep these codes somewhere safe, such as on paper at home or in a password manager, and do not share them. Each works once. This is the only time they are shown: they disappear when you leave this page.',
    codesSaved: 'I have saved them',
  },
  {
    passkeysTitle: 'Llaves de acceso',
    passkeysIntro:
      'Una llave de acceso permite que este dispositivo, o una llave de seguridad, confirme que es usted con su huella, su cara o un PIN.',
    noPasskeys: 'Todavía no tiene llaves de acceso.',
    passkeyName: 'Nombre de la nueva llave de acceso',
    passkeyNameHint: 'Por ejemplo "Mi portátil" o "Llave de seguridad azul".',
    addPasskey: 'Añadir una llave de acceso',
    passkeyAdded: 'Se añadió la llave de acceso.',
    passkeyCancelled:
      'No se añadió la llave de acceso: se cerró el aviso del navegador o se agotó el tiempo.',
    addedOn: 'añadida el {date}',
    removePasskey: 'Quitar la llave de acceso {name}',
    passkeyRemoved: 'Se quitó la llave de acceso.',
    recoveryTitle: 'Códigos de recuperación',
    recoveryIntro:
      'Si pierde su teléfono o su llave de seguridad, un código de recuperación le permite entrar una vez. Crear códigos nuevos anula los anteriores.',
    recoveryLeft: 'Códigos de recuperación sin usar: {count}.',
    makeCodes: 'Crear códigos de recuperación nuevos',
    codesTitle: 'Sus códigos de recuperación nuevos',
    codesWarning:
      'Guarde estos códigos en un lugar seguro, como en papel en su casa o en un gestor de contraseñas, y no los comparta. Cada uno sirve una vez. Es la única vez que se muestran: desaparecen al salir de esta página.',
    codesSaved: 'Ya los guardé',
  },
);
