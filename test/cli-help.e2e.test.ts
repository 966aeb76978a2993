/**
 * Every command of the CLI, taken from its command table (src/cli/commands.ts) so that a new
 * command cannot be left out, run as users run it (bin/expacti.js): each command and subcommand
 * answers --help and -h with its usage, options and an example; a bogus option, a missing argument
 * or a missing subcommand is one line naming it, the usage, and exit 64 — never a stack trace.
 *
 * Two commands differ on purpose, and the test holds them to it: `expacti sh` is a drop-in for
 * `sh -c`, so its usage errors exit 2 as sh's do; `expacti hook HOST` is run by an agent host, where any
 * answer but a deny in the host's form lets the command run, so it prints help and errors on
 * stderr and always answers deny on stdout.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../src/cli/commands.js';
import { isGroup, type AnySpec, type CommandSpec } from '../src/cli/args.js';
import { EXIT } from '../src/protocol/exitCodes.js';
import { BIN, runCli, tempDir, type CliResult } from './support/expacti.js';
import { HOSTS } from './support/hosts.js';

interface Target {
  /** The words after `expacti`. */
  words: string[];
  spec: CommandSpec | Extract<AnySpec, { subcommands: unknown }>;
}

async function targets(): Promise<Target[]> {
  const out: Target[] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const { spec } = await entry.load();
    assert.equal(spec.name, name, `the spec of "${name}" names itself "${spec.name}"`);
    assert.equal(spec.summary, entry.summary, `the table's summary of "${name}" is its spec's`);
    out.push({ words: [name], spec });
    if (isGroup(spec))
      for (const [sub, s] of Object.entries(spec.subcommands)) out.push({ words: [name, sub], spec: s });
  }
  return out;
}

const NO_STACK = /^\s+at |internal error|ERR_PARSE_ARGS/m;

/** A hook answers deny in its host's form (the group itself, in Claude Code's). */
function assertHookDeny(host: string | undefined, res: CliResult): void {
  const name = HOSTS.some((h) => h.name === host) ? (host as string) : 'claude';
  const answer = (HOSTS.find((h) => h.name === name) as (typeof HOSTS)[number]).read(res);
  assert.equal(answer.decision, 'deny', `${name}: ${res.stdout}`);
}
/** No server anywhere: a command that talks to one before checking its arguments fails differently. */
const ENV = { EXPACTI_URL: 'http://127.0.0.1:9', EXPACTI_TOKEN: 'exp_u_not-a-real-token-at-all' };

