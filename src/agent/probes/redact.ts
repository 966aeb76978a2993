/** Credentials never leave the agent's machine: strip them from anything a probe reports. */

/** `postgres://u:secret@h/db` → `postgres://u@h/db`; `https://tok@host/x` → `https://***@host/x`. */
export function redactUrl(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+)(:[^/@\s]*)?@/gi,
    (_, scheme: string, user: string, pass: string | undefined) =>
      pass ? `${scheme}${user}@` : `${scheme}${user.length > 20 ? '***' : user}@`,
  );
}

/** Removes every known secret value and any password in URLs or `password=` pairs. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = redactUrl(text).replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}
