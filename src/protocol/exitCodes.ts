/**
 * Exit codes of `expacti run`, `expacti sh` and the reviewer CLI when expacti itself (not the
 * gated command) ends the process. They follow BSD sysexits so an agent can tell them apart from a
 * command's own codes in the common range. Documented in docs/exit-codes.md.
 */
export const EXIT = {
  /** Bad command line. */
  usage: 64,
  /** The server's answer could not be understood, or expacti failed internally. Nothing ran. */
  software: 70,
  /** The server refused the submission as invalid (e.g. over the size limit); the message says why. */
  rejected: 65,
  /** The server could not be reached or is unavailable. Nothing ran. */
  unavailable: 69,
  /** No reviewer decided before the request expired (auto-deny). Nothing ran. */
  expired: 75,
  /** A reviewer or a policy denied the command. Nothing ran. */
  denied: 77,
  /** Missing or rejected credentials / configuration. Nothing ran. */
  config: 78,
  /** Approved, but it could not be held to its scope (no confinement where required, a set-up failure). Nothing ran. */
  unconfined: 71,
} as const;
