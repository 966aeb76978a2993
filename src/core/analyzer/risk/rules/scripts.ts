/** Scripts and interpreters whose code is not visible here: local scripts, script files, interactive shells. */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

export const scriptRules: RiskRule[] = [
  {
    id: 'exec.local-script',
    category: 'execution',
    tier: 'medium',
    reason: 'Runs a local script or binary whose contents are not shown here',
    match: {
      programWord: re(/\//),
      noneOf: [
        {
          programWord: re(
            /(^|\/)node_modules\/\.bin\/|(^|\/)(gradlew|mvnw|configure)$|^\/(usr\/)?s?bin\/|^\/usr\/local\/bin\/|^\/opt\/homebrew\/bin\//,
          ),
        },
      ],
    },
    examples: ['./deploy.sh', 'scripts/release.sh --prod', './bin/tool'],
    counterExamples: ['./gradlew build', './node_modules/.bin/jest', 'ls'],
  },
  {
    id: 'exec.interpreter-script',
    category: 'execution',
    tier: 'medium',
    reason: 'Runs a script file with an interpreter; its contents are not shown here',
    match: {
      program: [
        'python',
        'python2',
        'python3',
        'py',
        'node',
        'ruby',
        'perl',
        'php',
        'deno',
        'bun',
        'tsx',
        'ts-node',
        'Rscript',
        'lua',
        'julia',
        'groovy',
        'pwsh',
        'osascript',
      ],
      noFlag: ['-m', '-c', '-e', '--eval', '-p', '--print', '--check', '-V', '--version'],
      operand: re(/./),
      noneOf: [
        {
          program: ['deno', 'bun'],
          sub: [
            ['test', 'check', 'lint', 'fmt', 'task', 'install', 'add', 'build', 'bench', 'doc', 'compile'],
          ],
        },
      ],
    },
    examples: ['python script.py', 'node scripts/migrate.js', 'python3 manage.py migrate', 'ruby x.rb'],
    counterExamples: ['python -m pytest', 'node --version', 'node'],
  },
  {
    id: 'exec.interactive-shell',
    category: 'execution',
    tier: 'medium',
    reason: 'Opens an interactive shell or interpreter; what it will run is not visible',
    match: {
      program: [
        'sh',
        'bash',
        'zsh',
        'dash',
        'ksh',
        'fish',
        'python',
        'python3',
        'node',
        'irb',
        'psysh',
        'ipython',
      ],
      maxOperands: 0,
      noFlag: [
        '-c',
        '-e',
        '--eval',
        '-m',
        '-p',
        '--print',
        '--version',
        '-V',
        '-n',
        '--test',
        '--run',
        '--check',
        '--watch',
      ],
      noneOf: [{ stdin: re(/^/) }, { upstream: ['curl', 'wget', 'cat', 'echo', 'printf', 'base64', 'xxd'] }],
    },
    examples: ['bash', 'python3', 'zsh -l'],
    counterExamples: ['bash -c "ls"', 'python3 -m pytest'],
  },
];
