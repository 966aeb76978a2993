/** Bounds that keep the analysis of adversarial input small and fast. Over one: parsed = false. */
export const SHELL_LIMITS = {
  /** UTF-16 code units of shell text (the wire limit is 64 KiB of bytes: this is never looser). */
  maxSourceLength: 64 * 1024,
  /** Nesting of syntax (subshells, substitutions, groups, loops) below the script's top level. */
  maxSyntaxDepth: 48,
  /** Depth of the syntax tree (nodes): deeper input is not analysed (and cannot exhaust the stack). */
  maxTreeDepth: 200,
  /** Wrapper layers unwrapped inside one another (sudo bash -c "env timeout 5 sh -c …"). */
  maxUnwrapDepth: 8,
  /** Simple commands in one analysis, after unwrapping. */
  maxCommands: 500,
  /** Words produced by expanding one brace expression (r{m,} → rm r). */
  maxBraceWords: 64,
} as const;
