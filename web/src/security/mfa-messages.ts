/** Words of the two-step verification section: its status, the authenticator app, email codes. */
import { defineMessages } from '../i18n/i18n';

export const mfaMessages = defineMessages(
  {
    mfaTitle: 'Two-step verification',
    mfaIntro:
      'A second step after your password. Someone who learns your password still cannot sign in.',
    statusOn: 'Two-step verification is on.',
    statusEmailOnly: 'Two-step verification is on, with codes by email only.',
    statusOff: 'Two-step verification is off. Add an authenticator app or a passkey.',
    yourPassword: 'Your password',
    passwordWhy: 'We ask for your password before a change that could weaken your account.',
    cancel: 'Cancel',
    totpTitle: 'Authenticator app',
    totpOn: 'An authenticator app is set up.',
    totpOff: 'No authenticator app is set up.',
    totpStart: 'Set up an authenticator app',
    totpReplace: 'Set up a different authenticator app',
    totpStep1:
      'In your authenticator app (for example Google Authenticator, Microsoft Authenticator or Aegis), add an account: open the link below on your phone, or type the setup key.',
    setupKey: 'Setup key',
    openInApp: 'Open in my authenticator app',
    totpStep2: 'Then enter the six-digit code your app shows.',
    codeFromApp: 'Code from your app',
    totpConfirm: 'Finish setup',
    totpDone:
      'Your authenticator app is set up. You will be asked for a code from it when you sign in. Make recovery codes below in case you lose your phone.',
    totpRemove: 'Remove authenticator app',
    totpRemoved: 'The authenticator app was removed.',
    emailTitle: 'Codes by email',
    emailIntro:
      'For people without a smartphone: we email you a code each time you sign in. An app or a passkey is safer, since a mailbox is often opened with the same password.',
    emailOn: 'Codes by email are on.',
    emailOff: 'Codes by email are off.',
    emailTurnOn: 'Turn on codes by email',
    emailTurnOff: 'Turn off codes by email',
    emailNowOn: 'Codes by email are now on.',
    emailNowOff: 'Codes by email are now off.',
  },
  {
    mfaTitle: 'Verificación en dos pasos',
    mfaIntro:
      'Un segundo paso después de su contraseña. Quien conozca su contraseña aún no podrá entrar.',
    statusOn: 'La verificación en dos pasos está activada.',
    statusEmailOnly: 'La verificación en dos pasos está activada, solo con códigos por correo.',
    statusOff:
      'La verificación en dos pasos está desactivada. Añada una aplicación de autenticación o una llave de acceso.',
    yourPassword: 'Su contraseña',
    passwordWhy: 'Le pedimos su contraseña antes de un cambio que podría debilitar su cuenta.',
    cancel: 'Cancelar',
    totpTitle: 'Aplicación de autenticación',
    totpOn: 'Tiene configurada una aplicación de autenticación.',
    totpOff: 'No tiene configurada ninguna aplicación de autenticación.',
    totpStart: 'Configurar una aplicación de autenticación',
    totpReplace: 'Configurar otra aplicación de autenticación',
    totpStep1:
      'En su aplicación de autenticación (por ejemplo Google Authenticator, Microsoft Authenticator o Aegis), añada una cuenta: abra el enlace de abajo en su teléfono o escriba la clave de configuración.',
    setupKey: 'Clave de configuración',
    openInApp: 'Abrir en mi aplicación de autenticación',
    totpStep2: 'Luego escriba el código de seis dígitos que muestra su aplicación.',
    codeFromApp: 'Código de su aplicación',
    totpConfirm: 'Terminar la configuración',
    totpDone:
      'Su aplicación de autenticación está configurada. Se le pedirá un código de ella al iniciar sesión. Cree códigos de recuperación más abajo por si pierde su teléfono.',
    totpRemove: 'Quitar la aplicación de autenticación',
    totpRemoved: 'Se quitó la aplicación de autenticación.',
    emailTitle: 'Códigos por correo',
    emailIntro:
      'Para quienes no tienen teléfono inteligente: le enviamos un código por correo cada vez que inicia sesión. Una aplicación o una llave de acceso es más segura, porque el correo suele abrirse con la misma contraseña.',
    emailOn: 'Los códigos por correo están activados.',
    emailOff: 'Los códigos por correo están desactivados.',
    emailTurnOn: 'Activar los códigos por correo',
    emailTurnOff: 'Desactivar los códigos por correo',
    emailNowOn: 'Los códigos por correo ya están activados.',
    emailNowOff: 'Los códigos por correo ya están desactivados.',
  },
);
