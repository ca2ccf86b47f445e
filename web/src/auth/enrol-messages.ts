/** Words of the two ways to get an account: an activation code (/enrol) and sign-up (/sign-up). */
import { defineMessages } from '../i18n/i18n';

export const enrolMessages = defineMessages(
  {
    enrolTitle: 'Activate your account',
    enrolIntro:
      'Use the activation code the practice gave you, with your date of birth, to make your account.',
    code: 'Activation code',
    codeHint: 'Twelve letters and numbers, for example ABCD-EFGH-JKMN.',
    dateOfBirth: 'Date of birth',
    activate: 'Activate my account',
    readyTitle: 'Your account is ready',
    signedIn: 'You are signed in.',
    notSignedIn: 'Sign in with the email address and password you just chose.',
    guardianNeeded:
      'Because you are under 18, a parent or guardian must agree before you can see your record. The practice will ask them.',
    protectTitle: 'Protect your account',
    protectIntro:
      'Add a second step to signing in: an authenticator app on your phone shows a new code each time. Someone who learns your password still cannot get in.',
    setUpTotp: 'Set up an authenticator app',
    goToRecord: 'Go to my record',
    signIn: 'Sign in',
    signUpTitle: 'Create an account',
    signUpIntro:
      'You can make an account yourself. You will see nothing from your record until the practice has checked a government photo ID and linked your account to your chart. Bring the ID to the practice.',
    practice: 'Practice',
    practiceHint: 'The short name of your practice in Haven, for example "demo".',
    givenName: 'First name',
    familyName: 'Last name',
    createAccount: 'Create my account',
    signUpDoneTitle: 'Your account is made',
    signUpDone:
      'You can sign in now, but you will see nothing from your record until the practice has checked your ID. Bring a government photo ID to the practice.',
    haveCodeInstead: 'I have an activation code',
  },
  {
    enrolTitle: 'Active su cuenta',
    enrolIntro:
      'Use el código de activación que le dio el consultorio, con su fecha de nacimiento, para crear su cuenta.',
    code: 'Código de activación',
    codeHint: 'Doce letras y números, por ejemplo ABCD-EFGH-JKMN.',
    dateOfBirth: 'Fecha de nacimiento',
    activate: 'Activar mi cuenta',
    readyTitle: 'Su cuenta está lista',
    signedIn: 'Ha iniciado sesión.',
    notSignedIn: 'Inicie sesión con el correo electrónico y la contraseña que acaba de elegir.',
    guardianNeeded:
      'Como es menor de 18 años, uno de sus padres o su tutor debe dar su acuerdo antes de que pueda ver su expediente. El consultorio se lo pedirá.',
    protectTitle: 'Proteja su cuenta',
    protectIntro:
      'Añada un segundo paso al iniciar sesión: una aplicación de autenticación en su teléfono muestra un código nuevo cada vez. Quien conozca su contraseña aún no podrá entrar.',
    setUpTotp: 'Configurar una aplicación de autenticación',
    goToRecord: 'Ir a mi expediente',
    signIn: 'Iniciar sesión',
    signUpTitle: 'Crear una cuenta',
    signUpIntro:
      'Puede crear una cuenta usted mismo. No verá nada de su expediente hasta que el consultorio haya revisado una identificación oficial con foto y vinculado su cuenta a su historia clínica. Lleve la identificación al consultorio.',
    practice: 'Consultorio',
    practiceHint: 'El nombre corto de su consultorio en Haven, por ejemplo "demo".',
    givenName: 'Nombre',
    familyName: 'Apellido',
    createAccount: 'Crear mi cuenta',
    signUpDoneTitle: 'Su cuenta está creada',
    signUpDone:
      'Ya puede iniciar sesión, pero no verá nada de su expediente hasta que el consultorio revise su identificación. Lleve una identificación oficial con foto al consultorio.',
    haveCodeInstead: 'Tengo un código de activación',
  },
);
