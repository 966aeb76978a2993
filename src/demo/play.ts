/**
 * Plays the story: each step's command goes through the real `expacti run`; when the gate holds
 * one for review, the narration shows what a reviewer sees, and the decision comes from the
 * dashboard, a key in the terminal, or (with --auto) the script. The agent then reads the outcome
 * — the denial's note included — and goes on as the script says a real agent would.
 *
 * Every step is checked against the script (how the gate treated it, the reasons it gave, how the
 * command ended); `--auto` exits 0 only when nothing differed.
 */
import type { ExpactiClient } from '../client/client.js';
import type { RequestView } from '../protocol/api.js';
import { maxTier, tierRank } from '../protocol/tiers.js';
import { EXIT } from '../protocol/exitCodes.js';
import { noteOf, readObserved, runGated, type AgentRun, type AgentSetup } from './agent.js';
import type { Narrator } from './narrator.js';
import { countSteps, type Scene, type Step } from './story.js';
import type { TerminalKeys } from './terminalKeys.js';

export interface PlayDeps {
  narrator: Narrator;
  /** The reviewer's client (the admin's token): finds waiting requests, decides in --auto. */
  reviewer: ExpactiClient;
  agent: AgentSetup;
  auto: boolean;
  keys: TerminalKeys;
  serverUrl: string;
  /** Pause between steps, so a person can follow (0 with --auto). */
  pauseMs: number;
  /** Every agent process started, so that an interrupt can end them. */
  running: Set<AgentRun>;
  world: { productionFiles(): number; collected(): Array<{ path: string; bytes: number }> };
}

