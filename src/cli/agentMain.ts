/**
 * Entry of the agent fast path (dist/agent.cjs): `expacti run`, `expacti sh` and `expacti hook`,
 * with nothing else loaded. bin/expacti.js routes those commands here.
 */
import { main as run } from './run.js';
import { main as sh } from './sh.js';
import { main as hook } from './hook.js';
import { main as execConfined } from './execConfined.js';

export function main(command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'run':
      return run(args);
    case 'sh':
      return sh(args);
    case 'hook':
      return hook(args);
    case 'exec-confined':
      return execConfined(args);
    default:
      return Promise.resolve(64);
  }
}
