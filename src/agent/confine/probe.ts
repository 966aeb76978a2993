/** Whether this machine can confine commands, in one line for `expacti serve` (and doctor). */
import { spawnSync } from 'node:child_process';
import { helperPath } from './helper.js';

export function confinementStatus(env: NodeJS.ProcessEnv = process.env): {
  available: boolean;
  line: string;
} {
  const helper = helperPath(env);
  if (!helper)
    return {
      available: false,
      line:
        env['EXPACTI_CONFINE'] === 'off'
          ? 'commands cannot be confined here: EXPACTI_CONFINE=off'
          : 'commands cannot be confined here: the expacti-confine helper was not built (install a C compiler, then npm rebuild)',
    };
  const probe = spawnSync(helper, ['--probe'], { encoding: 'utf8', timeout: 5000 });
  let abi = 0;
  try {
    abi = Number((JSON.parse(probe.stdout) as { landlock?: number }).landlock ?? 0);
  } catch {
    abi = 0;
  }
  return abi > 0
    ? { available: true, line: `commands run confined (Landlock ABI ${abi}, ${helper})` }
    : { available: false, line: 'commands cannot be confined here: this kernel has no Landlock' };
}