describe('expacti <command> --help and bad command lines (every command in src/cli/commands.ts)', async () => {
  const all = await targets();
  // Every command line below, run up front four at a time (each is a process start).
  const results = new Map<string, Promise<CliResult>>();
  const queue: Array<() => void> = [];
  let running = 0;
  const cli = (args: string[]): Promise<CliResult> => {
    const key = JSON.stringify(args);
    let result = results.get(key);
    if (!result) {
      result = new Promise<CliResult>((resolve) => {
        const start = () => {
          running++;
          void runCli(args, { env: ENV }).then((r) => {
            running--;
            queue.shift()?.();
            resolve(r);
          });
        };
        if (running < 4) start();
        else queue.push(start);
      });
      results.set(key, result);
    }
    return result;
  };
  before(() => {
    for (const t of all)
      for (const flag of ['--help', '-h', '--no-such-option']) void cli([...t.words, flag]);
  });

  it('finds every command, and the subcommands of each group', () => {
    assert.ok(all.length >= Object.keys(COMMANDS).length + 20, `only ${all.length} commands and subcommands`);
    for (const words of [
      ['token', 'create'],
      ['whitelist', 'disable'],
      ['audit', 'keygen'],
      ['completion', 'zsh'],
    ])
      assert.ok(
        all.some((t) => t.words.join(' ') === words.join(' ')),
        `${words.join(' ')} is walked`,
      );
  });

  for (const t of all) {
    const name = t.words.join(' ');
    const hook = t.words[0] === 'hook';
    it(`expacti ${name} --help and -h: usage, options and an example`, async () => {
      for (const flag of ['--help', '-h']) {
        if (t.words[0] === 'sh' && flag === '-h') continue; // sh's -h is the shell option; alone it is help (below)
        const res = await cli([...t.words, flag]);
        assert.equal(res.code, 0, `${name} ${flag}: exit ${res.code}\n${res.stderr}`);
        const text = hook ? res.stderr : res.stdout;
        assert.match(text, new RegExp(`^expacti ${name} — `), `${name} ${flag} starts with its name`);
        assert.match(text, /^usage: expacti /m);
        assert.match(text, isGroup(t.spec) ? /^commands:$/m : /^options:$/m);
        assert.match(text, /^examples?:\n {2}\S/m);
        if (!isGroup(t.spec))
          for (const option of Object.keys(t.spec.options))
            assert.ok(
              text.includes(t.spec.options[option]?.shortOnly ? `-${option}` : `--${option}`),
              `${name} --help lists ${option}`,
            );
        assert.doesNotMatch(text + res.stderr, NO_STACK);
        if (hook) assertHookDeny(t.words[1], res);
      }
    });

    it(`expacti ${name} --no-such-option: one line naming it, the usage, exit ${hook ? '0 with a deny' : t.words[0] === 'sh' ? 2 : 64}`, async () => {
      const res = await cli([...t.words, '--no-such-option']);
      assert.doesNotMatch(res.stdout + res.stderr, NO_STACK);
      if (hook) {
        assert.equal(res.code, 0);
        assertHookDeny(t.words[1], res);
      } else {
        assert.equal(res.code, t.words[0] === 'sh' ? 2 : EXIT.usage, res.stderr);
        assert.equal(res.stdout, '');
      }
      const [first, second] = res.stderr.split('\n');
      assert.match(first ?? '', /^expacti [a-z -]+: .*--no-such-option/, res.stderr);
      assert.match(second ?? '', /^usage: expacti /, res.stderr);
    });
  }

  for (const t of all.filter((t) => !isGroup(t.spec) && t.words[0] !== 'hook')) {
    const spec = t.spec as CommandSpec;
    const required = Object.entries(spec.options).filter(([, o]) => o.required);
    if ((spec.arguments?.min ?? 0) === 0 && required.length === 0) continue;
    it(`expacti ${t.words.join(' ')} without its arguments: names what is missing, exit 64`, async () => {
      const res = await cli(t.words);
      assert.equal(res.code, EXIT.usage, res.stderr);
      assert.match(res.stderr.split('\n')[0] ?? '', /: missing /);
      assert.match(res.stderr.split('\n')[1] ?? '', /^usage: expacti /);
    });
  }

  for (const t of all.filter((t) => isGroup(t.spec) && t.words[0] !== 'hook')) {
    it(`expacti ${t.words[0]} without a command, or with an unknown one: names them, exit 64`, async () => {
      const none = await cli(t.words);
      assert.equal(none.code, EXIT.usage);
      assert.match(none.stderr, /^expacti \w+: missing the command: /);
      const bogus = await cli([...t.words, 'frobnicate']);
      assert.equal(bogus.code, EXIT.usage);
      assert.match(bogus.stderr, /unknown command "frobnicate"/);
    });
  }

  it('expacti sh alone with -h shows its help (with -c, -h is the shell option)', async () => {
    const res = await runCli(['sh', '-h']);
    assert.equal(res.code, 0);
    assert.match(res.stdout, /^expacti sh — /);
  });

  it('expacti help COMMAND is that command’s help; bare expacti lists the commands on stderr, exit 64', async () => {
    const topic = await runCli(['help', 'pending']);
    assert.equal(topic.code, 0);
    assert.match(topic.stdout, /^expacti pending — /);
    const bare = await runCli([]);
    assert.equal(bare.code, EXIT.usage);
    for (const name of Object.keys(COMMANDS)) assert.match(bare.stderr, new RegExp(`^  ${name} `, 'm'));
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, EXIT.usage);
    assert.match(unknown.stderr, /^expacti: unknown command "frobnicate"/);
  });

  it('expacti --version and -V print the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const res = await runCli([flag]);
      assert.equal(res.code, 0);
      assert.equal(res.stdout, `expacti ${version}\n`);
    }
  });

  it('expacti completion bash completes commands, subcommands and options in a real bash', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    const dir = tempDir('expacti-completion-');
    try {
      const complete = (line: string[]) => {
        const words = line.map((w) => `'${w}'`).join(' ');
        const res = spawnSync(
          'bash',
          [
            '--norc',
            '-c',
            `eval "$1"; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _expacti; printf '%s\\n' "\${COMPREPLY[@]}"`,
            'bash',
            script,
          ],
          { encoding: 'utf8', cwd: dir.path },
        );
        assert.equal(res.status, 0, res.stderr);
        return res.stdout.split('\n').filter(Boolean).sort();
      };
      assert.deepEqual(complete(['expacti', 'pen']), ['pending']);
      assert.deepEqual(complete(['expacti', 'token', '']), ['create', 'list', 'revoke']);
      assert.deepEqual(complete(['expacti', 'token', 'create', '--a']), ['--agent']);
      assert.deepEqual(complete(['expacti', 'approve', 'abcd', '--wh']), ['--whitelist']);
      assert.ok(complete(['expacti', 'serve', '--metrics']).includes('--metrics-listen'));
    } finally {
      dir.remove();
    }
  });

  it('expacti completion zsh defines every command and each command’s options', async () => {
    const res = await runCli(['completion', 'zsh']);
    assert.equal(res.code, 0);
    assert.match(res.stdout, /^#compdef expacti\n/);
    for (const t of all) {
      const name = t.words[t.words.length - 1] as string;
      assert.match(
        res.stdout,
        new RegExp(`\\(${name}\\)`),
        `zsh completion has a case for ${t.words.join(' ')}`,
      );
      if (!isGroup(t.spec))
        for (const [option, o] of Object.entries(t.spec.options))
          assert.ok(
            res.stdout.includes(o.shortOnly ? `'-${option}[` : `'--${option}[`),
            `${t.words.join(' ')} ${option}`,
          );
    }
  });

  it('keeps `expacti run` lean: the agent bundle loads no server, parser or schema code', () => {
    const bundle = readFileSync(new URL('../dist/agent.cjs', import.meta.url), 'utf8');
    for (const heavy of ['prom-client', 'pino', 'zod-openapi', 'web-tree-sitter', 'hono', 'require("zod")'])
      assert.ok(!bundle.includes(heavy), `dist/agent.cjs loads ${heavy}`);
    assert.ok(BIN.endsWith('expacti.js'));
  });
});
