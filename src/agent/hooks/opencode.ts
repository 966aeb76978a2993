/**
 * The OpenCode plugin (issue 20): OpenCode has no hook process; a plugin's `tool.execute.before`
 * runs in-process, may change `output.args`, and blocks the call by throwing. This asks through the
 * same core as every hook (decide.ts): a denial, an expiry and every error throw, with the words the
 * model reads; an allowed command is rewritten in place to run confined. OpenCode sets no time
 * limit on a plugin, so it waits as long as the org's approval timeout.
 *
 *   // .opencode/plugins/expacti.js (written by `expacti init opencode`)
 *   import { opencodePlugin } from 'file:///…/expacti/dist/index.js';
 *   export const Expacti = opencodePlugin({ expacti: "'/usr/bin/node' '/…/bin/expacti.js'" });
 */
import { ExpactiClient } from '../../client/client.js';
import { resolveClientConfig } from '../../client/config.js';
import { LIMITS } from '../../protocol/api.js';
import { decide, denyForError } from './decide.js';
import { absolute, nonEmpty, type GateHost } from './types.js';

export interface OpencodePluginOptions {
  /** How to start expacti: an allowed command is rewritten to run through `exec-confined`. */
  expacti: string;
  /** Where EXPACTI_* are read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The part of OpenCode's plugin input used here. */
export interface OpencodeContext {
  directory?: string;
  worktree?: string;
}

export interface OpencodeHooks {
  'tool.execute.before': (
    input: { tool: string; sessionID?: string; callID?: string },
    output: { args: Record<string, unknown> },
  ) => Promise<void>;
}

const host: GateHost = {
  name: 'opencode',
  title: 'OpenCode',
  defaultTimeoutS: 86_400,
  canRewrite: true,
  parse: () => ({ kind: 'bad', why: 'in-process' }),
  answer: () => ({ stdout: '', exitCode: 0 }),
};

/** A week: OpenCode waits for its plugin; the org's approval timeout ends the wait long before. */
const NO_HOST_LIMIT_MS = 7 * 24 * 3600 * 1000;

export function opencodePlugin(options: OpencodePluginOptions) {
  return async (ctx: OpencodeContext = {}): Promise<OpencodeHooks> => {
    const env = options.env ?? process.env;
    return {
      'tool.execute.before': async (input, output) => {
        if (input.tool !== 'bash') return;
        const args = output.args;
        const command = nonEmpty(args['command']);
        if (!command)
          throw new Error(
            'expacti: NOT RUN — the bash tool input has no command.\nexpacti: what now: ask the user to check the expacti plugin (expacti init opencode).',
          );
        const cwd = absolute(args['workdir']) ?? absolute(ctx.directory) ?? process.cwd();
        const reason = nonEmpty(args['description']);
        const controller = new AbortController();
        let client: ExpactiClient | undefined;
        let outcome;
        try {
          client = await ExpactiClient.create(resolveClientConfig('agent', env));
          outcome = await decide({
            host,
            call: {
              kind: 'gate',
              command,
              cwd,
              ...(input.sessionID ? { session: `opencode-${input.sessionID}`.slice(0, 255) } : {}),
              ...(reason ? { reason: reason.slice(0, LIMITS.reasonChars) } : {}),
            },
            client,
            deadline: Date.now() + NO_HOST_LIMIT_MS,
            timeoutS: NO_HOST_LIMIT_MS / 1000,
            signal: controller.signal,
            env,
            self: () => options.expacti,
          });
        } catch (error) {
          outcome = denyForError(error, 'opencode');
        } finally {
          controller.abort();
          client?.close();
        }
        if (outcome.kind === 'deny') throw new Error(outcome.reason);
        // In place: OpenCode runs the tool with the args object it handed us.
        if (outcome.kind === 'allow' && outcome.rewritten) args['command'] = outcome.rewritten;
      },
    };
  };
}
