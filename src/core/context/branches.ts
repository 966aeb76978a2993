/** Protected branch patterns (org setting): exact names, or `prefix/*` for a whole namespace. */
export function isProtectedBranch(branch: string, patterns: readonly string[]): boolean {
  const name = branch.replace(/^refs\/heads\//, '');
  return patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : p === '*' || p === name));
}

/** Names that say "production" (prod, production, prd, live) as a whole word of a host/context. */
export function looksProduction(name: string | null | undefined): boolean {
  return !!name && /(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)/i.test(name);
}
