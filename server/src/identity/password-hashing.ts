/**
 * Password hashing with argon2id through @node-rs/argon2 (a maintained native binding). The
 * parameters meet OWASP's Password Storage Cheat Sheet recommendation for argon2id
 * (m = 19 MiB, t = 2, p = 1); stronger settings cost sign-in latency on small machines.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// The binding exports Algorithm as a const enum, which cannot be read at run time under
// verbatimModuleSyntax; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm.Argon2id;

export const ARGON2ID_PARAMETERS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_PARAMETERS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}
