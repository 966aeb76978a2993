#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): an ESM entry costs agents ~25 ms on every command.
// The agent fast path loads one CommonJS bundle (dist/agent.cjs); everything else the code-split CLI.
'use strict';

const FAST_PATH = new Set(['run']);
const command = process.argv[2];

if (FAST_PATH.has(command)) {
  require('../dist/agent.cjs')
    .main(command, process.argv.slice(3))
    .then(
      (code) => (process.exitCode = code),
      (error) => {
        process.stderr.write(`expacti: internal error, nothing ran: ${(error && error.stack) || error}\n`);
        process.exitCode = 70;
      },
    );
} else {
  import('../dist/cli/main.js').catch((error) => {
    process.stderr.write(`expacti: cannot load the CLI (${error && error.message}); run \`npm run build\`\n`);
    process.exitCode = 70;
  });
}
