/** The SDK's option and result types (`import type { … } from 'expacti'`). */
import type { AnalysisView, CommandInput, RequestView } from '../protocol/api.js';
import type { Confinement, EffectsRecord, ExecutePlan } from '../protocol/scope.js';

/** A shell string (`'npm test'`), an argv vector (`['npm', 'test']`) or the wire form. */
export type CommandLike = string | readonly string[] | CommandInput;

export interface ExpactiOptions {
  /** Default: EXPACTI_URL, then the config file written by `expacti login`. */
  url?: string;
  /** An agent token. Default: EXPACTI_TOKEN, then the config file. */
  token?: string;
  /** Where EXPACTI_* are read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Groups this agent's commands for reviewers. Default: EXPACTI_SESSION, else one per parent process. */
  session?: string;
  /** Limit for each HTTP call (not for waiting on a reviewer). Default 30 s. */
  httpTimeoutMs?: number;
}

export interface RequestOptions {
  /** Where the command will run. Default: process.cwd(). */
  cwd?: string;
  /** Why the agent wants to run it; reviewers see it. */
  reason?: string;
  session?: string;
  /** Stop waiting for a reviewer after this long (the org's approval timeout applies in any case). */
  waitTimeoutMs?: number;
  /** Aborting stops the wait (ExpactiError 'aborted') or, in run(), ends the command. */
  signal?: AbortSignal;
  /** Called once when the command has to wait for a reviewer. */
  onWaiting?: (pending: PendingInfo) => void;
  /**
   * Called while it waits when the request changes without being decided — under a team policy
   * needing several approvals, a reviewer's vote (`request.approvals`: "1 of 2 approvals").
   */
  onProgress?: (request: RequestView) => void;
}

export interface PendingInfo {
  requestId: string;
  dashboardUrl: string;
  expiresAt: string;
  analysis: AnalysisView;
}

export interface Allowed {
  allowed: true;
  requestId: string;
  /** Exactly what may run, once (the approval is already claimed for you). */
  command: CommandInput;
  cwd: string;
  by: 'whitelist' | 'reviewer';
  /** e.g. "approved by ana: fine" or "whitelisted: approved by ana on 2026-11-02, first use". */
  justification: string;
  note?: string;
  request: RequestView;
  /** How to run it: the scope to hold it to (docs/confinement.md); run() applies it. */
  confine?: ExecutePlan;
}

export interface Refused {
  allowed: false;
  outcome: 'denied' | 'expired';
  requestId: string;
  justification: string;
  /** The reviewer's note for the agent (denials). */
  note?: string;
  request: RequestView;
}

export type RequestResult = Allowed | Refused;

export interface RunOptions extends RequestOptions {
  /** Ends the command (SIGTERM, then SIGKILL) after this long once it runs. Default: no limit. */
  runTimeoutMs?: number;
  /** Per stream; beyond it the middle of the output is cut. Default 1 MiB. */
  maxOutputBytes?: number;
  /** The command's environment. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Ran {
  ran: true;
  /** null when it ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Bytes cut from the middle of each stream (0: complete). */
  omitted: { stdout: number; stderr: number };
  durationMs: number;
  /** Set when the run time limit or the AbortSignal ended it. */
  killed?: 'timeout' | 'aborted';
  /** Set when the program could not be started (exit code 127 or 126). */
  spawnError?: string;
  /** How it ran: held to its scope, or unconfined where the org allows that. */
  confinement: Confinement;
  /** What it did, when recorded; `violations` lists what the scope refused. */
  effects?: EffectsRecord;
  approval: Allowed;
}

/** Approved, but it could not be held to its scope (no confinement where the org requires it, its scope changed): nothing ran. */
export interface NotRun {
  ran: false;
  allowed: true;
  outcome: 'not_run';
  requestId: string;
  /** Why, in words. */
  why: string;
  approval: Allowed;
}

export type RunResult = Ran | (Refused & { ran: false }) | NotRun;
