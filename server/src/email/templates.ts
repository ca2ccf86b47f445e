/**
 * Every email Haven sends, in English and Spanish. A template can only say what its typed
 * parameters allow (links, codes, times, browser names): never a name, condition, result or
 * any other health data, because email leaves our control and lock screens show it. Links
 * must be http(s), codes six digits, device names are reduced to plain words, and all of it
 * is HTML-escaped.
 */
import {
  checkLinkUrl,
  checkMinutes,
  renderEmail,
  sanitizeDeviceName,
  type Block,
  type Locale,
} from './html.js';
import type { OutgoingEmail } from './mailer.js';

export type { Locale };

/** What every template needs: the one recipient and the language to write in. */
export interface TemplateBase {
  to: string;
  locale: Locale;
}

const FOOTER: Record<Locale, string> = {
  en: 'This is an automatic message from Haven. Haven never asks for your password by email.',
  es: 'Este es un mensaje automático de Haven. Haven nunca te pedirá tu contraseña por correo electrónico.',
};

const minutes = (locale: Locale, n: number): string =>
  locale === 'es' ? `${n} minuto${n === 1 ? '' : 's'}` : `${n} minute${n === 1 ? '' : 's'}`;

const p = (text: string): Block => ({ kind: 'paragraph', text });
const link = (label: string, url: string): Block => ({ kind: 'link', label, url });

function email(base: TemplateBase, subject: string, blocks: Block[]): OutgoingEmail {
  // The templates write English for anything but 'es'; label the HTML to match.
  const locale: Locale = base.locale === 'es' ? 'es' : 'en';
  return renderEmail({ to: base.to, locale, subject, blocks, footer: FOOTER[locale] });
}

/** Parameters of {@link passwordResetEmail}. */
export interface PasswordResetParams extends TemplateBase {
  /** The reset page, with its one-time token. */
  resetUrl: string;
  expiresInMinutes: number;
}

/** The password reset link, with its expiry and a reminder that Haven never asks for passwords. */
export function passwordResetEmail(params: PasswordResetParams): OutgoingEmail {
  const url = checkLinkUrl(params.resetUrl);
  const n = minutes(params.locale, checkMinutes(params.expiresInMinutes));
  if (params.locale === 'es') {
    return email(params, 'Restablece tu contraseña de Haven', [
      p(
        'Alguien pidió restablecer la contraseña de la cuenta de Haven que usa esta dirección de correo. Si fuiste tú, elige una contraseña nueva con este enlace.',
      ),
      link('Elegir una contraseña nueva', url),
      p(`El enlace solo funciona una vez y caduca en ${n}.`),
      p('Si no lo pediste, ignora este correo: tu contraseña no cambia.'),
      p('Haven nunca te pedirá tu contraseña por correo, teléfono ni mensaje de texto.'),
    ]);
  }
  return email(params, 'Reset your Haven password', [
    p(
      'Someone asked to reset the password of the Haven account that uses this email address. If it was you, choose a new password with this link.',
    ),
    link('Choose a new password', url),
    p(`The link works once and expires in ${n}.`),
    p('If you did not ask for this, ignore this email: your password stays the same.'),
    p('Haven never asks for your password by email, phone or text message.'),
  ]);
}

/** Parameters of {@link invitationEmail}. */
export interface InvitationParams extends TemplateBase {
  /** The activation (enrolment) page, with its one-time token. */
  activationUrl: string;
}

/** An invitation to activate a Haven account: the link and nothing about why. */
export function invitationEmail(params: InvitationParams): OutgoingEmail {
  const url = checkLinkUrl(params.activationUrl);
  if (params.locale === 'es') {
    return email(params, 'Tu invitación a Haven', [
      p('Te han invitado a crear tu cuenta de Haven. Usa este enlace para configurarla.'),
      link('Configurar tu cuenta', url),
      p('Si no esperabas esta invitación, puedes ignorar este correo.'),
    ]);
  }
  return email(params, 'Your invitation to Haven', [
    p('You have been invited to create your Haven account. Use this link to set it up.'),
    link('Set up your account', url),
    p('If you were not expecting this invitation, you can ignore this email.'),
  ]);
}

