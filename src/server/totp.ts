/** TOTP (RFC 6238) second factor, via otplib: 30 s steps, one step of clock drift either way. */
import { generateSecret, generateURI, verifySync } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string, issuer = 'expacti'): string {
  return generateURI({ issuer, label: username, secret });
}

export function verifyTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return verifySync({ secret, token: code, epochTolerance: 30 }).valid;
  } catch {
    return false;
  }
}
