/** Where expacti keeps agent-side state on this machine: $XDG_STATE_HOME/expacti (~/.local/state/expacti). */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function expactiStateDir(env: NodeJS.ProcessEnv, ...parts: string[]): string {
  return join(
    env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state'),
    'expacti',
    ...parts,
  );
}
