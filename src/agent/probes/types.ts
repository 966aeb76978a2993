/** What every probe runs with: where the command will run and the agent's environment. */
export interface ProbeEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** Per-probe time limits (each also bounded by what is left of the total budget). */
export const PROBE_TIMEOUT_MS = {
  fs: 250,
  git: 250,
  sql: 1000,
  kube: 100,
  aws: 100,
  terraform: 100,
  script: 250,
  lockfile: 250,
} as const;

export const DEFAULT_PROBE_BUDGET_MS = 300;
