/** Words of /reset-password: asking for a reset link, and choosing a new password with it. */
import { defineMessages } from '../i18n/i18n';

export const resetMessages = defineMessages(
  {
    requestTitle: 'Reset your password',
    requestIntro:
      'Enter the email address of your account. We will send it a link to choose a new password.',
    send: 'Send me a reset link',
    sent: 'If an account uses this address, we have sent it a link to choose a new password. The link works for 30 minutes. Check your spam folder too.',
    chooseTitle: 'Choose a new password',
    chooseIntro: 'Choosing a new password signs you out everywhere, on every device.',
    newPassword: 'New password',
    save: 'Save my new password',
    doneTitle: 'Your password is changed',
    done: 'You were signed out everywhere. Sign in with your new password.',
    askAgain: 'Ask for a new reset link',
    signIn: 'Back to sign in',
  },
  {
    requestTitle: 'Restablecer su contraseña',
    requestIntro:
      'Escriba el correo electrónico de su cuenta. Le enviaremos un enlace para elegir una contraseña nueva.',
    send: 'Enviarme un enlace',
    sent: 'Si una cuenta usa esta dirección, le enviamos un enlace para elegir una contraseña nueva. El enlace sirve durante 30 minutos. Revise también la carpeta de correo no deseado.',
    chooseTitle: 'Elija una contraseña nueva',
    chooseIntro:
      'Al elegir una contraseña nueva se cerrarán sus sesiones en todos sus dispositivos.',
    newPassword: 'Contraseña nueva',
    save: 'Guardar mi contraseña nueva',
    doneTitle: 'Su contraseña cambió',
    done: 'Se cerraron todas sus sesiones. Inicie sesión con su contraseña nueva.',
    askAgain: 'Pedir un enlace nuevo',
    signIn: 'Volver a iniciar sesión',
  },
);
