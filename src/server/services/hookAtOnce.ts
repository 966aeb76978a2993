/**
 * The native Claude Code hook's one question (POST /v1/hooks/claude, issue 26): the host's raw
 * PreToolUse input in, the hook's whole output out — only when a whitelist entry allows the
 * command at once. The input is read by the same parser as `expacti hook claude`, the request is
 * submitted as that hook submits it (gate.ts, with onlyIfAllowedAtOnce: nothing is created
 * otherwise), and the answer is built by the same functions (src/core/hooks), so it is the same
 * bytes as the Node hook's. Everything else answers "not created" and the native hook hands the
 * call to the Node hook, which decides, waits, denies and words errors as it always does.
 */
import type {
  ClaudeHookAtOnceBody,
  ClaudeHookAtOnceResponse,
  SubmitNotCreatedResponse,
  SubmitRequestBody,
} from '../../protocol/api.js';
import { submitRequestSchema } from '../../protocol/schemas.js';
import { parseClaude, claudeStdout } from '../../core/hooks/claude.js';
import { allowReason, confinedCommand, selfCommandOf } from '../../core/hooks/allowed.js';
import type { Principal } from '../auth.js';
import { submit, type GateDeps } from './gate.js';

/** Claude Code's name for people, as the Node hook passes it (agent/hooks/hosts/claude.ts). */
const TITLE = 'Claude Code';

export async function claudeHookAtOnce(
  deps: GateDeps,
  agent: Extract<Principal, { kind: 'agent' }>,
  body: ClaudeHookAtOnceBody,
): Promise<ClaudeHookAtOnceResponse | SubmitNotCreatedResponse> {
  const call = parseClaude(body.input);
  if (call.kind !== 'gate') return notCreated('not a Bash call this hook would submit');
  // The facts were read in the input's cwd; a session-less call gets its session from the hook's
  // process tree, which only the Node hook looks up.
  if (call.cwd !== body.cwd) return notCreated("the cwd is not the input's");
  if (call.session === undefined) return notCreated('the input names no session');
  const submission: SubmitRequestBody = {
    command: { shell: call.command },
    cwd: body.cwd,
    ...(body.host !== undefined ? { host: body.host } : {}),
    ...(body.osUser !== undefined ? { osUser: body.osUser } : {}),
    session: call.session,
    ...(body.gitBranch !== undefined ? { gitBranch: body.gitBranch } : {}),
    ...(call.reason ? { reason: call.reason } : {}),
    onlyIfAllowedAtOnce: true,
  };
  // What POST /v1/requests would refuse, the Node hook hears from it in its own words.
  if (!submitRequestSchema.safeParse(submission).success)
    return notCreated('the submission would be refused');
  const answer = await submit(deps, agent, submission, { planRunsElsewhere: true });
  if ('created' in answer) return answer;
  const { request, exec } = answer;
  if (!exec) return notCreated('not allowed at once'); // never: at once means allowed
  const plan = exec.confine;
  const outcome = plan
    ? {
        kind: 'allow' as const,
        reason: allowReason(request, plan, 'confined', TITLE),
        rewritten: confinedCommand(request.id, plan, call.command, selfCommandOf(body.self)),
      }
    : { kind: 'allow' as const, reason: allowReason(request, undefined, 'plain', TITLE) };
  return { requestId: request.id, stdout: claudeStdout(outcome, call) };
}

function notCreated(why: string): SubmitNotCreatedResponse {
  return { created: false, why };
}