export interface PlayReport {
  steps: number;
  /** Where the gate, the command or the world did not do what the script says. */
  mismatches: string[];
  /** Decisions a person made differently from the script (not mismatches). */
  departures: string[];
  /** A person pressed q: the rest was skipped. */
  quit: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Progress {
  done: number;
  total: number;
}

export async function playStory(scenes: readonly Scene[], deps: PlayDeps): Promise<PlayReport> {
  const report: PlayReport = { steps: 0, mismatches: [], departures: [], quit: false };
  const progress: Progress = { done: 0, total: countSteps(scenes) };
  for (const [i, scene] of scenes.entries()) {
    deps.narrator.scene(i + 1, scenes.length, scene.title);
    const collectedBefore = deps.world.collected().length;
    await playSteps(scene, scene.steps, deps, progress, report);
    if (report.quit) return report;
    checkWorld(scene, deps, report, collectedBefore);
  }
  return report;
}

async function playSteps(
  scene: Scene,
  steps: readonly Step[],
  deps: PlayDeps,
  progress: Progress,
  report: PlayReport,
): Promise<void> {
  for (const step of steps) {
    if (report.quit) return;
    const denied = await playStep(scene, step, deps, progress, report);
    if (denied && step.onDeny) await playSteps(scene, step.onDeny, deps, progress, report);
    else if (step.onDeny) progress.done += countSteps([{ title: '', session: '', steps: step.onDeny }]);
  }
}

/** Plays one step; true when its command was denied. */
async function playStep(
  scene: Scene,
  step: Step,
  deps: PlayDeps,
  progress: Progress,
  report: PlayReport,
): Promise<boolean> {
  const n = deps.narrator;
  if (progress.done > 0 && deps.pauseMs > 0) await sleep(deps.pauseMs);
  progress.done++;
  report.steps++;
  n.progress(progress.done, progress.total);
  n.says(step.say);
  if (step.read) {
    await readObserved(deps.agent, scene.session, step.read);
    n.line(
      ['         ', 'dim'],
      ['(reads ', 'dim'],
      [step.read, 'bold'],
      [' — its host reports the read)', 'dim'],
    );
  }
  if (!step.command) {
    n.why(step.explain);
    return false;
  }
  n.command(step.command);
  const run = runGated(deps.agent, scene.session, step.command);
  deps.running.add(run);
  try {
    const pending = await waitForPendingOrEnd(run, scene.session, deps);
    if (pending) {
      const shown = await withContext(pending, deps.reviewer);
      n.pending(shown);
      n.why(step.explain);
      expectReview(step, shown, report);
      const quit = await decide(step, shown, run, deps, report);
      if (quit) {
        report.quit = true;
        run.child.kill('SIGTERM');
        await run.done;
        return false;
      }
    }
    const ended = await run.done;
    const request = pending
      ? await deps.reviewer.getRequest(pending.id)
      : ((await deps.reviewer.listRequests({ session: scene.session, limit: 1 }))[0] ?? null);
    return tellOutcome(step, request, ended, Boolean(pending), deps, report);
  } finally {
    deps.running.delete(run);
  }
}

/** Resolves with the request once it waits for a reviewer, or with null when the command ended first. */
async function waitForPendingOrEnd(
  run: AgentRun,
  session: string,
  deps: PlayDeps,
): Promise<RequestView | null> {
  let ended = false;
  void run.done.then(() => (ended = true));
  for (;;) {
    await Promise.race([run.done, sleep(100)]);
    if (ended) return null;
    const [waiting] = await deps.reviewer.listRequests({ session, status: 'pending', limit: 1 });
    if (waiting) return waiting;
  }
}

/** The request once the agent's runtime facts arrived (what a reviewer sees), within 5 s. */
async function withContext(r: RequestView, client: ExpactiClient): Promise<RequestView> {
  const until = Date.now() + 5000;
  let current = r;
  while (current.status === 'pending' && !current.context?.collected && Date.now() < until) {
    await sleep(100);
    current = await client.getRequest(r.id);
  }
  return current;
}

function effectiveTier(r: RequestView) {
  return maxTier(r.analysis.tier, r.context?.assessment?.tier ?? 'safe');
}

function reasonCodes(r: RequestView): string[] {
  return [...r.analysis.reasons, ...(r.context?.assessment?.reasons ?? [])].map((x) => x.code);
}

function expectReview(step: Step, r: RequestView, report: PlayReport): void {
  const e = step.expect;
  const label = `\`${step.command ?? ''}\``;
  if (!e) return;
  if (e.kind !== 'review') {
    report.mismatches.push(`${label} waited for a reviewer; the script expects it ${e.kind}`);
    return;
  }
  const tier = effectiveTier(r);
  if (tierRank(tier) < tierRank(e.tier))
    report.mismatches.push(`${label} was judged ${tier}, expected at least ${e.tier}`);
  const codes = reasonCodes(r);
  for (const code of e.reasons)
    if (!codes.includes(code))
      report.mismatches.push(`${label} lacks the reason ${code} (has ${codes.join(', ')})`);
  for (const code of e.notReasons ?? [])
    if (codes.includes(code)) report.mismatches.push(`${label} should not have the reason ${code}`);
}

/** Gets a decision for a waiting request; true when the person asked to quit. */
async function decide(
  step: Step,
  r: RequestView,
  run: AgentRun,
  deps: PlayDeps,
  report: PlayReport,
): Promise<boolean> {
  const n = deps.narrator;
  const review = step.review ?? { decision: 'approve' as const, note: '' };
  if (deps.auto) {
    n.reviewer(
      `${review.decision === 'approve' ? 'approve' : 'deny'}${review.note ? ` — “${review.note}”` : ''}`,
    );
    if (review.decision === 'approve')
      await deps.reviewer.approve(r.id, review.note ? { note: review.note } : {});
    else await deps.reviewer.deny(r.id, { note: review.note });
    return false;
  }
  const link = `${deps.serverUrl}/#/requests/${r.id}`;
  n.line(['  ▶ your call', 'magenta', 'bold'], ' in the dashboard: ', [link, 'blue']);
  if (deps.keys.available)
    n.line(
      '    or here: ',
      ['a', 'bold', 'reverse'],
      ' approve  ',
      ['d', 'bold', 'reverse'],
      ` deny with the note “${review.note || 'denied'}”  `,
      ['q', 'bold', 'reverse'],
      ' quit',
    );
  n.line(
    ['    (the script would ', 'dim'],
    [review.decision, 'dim', 'bold'],
    [review.decision === 'deny' ? `: “${review.note}”)` : ')', 'dim'],
  );
  const stop = new AbortController();
  void run.done.then(() => stop.abort());
  const key = await deps.keys.next(['approve', 'deny', 'quit', 'interrupt'], stop.signal);
  if (key === 'interrupt') process.kill(process.pid, 'SIGINT');
  if (key === 'quit' || key === 'interrupt') return true;
  if (key === 'approve' || key === 'deny') {
    try {
      if (key === 'approve') await deps.reviewer.approve(r.id, {});
      else await deps.reviewer.deny(r.id, { note: review.note || 'denied' });
    } catch {
      // Decided in the dashboard at the same moment: that decision stands.
    }
  }
  const decided = await deps.reviewer.getRequest(r.id);
  const outcome =
    decided.status === 'approved' ? 'approve' : decided.status === 'denied' ? 'deny' : decided.status;
  if (outcome !== review.decision)
    report.departures.push(`\`${step.command ?? ''}\`: you chose ${outcome}, the script ${review.decision}`);
  return false;
}

function tellOutcome(
  step: Step,
  r: RequestView | null,
  ended: { code: number | null; stdout: string; stderr: string },
  reviewed: boolean,
  deps: PlayDeps,
  report: PlayReport,
): boolean {
  const n = deps.narrator;
  const label = `\`${step.command ?? ''}\``;
  if (!r) {
    n.warn(`no request was recorded (exit ${ended.code}): ${ended.stderr.trim().split('\n').pop() ?? ''}`);
    report.mismatches.push(`${label}: no request was recorded (exit ${ended.code})`);
    return false;
  }
  const by = r.decision?.by;
  if (r.status === 'denied') {
    n.gate(['denied', 'red', 'bold'], by?.kind === 'user' ? ` by ${by.name}` : '', ' — nothing ran');
    const note = noteOf(ended.stderr);
    n.says(`(reads the note) “${note ?? '—'}”`);
    if (ended.code !== EXIT.denied)
      report.mismatches.push(`${label}: denied, but expacti run exited ${ended.code}`);
    return true;
  }
  if (r.status === 'expired') {
    n.gate(['expired', 'red', 'bold'], ' — no decision in time, nothing ran');
    report.mismatches.push(`${label} expired`);
    return false;
  }
  if (!reviewed) {
    const e = step.expect;
    if (by?.kind === 'whitelist') {
      n.gate(['passed', 'green', 'bold'], ' — ', r.decision?.justification ?? 'whitelisted');
      if (e?.kind !== 'whitelisted')
        report.mismatches.push(`${label} passed from the whitelist; expected ${e?.kind}`);
      else if (!e.says.test(r.decision?.justification ?? ''))
        report.mismatches.push(`${label}: the whitelist said “${r.decision?.justification}”`);
    } else if (by?.kind === 'policy') {
      n.gate(['passed at once', 'green', 'bold'], ` (${by.rule})`);
      if (e?.kind !== 'auto-allowed')
        report.mismatches.push(`${label} was auto-allowed; expected ${e?.kind}`);
    } else report.mismatches.push(`${label} ended ${r.status} without a reviewer`);
  } else {
    const note = r.decision?.note ? ` — “${r.decision.note}”` : '';
    n.gate(['approved', 'green', 'bold'], by?.kind === 'user' ? ` by ${by.name}` : '', note);
  }
  n.why(reviewed ? 'the approved command ran, exactly as asked, once' : step.explain);
  n.output(ended.stdout);
  if (ended.code !== 0) {
    n.warn(`it exited ${ended.code}`);
    report.mismatches.push(`${label} exited ${ended.code}: ${ended.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return false;
}

function checkWorld(scene: Scene, deps: PlayDeps, report: PlayReport, collectedBefore: number): void {
  const n = deps.narrator;
  if (scene.check === 'production-untouched') {
    const files = deps.world.productionFiles();
    if (files === 40) n.ok('the production uploads behind build-cache: all 40 files still there');
    else {
      n.warn(`the production uploads behind build-cache: ${files} of 40 files left`);
      report.mismatches.push(`production uploads: ${files} of 40 files left`);
    }
  }
  if (scene.check === 'nothing-collected') {
    const got = deps.world.collected().slice(collectedBefore);
    if (got.length === 0) n.ok('the attacker’s endpoint received nothing');
    else {
      const bytes = got.reduce((s, r) => s + r.bytes, 0);
      n.warn(
        `the attacker’s endpoint received ${got.length} request(s), ${bytes} bytes: this is what would have left`,
      );
      report.mismatches.push(`the collector received ${got.length} request(s)`);
    }
  }
}
