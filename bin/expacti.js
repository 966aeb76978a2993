#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): an ESM entry costs agents ~25 ms on every command.
// The agent fast path (run, sh, hook) loads one CommonJS bundle (dist/agent.cjs); everything else the code-split CLI.
'use strict';

const FAST_PATH = new Set(['run', 'sh', 'hook', 'exec-confined']);
const command = process.argv[2];

/**
 * A read observer (`hook HOST --observe`) never blocks: whatever broke, it answers "go on" and
 * exits 0 (Cursor's beforeReadFile wants a permission; the others accept an empty object).
 */
function observeGoOn(error) {
  if (globalThis[Symbol.for('expacti.hook.answered')]) return;
  globalThis[Symbol.for('expacti.hook.answered')] = true;
  process.stdout.write(process.argv[3] === 'cursor' ? '{"permission":"allow"}\n' : '{}\n');
  process.stderr.write(
    `expacti: the read was not recorded (${(error && error.message) || error}); the agent goes on\n`,
  );
  process.exitCode = 0;
}

/**
 * A hook that crashes lets the command run in almost every host: whatever broke (even a missing
 * agent bundle), answer deny in the host's own form and exit as the host needs. The same shapes as
 * src/agent/hooks/hosts/*.ts (test/hooks.fallback.e2e.test.ts runs each).
 */
const DENY = {
  claude: (r) => ({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: r,
    },
  }),
  codex: (r) => ({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: r,
    },
  }),
  gemini: (r) => ({ decision: 'deny', reason: r }),
  cursor: (r) => ({ permission: 'deny', user_message: r.split('\n')[0], agent_message: r }),
  copilot: (r) => ({ permissionDecision: 'deny', permissionDecisionReason: r }),
  cline: (r) => ({ cancel: true, errorMessage: r }),
  goose: (r) => ({ decision: 'block', reason: r }),
};

function hookDeny(error) {
  if (process.argv.includes('--observe')) return observeGoOn(error);
  if (globalThis[Symbol.for('expacti.hook.answered')]) return;
  globalThis[Symbol.for('expacti.hook.answered')] = true;
  const host = Object.prototype.hasOwnProperty.call(DENY, process.argv[3]) ? process.argv[3] : 'claude';
  const reason =
    `expacti: NOT RUN — the expacti hook failed internally (${(error && error.message) || error}).\n` +
    `expacti: what now: do not run the command another way; ask the user to check the expacti installation (npm run build, expacti init ${host}).`;
  process.stdout.write(JSON.stringify(DENY[host](reason)) + '\n');
  process.exitCode = 0;
}

/**
 * Exit as soon as the answer is out: a probe stuck in the kernel (a stat on a dead NFS mount) or a
 * lingering socket must not keep an agent's command from returning.
 */
function exitWhenFlushed(code) {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (FAST_PATH.has(command)) {
  const fail = (error) => {
    if (command === 'hook') return hookDeny(error);
    process.stderr.write(`expacti: internal error, nothing ran: ${(error && error.stack) || error}\n`);
    process.exitCode = 70;
  };
  try {
    require('../dist/agent.cjs')
      .main(command, process.argv.slice(3))
      .then((code) => exitWhenFlushed(code), fail);
  } catch (error) {
    fail(error);
  }
} else {
  import('../dist/cli/main.js').catch((error) => {
    process.stderr.write(`expacti: cannot load the CLI (${error && error.message}); run \`npm run build\`\n`);
    process.exitCode = 70;
  });
}
