import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * DIALOGFLOW_AUTH: "basic:user:password", "bearer:TOKEN", "header:Name:value", or "off" (local
 * development only). Unset refuses every request: a webhook must never be open by accident.
 */
export type AuthSetting = { kind: 'off' } | { kind: 'unset' } | { kind: 'header'; header: string; expected: string };

export function parseAuth(value: string | undefined): AuthSetting {
  if (!value) return { kind: 'unset' };
  if (value === 'off') return { kind: 'off' };
  const [given, ...rest] = value.split(':');
  const kind = given?.toLowerCase();
  if (kind === 'basic' && rest.length >= 2) {
    const [user, ...password] = rest;
    return {
      kind: 'header',
      header: 'authorization',
      expected: `Basic ${Buffer.from(`${user}:${password.join(':')}`).toString('base64')}`,
    };
  }
  if (kind === 'bearer' && rest.length >= 1 && rest.join(':'))
    return { kind: 'header', header: 'authorization', expected: `Bearer ${rest.join(':')}` };
  if (kind === 'header' && rest.length >= 2 && rest[0])
    return { kind: 'header', header: rest[0].toLowerCase(), expected: rest.slice(1).join(':') };
  throw new Error('DIALOGFLOW_AUTH must be basic:USER:PASSWORD, bearer:TOKEN, header:NAME:VALUE or off');
}

/** Equal-length digests compared in constant time: neither content nor length leaks. */
function same(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The credential with its scheme written as we expect it: "bearer", "BEARER" and "Bearer" are one
 * scheme (RFC 7235 §2.1: the auth-scheme is case-insensitive); the credentials after it are exact.
 */
function withSchemeOf(setting: { header: string; expected: string }, given: string): string {
  if (setting.header !== 'authorization') return given;
  const scheme = setting.expected.split(' ', 1)[0]!;
  return given.slice(0, scheme.length + 1).toLowerCase() === `${scheme.toLowerCase()} `
    ? `${scheme} ${given.slice(scheme.length + 1)}`
    : given;
}

/** 401 without detail for a missing or wrong credential. */
export function requireAuth(setting: AuthSetting) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (setting.kind === 'off') {
      next();
      return;
    }
    const given = setting.kind === 'header' ? req.headers[setting.header] : undefined;
    if (
      setting.kind === 'header' &&
      typeof given === 'string' &&
      same(withSchemeOf(setting, given), setting.expected)
    ) {
      next();
      return;
    }
    if (setting.kind === 'header' && setting.expected.startsWith('Basic '))
      res.setHeader('WWW-Authenticate', 'Basic realm="massage-coach"');
    res.status(401).json({ error: 'Unauthorized' });
  };
}