/** Parameters of {@link signInCodeEmail}. */
export interface SignInCodeParams extends TemplateBase {
  /** The six-digit one-time code. */
  code: string;
  expiresInMinutes?: number;
}

/** The one-time code for signing in by email. The code stays out of the subject (lock screens). */
export function signInCodeEmail(params: SignInCodeParams): OutgoingEmail {
  if (!/^\d{6}$/.test(params.code)) throw new TypeError('Sign-in code must be six digits');
  const { code, locale } = params;
  const expiry =
    params.expiresInMinutes === undefined
      ? undefined
      : minutes(locale, checkMinutes(params.expiresInMinutes));
  if (locale === 'es') {
    return email(params, 'Tu código para iniciar sesión en Haven', [
      { kind: 'code', label: 'Escribe este código para terminar de iniciar sesión en Haven', code },
      ...(expiry ? [p(`El código caduca en ${expiry}.`)] : []),
      p(
        'No compartas este código con nadie, tampoco con el personal de Haven. Si no intentaste iniciar sesión, ignora este correo y considera cambiar tu contraseña.',
      ),
    ]);
  }
  return email(params, 'Your Haven sign-in code', [
    { kind: 'code', label: 'Enter this code to finish signing in to Haven', code },
    ...(expiry ? [p(`The code expires in ${expiry}.`)] : []),
    p(
      'Never share this code with anyone, Haven staff included. If you did not try to sign in, ignore this email and consider changing your password.',
    ),
  ]);
}

/** Parameters of {@link newDeviceSignInEmail}. */
export interface NewDeviceSignInParams extends TemplateBase {
  signedInAt: Date;
  /** IANA time zone to show the time in; UTC when not known. */
  timeZone?: string;
  /** Approximate browser name from the User-Agent, e.g. `Firefox 128`. */
  browser: string;
  /** Approximate operating system from the User-Agent, e.g. `Windows 11`. */
  os: string;
  /** Where to reset the password (the request page, not a token link). */
  resetPasswordUrl: string;
}

/** A sign-in from a new device: when, roughly what, and what to do if it was not them. */
export function newDeviceSignInEmail(params: NewDeviceSignInParams): OutgoingEmail {
  const { locale } = params;
  if (Number.isNaN(params.signedInAt.getTime())) throw new TypeError('signedInAt is not a date');
  const url = checkLinkUrl(params.resetPasswordUrl);
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: params.timeZone ?? 'UTC',
  }).format(params.signedInAt);
  if (locale === 'es') {
    const browser = sanitizeDeviceName(params.browser, 'un navegador desconocido');
    const os = sanitizeDeviceName(params.os, 'un sistema desconocido');
    return email(params, 'Nuevo inicio de sesión en tu cuenta de Haven', [
      p('Se inició sesión en tu cuenta de Haven desde un dispositivo nuevo.'),
      p(`Cuándo: ${when}`),
      p(`Dispositivo (aproximado): ${browser} en ${os}`),
      p('Si fuiste tú, no tienes que hacer nada.'),
      p('Si no fuiste tú, restablece tu contraseña ahora.'),
      link('Restablecer tu contraseña', url),
    ]);
  }
  const browser = sanitizeDeviceName(params.browser, 'an unknown browser');
  const os = sanitizeDeviceName(params.os, 'an unknown system');
  return email(params, 'New sign-in to your Haven account', [
    p('Your Haven account was signed in to from a new device.'),
    p(`When: ${when}`),
    p(`Device (approximate): ${browser} on ${os}`),
    p('If this was you, there is nothing to do.'),
    p("If this wasn't you, reset your password now."),
    link('Reset your password', url),
  ]);
}

