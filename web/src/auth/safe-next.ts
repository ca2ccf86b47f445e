/**
 * Where to go after signing in: the `next` the guard sent us with, but only a path on this
 * site. Anything else (another host, `//evil.example`, `/\evil`) would make the sign-in page
 * an open redirect, so it falls back to the start page.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/')) return '/';
  if (next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((char) => char.charCodeAt(0) < 32)) return '/';
  return next;
}
