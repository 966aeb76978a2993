/**
 * Decoders for text an analysis can recover statically: base64/base32 and hex literals that a
 * pipeline (`echo … | base64 -d | sh`) or inline code (`base64.b64decode('…')`, `Buffer.from('…',
 * 'base64')`) turns into a command. Null when the text is not valid or not UTF-8.
 */

export function base64Decode(text: string, alphabet: 'base64' | 'base32'): string | null {
  const clean = text.replace(/\s+/g, '');
  try {
    if (alphabet === 'base64') {
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return null;
      const binary = atob(clean.replace(/-/g, '+').replace(/_/g, '/'));
      return new TextDecoder('utf-8', { fatal: true }).decode(
        Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      );
    }
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const ch of clean.replace(/=+$/, '').toUpperCase()) {
      const v = digits.indexOf(ch);
      if (v < 0) return null;
      bits += v.toString(2).padStart(5, '0');
    }
    const bytes = bits.match(/.{8}/g) ?? [];
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(bytes, (b) => Number.parseInt(b, 2)),
    );
  } catch {
    return null;
  }
}

export function hexDecode(text: string): string | null {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) return null;
  try {
    const bytes = clean.match(/../g) ?? [];
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(bytes, (b) => Number.parseInt(b, 16)),
    );
  } catch {
    return null;
  }
}
