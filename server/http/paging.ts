/**
 * Opaque paging tokens: clients pass back what they were given and never
 * build one, so the cursor's form can change without breaking them.
 */
import { HttpError } from './errors.ts';

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(
  token: string | undefined,
  check: (value: Record<string, unknown>) => value is T,
): T | undefined {
  if (token === undefined || token === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid `next` token: pass back the token a previous page returned');
  }
  if (typeof value !== 'object' || value === null || !check(value as Record<string, unknown>)) {
    throw new HttpError(400, 'invalid `next` token: pass back the token a previous page returned');
  }
  return value as T;
}
