/**
 * Entry of the agent fast path (dist/agent.cjs): `expacti run` and `expacti sh`, with nothing
 * else loaded. bin/expacti.js routes those two commands here.
 */
import { main as run } from './run.js';

export function main(command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'run':
      return run(args);
    default:
      return Promise.resolve(64);
  }
}
