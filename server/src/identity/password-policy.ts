/**
 * The rules a new password must meet, after OWASP ASVS level 2 (V2.1) and NIST SP 800-63B:
 * 12 to 256 characters, not a common or breached password, not built on the person's own
 * name or email, and not easy to guess by zxcvbn's estimate. Any character is allowed,
 * spaces and emoji included, and there are no composition rules ("one upper-case letter..."),
 * which push people toward predictable patterns like `Password1!`.
 *
 * Everything runs in this process from bundled word lists: a password is never sent anywhere.
 */
import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';

/** Fewest characters (Unicode code points after NFKC normalisation) a password may have. */
export const PASSWORD_MIN_LENGTH = 12;
/** Most characters a password may have; long enough for any passphrase, short enough to hash. */
export const PASSWORD_MAX_LENGTH = 256;

/** Why a password was refused. */
export type PasswordProblemCode =
  'too_short' | 'too_long' | 'common' | 'contains_personal' | 'weak';

/** One reason a password was refused, with a message to show the person choosing it. */
export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
}

/** What is known about the person, so their own details can be refused as a password. */
export interface PasswordContext {
  email?: string;
  names?: string[];
}

/** The verdict on a new password. */
export type PasswordCheck = { ok: true } | { ok: false; problems: PasswordProblem[] };

const MESSAGES: Record<PasswordProblemCode, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  common: 'This password is too common: it appears in lists of leaked passwords.',
  contains_personal: 'Do not use your name or email address in your password.',
  weak: 'This password is easy to guess. Try a few unrelated words, or make it longer.',
};

// zxcvbn's scale is 0-4; 3 means "safely unguessable: moderate protection from offline
// slow-hash scenario" (about 10^10 guesses), which argon2id storage makes sufficient.
const MIN_ZXCVBN_SCORE = 3;

// zxcvbn's matching grows faster than linearly with length, and l33t variants multiply it:
// 'p@ssw0rd' repeated to 256 characters took seconds with the library's defaults. So it sees
// at most this many characters at a time, and tries fewer l33t substitutions (100 by default).
const ZXCVBN_WINDOW = 64;
const ZXCVBN_L33T_SUBSTITUTIONS = 10;

// Names and email parts shorter than this would refuse unrelated passwords ("Ann" is in
// "plANNing"); zxcvbn still sees them as user inputs and lowers its score.
const MIN_PERSONAL_LENGTH = 4;

// Digits, punctuation, symbols and spaces people add around a word to pass composition rules.
const DECORATION_END = /[\p{N}\p{P}\p{S}\s]+$/u;
const DECORATION_START = /^[\p{N}\p{P}\p{S}\s]+/u;

interface Estimator {
  common: ReadonlySet<string>;
  zxcvbn: typeof ZxcvbnCore.zxcvbn;
}

let estimator: Estimator | undefined;

/**
 * Loads the word lists and keyboard graphs on the first check rather than at start-up: they
 * are large and most processes never set a password. zxcvbn-ts keeps its options in one
 * module-wide object; this is the only code in Haven that sets them.
 */
function loadEstimator(): Estimator {
  if (estimator) return estimator;
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
  const common = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  core.zxcvbnOptions.setOptions({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions: ZXCVBN_L33T_SUBSTITUTIONS,
  });
  estimator = {
    common: new Set(common.dictionary.passwords.map((word) => word.toLowerCase())),
    zxcvbn: core.zxcvbn,
  };
  return estimator;
}

/**
 * Checks a password someone is choosing (sign-up, reset, change). Returns every problem
 * found, with `weak` only when no more specific reason (common, personal) already explains
 * it. Passwords over the maximum are refused without further checks, which keeps the cost of
 * a check bounded whatever is sent.
 */
export function checkNewPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length > PASSWORD_MAX_LENGTH) return refuse(['too_long']);

  const codes: PasswordProblemCode[] = [];
  if (length < PASSWORD_MIN_LENGTH) codes.push('too_short');

  const { common, zxcvbn } = loadEstimator();
  const lower = normalized.toLowerCase();
  if (isCommon(lower, common)) codes.push('common');

  const personal = personalWords(context);
  if (personal.some((word) => lower.includes(word))) codes.push('contains_personal');

  if (!codes.includes('common') && !codes.includes('contains_personal')) {
    const userInputs = [...personal, ...(context.email ? [context.email] : []), 'haven'];
    if (isWeak(normalized, userInputs, zxcvbn)) codes.push('weak');
  }
  return codes.length === 0 ? { ok: true } : refuse(codes);
}

/**
 * True when zxcvbn scores the password below 3. Only its first {@link ZXCVBN_WINDOW}
 * characters are scored: characters after them can only make it harder to guess, so this
 * never passes a password zxcvbn would refuse (a weak start is refused whatever follows).
 */
function isWeak(password: string, userInputs: string[], zxcvbn: Estimator['zxcvbn']): boolean {
  const scored = [...password].slice(0, ZXCVBN_WINDOW).join('');
  // Always an array, even an empty one: given none, zxcvbn-ts reuses the previous call's
  // user inputs, which would be another person's name.
  return zxcvbn(scored, userInputs).score < MIN_ZXCVBN_SCORE;
}

function refuse(codes: PasswordProblemCode[]): PasswordCheck {
  return { ok: false, problems: codes.map((code) => ({ code, message: MESSAGES[code] })) };
}

/**
 * True when the password, or the word left after stripping the digits and punctuation around
 * it (`Password123!` → `password`), is on the bundled list of common and breached passwords.
 */
function isCommon(lower: string, common: ReadonlySet<string>): boolean {
  if (common.has(lower)) return true;
  const trailingStripped = lower.replace(DECORATION_END, '');
  const bothStripped = trailingStripped.replace(DECORATION_START, '');
  return [trailingStripped, bothStripped].some(
    (candidate) => candidate !== '' && candidate !== lower && common.has(candidate),
  );
}

/** The person's email local part and names, whole and word by word, lower-cased. */
function personalWords(context: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (value: string, minLength: number, measure: (word: string) => number): void => {
    const normalized = value.normalize('NFKC').toLowerCase().trim();
    const pieces = [normalized.replace(/\s+/g, ''), ...normalized.split(/[^\p{L}\p{N}]+/u)];
    for (const piece of pieces) if (measure(piece) >= minLength) words.add(piece);
  };
  const email = context.email?.trim() ?? '';
  const at = email.lastIndexOf('@');
  if (at > 0) {
    const local = email.slice(0, at);
    // "jo.smith+haven" is also known as "jo.smith": check both.
    for (const part of new Set([local, local.split('+')[0] ?? ''])) {
      add(part, MIN_PERSONAL_LENGTH, (word) => [...word].length);
    }
  }
  for (const name of context.names ?? []) {
    add(name, MIN_PERSONAL_LENGTH, (word) => (word.match(/\p{L}/gu) ?? []).length);
  }
  return [...words];
}
