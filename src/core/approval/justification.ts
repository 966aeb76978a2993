/** Decisions carry their justification in words (CONVENTIONS §4). Pure text builders. */

export interface EntryFacts {
  pattern: string;
  exact: boolean;
  createdBy: string;
  createdAt: string;
  /** Times it allowed a command before this one. */
  hitsBefore: number;
}

const day = (iso: string) => iso.slice(0, 10);
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

export function whitelistJustification(entries: EntryFacts[]): string {
  const parts = entries.map((e) => {
    const what = e.exact ? '' : ` pattern \`${e.pattern}\`,`;
    const history = e.hitsBefore === 0 ? 'first use' : `run ${times(e.hitsBefore)} before`;
    return `${what} approved by ${e.createdBy} on ${day(e.createdAt)}, ${history}`.trim();
  });
  if (parts.length === 1) return `whitelisted: ${parts[0]}`;
  return `whitelisted: every part is covered (${parts.map((p, i) => `${i + 1}) ${p}`).join('; ')})`;
}

export function approvedJustification(reviewer: string, note?: string): string {
  return note ? `approved by ${reviewer}: ${note}` : `approved by ${reviewer}`;
}

export function deniedJustification(reviewer: string, note: string): string {
  return `denied by ${reviewer}: ${note}`;
}

export function expiredJustification(timeoutSeconds: number): string {
  return `no reviewer decided within ${timeoutSeconds} s, so it was denied automatically; ask a reviewer to look at it, or try again later`;
}

export function unclaimedJustification(approval: string, windowSeconds: number): string {
  return `${approval}, but not run within ${windowSeconds} s of the approval, so the approval expired unused; submit the command again`;
}

export function forbiddenJustification(pattern: string, createdBy: string, note: string | null): string {
  return `forbidden by the org's deny entry \`${pattern}\` (added by ${createdBy})${note ? `: ${note}` : ''}`;
}
