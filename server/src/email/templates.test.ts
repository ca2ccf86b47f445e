import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import type { OutgoingEmail } from './mailer.js';
import {
  guardianConsentEmail,
  invitationEmail,
  newActivityEmail,
  newDeviceSignInEmail,
  passwordResetEmail,
  signInCodeEmail,
  type Locale,
} from './templates.js';

const LOCALES: Locale[] = ['en', 'es'];
const HOSTILE_URL = 'https://haven.example/go?t=a&b="><script>alert(1)</script>\'<img src=x>';
const HOSTILE_DEVICE = '"><img src=x onerror=alert(1)> visit https://evil.test/x';

/** Every template, built with parameters chosen to break out of the HTML if not escaped. */
function everyTemplate(locale: Locale, url = HOSTILE_URL): Record<string, OutgoingEmail> {
  const to = 'jo@example.org';
  return {
    passwordReset: passwordResetEmail({ to, locale, resetUrl: url, expiresInMinutes: 30 }),
    invitation: invitationEmail({ to, locale, activationUrl: url }),
    signInCode: signInCodeEmail({ to, locale, code: '042917', expiresInMinutes: 10 }),
    newDevice: newDeviceSignInEmail({
      to,
      locale,
      signedInAt: new Date('2025-03-04T15:06:07Z'),
      browser: HOSTILE_DEVICE,
      os: '<script>Windows</script>',
      resetPasswordUrl: url,
    }),
    guardianConsent: guardianConsentEmail({ to, locale, consentUrl: url }),
    newMessage: newActivityEmail({ to, locale, category: 'message', signInUrl: url }),
    newResult: newActivityEmail({ to, locale, category: 'result', signInUrl: url }),
  };
}

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'h1', 'p', 'a', 'strong']);
ALLOWED_TAGS.add('hr').add('small');

describe('email templates', () => {
  describe.each(LOCALES)('in %s', (locale) => {
    const emails = Object.entries(everyTemplate(locale));

    it.each(emails)('%s has no HTML injected by its parameters', (_name, email) => {
      const tags = [...email.html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]);
      expect(tags.filter((tag) => !ALLOWED_TAGS.has(tag ?? ''))).toEqual([]);
      expect(email.html).not.toMatch(/<script|<img|javascript:/i);
      // Every attribute value is quoted and holds no raw quote or angle bracket.
      for (const [, value] of email.html.matchAll(/=\s*"([^"]*)"/g)) {
        expect(value).not.toMatch(/[<>]/);
      }
      for (const [, href] of email.html.matchAll(/href="([^"]*)"/g)) {
        expect(href).toMatch(/^https:\/\/haven\.example\/go\?/);
      }
      expect(email.html.startsWith('<!DOCTYPE html>\n<html lang="' + locale + '">')).toBe(true);
      expect(email.html).toContain(`<title>${escapeHtml(email.subject)}</title>`);
      expect(email.to).toBe('jo@example.org');
    });

    it.each(emails)('%s never shows a password value', (_name, email) => {
      for (const part of [email.subject, email.text, email.html]) {
        expect(part).not.toMatch(/(password|contraseña)\s*:\s*\S/i);
      }
    });

    it.each(emails)('%s has no markup or foreign link in its text', (_name, email) => {
      expect(email.text).not.toMatch(/evil\.test/);
      expect(email.text).not.toMatch(/<|>/);
    });
  });

  it('puts the reset link, its expiry and the never-asks warning in the reset email', () => {
    const url = 'https://haven.example/reset?token=Zx9_abc&lang=en';
    const en = passwordResetEmail({
      to: 'jo@example.org',
      locale: 'en',
      resetUrl: url,
      expiresInMinutes: 30,
    });
    expect(en.text).toContain(url);
    expect(en.html).toContain(`href="${escapeHtml(url)}"`);
    expect(en.text).toContain('expires in 30 minutes');
    expect(en.text).toContain('Haven never asks for your password');
    const es = passwordResetEmail({
      to: 'jo@example.org',
      locale: 'es',
      resetUrl: url,
      expiresInMinutes: 1,
    });
    expect(es.text).toContain(url);
    expect(es.text).toContain('caduca en 1 minuto.');
    expect(es.text).toContain('Haven nunca te pedirá tu contraseña');
    expect(es.subject).toBe('Restablece tu contraseña de Haven');
  });

  it('shows the sign-in code in the body but not in the subject', () => {
    for (const locale of LOCALES) {
      const email = signInCodeEmail({ to: 'jo@example.org', locale, code: '042917' });
      expect(email.text).toContain('042917');
      expect(email.html).toContain('<strong>042917</strong>');
      expect(email.subject).not.toContain('042917');
    }
  });

  it('names the category of news and nothing else', () => {
    const signInUrl = 'https://haven.example/sign-in';
    const en = newActivityEmail({
      to: 'jo@example.org',
      locale: 'en',
      category: 'result',
      signInUrl,
    });
    expect(en.text).toContain('You have a new result in Haven. Sign in to see it.');
    const es = newActivityEmail({
      to: 'jo@example.org',
      locale: 'es',
      category: 'message',
      signInUrl,
    });
    expect(es.text).toContain('Tienes un mensaje nuevo en Haven.');
  });

  it('tells when and roughly what signed in, and how to react', () => {
    const email = newDeviceSignInEmail({
      to: 'jo@example.org',
      locale: 'en',
      signedInAt: new Date('2025-03-04T15:06:07Z'),
      timeZone: 'America/New_York',
      browser: 'Firefox 128.0.1',
      os: 'Mac OS X 10.15',
      resetPasswordUrl: 'https://haven.example/forgot',
    });
    expect(email.text).toContain('March 4, 2025');
    expect(email.text).toMatch(/10:06:07\sAM EST/);
    expect(email.text).toContain('Firefox 128.0.1 on Mac OS X 10.15');
    expect(email.text).toContain("If this wasn't you, reset your password");
    const es = everyTemplate('es').newDevice;
    expect(es?.text).toContain('4 de marzo de 2025');
    expect(es?.text).toContain('Si no fuiste tú, restablece tu contraseña');
  });

  it('refuses links that are not http(s), codes that are not six digits, odd expiries', () => {
    const to = 'jo@example.org';
    const locale = 'en';
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', '/relative', 'not a url']) {
      expect(() => invitationEmail({ to, locale, activationUrl: bad })).toThrow(TypeError);
    }
    for (const code of ['12345', '1234567', '12a456', '<b>123']) {
      expect(() => signInCodeEmail({ to, locale, code })).toThrow(
        'Sign-in code must be six digits',
      );
    }
    for (const minutes of [0, -5, 1.5, Number.NaN]) {
      expect(() =>
        passwordResetEmail({
          to,
          locale,
          resetUrl: 'https://h.example/r',
          expiresInMinutes: minutes,
        }),
      ).toThrow(RangeError);
    }
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