/** Parameters of {@link guardianConsentEmail}. */
export interface GuardianConsentParams extends TemplateBase {
  /** The consent page, with its one-time token. */
  consentUrl: string;
}

/** Asks a parent or guardian to consent to a teen's account. The teen is not named. */
export function guardianConsentEmail(params: GuardianConsentParams): OutgoingEmail {
  const url = checkLinkUrl(params.consentUrl);
  if (params.locale === 'es') {
    return email(params, 'Una cuenta de Haven necesita tu consentimiento', [
      p(
        'Una cuenta de Haven para una persona adolescente te indica como su madre, padre o tutor legal. Revisa la solicitud y da o niega tu consentimiento.',
      ),
      link('Revisar la solicitud de consentimiento', url),
      p(
        'Si no sabes por qué recibiste este correo, puedes ignorarlo: nada cambia sin tu respuesta.',
      ),
    ]);
  }
  return email(params, 'A Haven account needs your consent', [
    p(
      'A Haven account for a teenager names you as their parent or guardian. Please review the request and give or refuse your consent.',
    ),
    link('Review the consent request', url),
    p(
      'If you do not know why you received this, you can ignore it: nothing changes without your answer.',
    ),
  ]);
}

/** The kinds of news a notice may name: the category word only, never the content. */
export type NewActivityCategory = 'message' | 'result';

const CATEGORY: Record<Locale, Record<NewActivityCategory, string>> = {
  en: { message: 'a new message', result: 'a new result' },
  es: { message: 'un mensaje nuevo', result: 'un resultado nuevo' },
};

/** Parameters of {@link newActivityEmail}. */
export interface NewActivityParams extends TemplateBase {
  category: NewActivityCategory;
  /** The sign-in page. */
  signInUrl: string;
}

/** "You have something new in Haven, sign in to see it": what kind of thing, never what it says. */
export function newActivityEmail(params: NewActivityParams): OutgoingEmail {
  const url = checkLinkUrl(params.signInUrl);
  if (!Object.hasOwn(CATEGORY.en, params.category)) throw new TypeError('Unknown news category');
  const what = CATEGORY[params.locale][params.category];
  if (params.locale === 'es') {
    return email(params, 'Tienes algo nuevo en Haven', [
      p(`Tienes ${what} en Haven. Inicia sesión para verlo.`),
      link('Iniciar sesión en Haven', url),
      p('Por tu privacidad, nunca incluimos los detalles en el correo.'),
    ]);
  }
  return email(params, 'You have something new in Haven', [
    p(`You have ${what} in Haven. Sign in to see it.`),
    link('Sign in to Haven', url),
    p('For your privacy, we never put the details in email.'),
  ]);
}

/** Parameters of {@link breakGlassReviewEmail}. */
export interface BreakGlassReviewParams extends TemplateBase {
  /** The privacy console's review queue. */
  reviewUrl: string;
}

/**
 * Tells a privacy officer that an emergency (break-the-glass) access waits for review. Never
 * who the patient is, who opened it or why: the officer reads that in Haven, signed in.
 */
export function breakGlassReviewEmail(params: BreakGlassReviewParams): OutgoingEmail {
  const url = checkLinkUrl(params.reviewUrl);
  if (params.locale === 'es') {
    return email(params, 'Un acceso de emergencia necesita tu revisión', [
      p(
        'Un miembro del personal de tu consultorio usó el acceso de emergencia ("romper el cristal") al expediente de un paciente. Como responsable de privacidad, revisa si estaba justificado.',
      ),
      link('Abrir la lista de revisión', url),
      p('Por privacidad, este correo no dice de qué paciente se trata ni el motivo.'),
    ]);
  }
  return email(params, 'An emergency access needs your review', [
    p(
      'A staff member of your practice used break-the-glass emergency access to a patient’s record. As privacy officer, please review whether it was justified.',
    ),
    link('Open the review queue', url),
    p('For privacy, this email does not say which patient it was or why.'),
  ]);
}
