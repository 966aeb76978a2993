#!/usr/bin/env node
// The agent fast path (run, sh) loads one CommonJS bundle; everything else the code-split CLI.
import { createRequire } from 'node:module';

const command = process.argv[2];
if (command === 'run') {
  const agent = createRequire(import.meta.url)('../dist/agent.cjs');
  agent.main(command, process.argv.slice(3)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`expacti: internal error, nothing ran: ${error?.stack ?? error}\n`);
      process.exitCode = 70;
    },
  );
} else {
  await import('../dist/cli/main.js');
}
