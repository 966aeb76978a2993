/** Execution: unknown programs, env prefixes that inject code, commands run elsewhere. */
import type { RiskRule } from '../rule.js';
import { not, re } from '../dsl.js';

// prettier-ignore
const CODE_INJECTING_ENV = [
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'DYLD_LIBRARY_PATH', 'DYLD_FRAMEWORK_PATH',
  'BASH_ENV', 'ENV', 'ZDOTDIR', 'GIT_SSH', 'GIT_EXEC_PATH', 'GIT_ASKPASS',
  'SSH_ASKPASS', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM',
  'GIT_TEMPLATE_DIR', 'PERL5OPT', 'PERL5DB', 'RUBYOPT', 'PYTHONSTARTUP', 'PYTHONHOME',
  'PYTHONINSPECT', 'PYTHONBREAKPOINT', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'IFS',
  'SHELLOPTS', 'BASHOPTS', 'PS4', 'NPM_CONFIG_SCRIPT_SHELL', 'npm_config_script_shell', 'NODE_REPL_EXTERNAL_MODULE',
  'CARGO_BUILD_RUSTC_WRAPPER', 'RUSTC_WRAPPER',
];

export const executionRules: RiskRule[] = [
  {
    id: 'exec.env-injection',
    category: 'execution',
    tier: 'high',
    reason:
      'Sets an environment variable that makes programs load or run other code (LD_PRELOAD, BASH_ENV, GIT_SSH_COMMAND, pagers, editors…)',
    match: {
      assignment: { names: CODE_INJECTING_ENV },
      // `ENV=dev; kubectl … -n "$ENV"`: a script's own variable. Set without `export`, it reaches no
      // program; sh reads ENV only when an interactive shell starts with it in its environment.
      noneOf: [
        { bare: true, assignment: { names: ['ENV'] } },
        // `IFS=: read -ra parts <<< "$PATH"`: the splitting idiom; the builtin runs nothing.
        { program: ['read', 'mapfile', 'readarray'], assignment: { names: ['IFS'] } },
      ],
    },
    examples: [
      'LD_PRELOAD=/tmp/x.so ls',
      'BASH_ENV=/tmp/x bash -c true',
      'GIT_SSH=/tmp/ssh git fetch',
      'ENV=/tmp/x sh -i',
    ],
    counterExamples: [
      'NODE_ENV=test npm test',
      'CI=1 npm test',
      'ENV=dev; echo "$ENV"',
      'IFS=: read -ra parts <<< "$PATH"',
    ],
    scope: 'context',
  },
  {
    id: 'exec.node-options',
    category: 'execution',
    tier: 'high',
    reason: 'NODE_OPTIONS loads extra code into every Node process',
    match: {
      assignment: {
        names: ['NODE_OPTIONS'],
        value: re(
          /(^|\s)(-r|--require|--import|--loader|--experimental-loader|-e|--eval|-p|--print|--inspect\S*)(\s|=|$)/,
        ),
      },
    },
    examples: [
      'NODE_OPTIONS="--require /tmp/x.js" npm --version',
      'NODE_OPTIONS=--import=./evil.mjs node app.js',
    ],
    counterExamples: ['NODE_OPTIONS=--max-old-space-size=4096 npm run build'],
    scope: 'context',
  },
  {
    id: 'exec.hash-rebind',
    category: 'execution',
    tier: 'high',
    reason:
      "Binds a command's name to another file for the rest of the shell session (`hash -p FILE NAME`): later uses of the name run that file",
    match: { program: ['hash'], anyFlag: ['-p'] },
    examples: ['hash -p /tmp/x/git git', 'hash -p "$X" ls'],
    counterExamples: ['hash -r', 'hash git', 'hash -d ls'],
  },
  {
    id: 'exec.toolchain-wrapper',
    category: 'execution',
    tier: 'high',
    reason:
      'Has the compiler toolchain run another program around each step (go -toolexec/-exec, a Rust linker or runner): whatever that program is runs with the build',
    match: {
      anyOf: [
        { assignment: { names: ['GOFLAGS'], value: re(/(^|\s)--?(toolexec|exec)(=|\s|$)/) } },
        {
          assignment: {
            names: ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS'],
            value: re(/linker=|-Clinker|(^|\s)-C\s*linker/),
          },
        },
        { program: ['go'], flagName: re(/^--?(toolexec|exec)(=|$)/) },
      ],
    },
    examples: [
      'GOFLAGS=-toolexec=/tmp/.cache/tx go build ./...',
      'go test -exec /tmp/wrap ./...',
      "RUSTFLAGS='-C linker=/tmp/ld' cargo build",
    ],
    counterExamples: [
      'GOFLAGS=-mod=mod go build ./...',
      "RUSTFLAGS='-D warnings' cargo build",
      'go test -run TestX ./...',
    ],
    scope: 'context',
  },
  {
    id: 'exec.path-override',
    category: 'execution',
    tier: 'medium',
    reason: 'Changes PATH or module search paths, so other programs or modules than usual may run',
    match: {
      anyOf: [
        {
          assignment: {
            names: ['PATH', 'PYTHONPATH', 'NODE_PATH', 'PERL5LIB', 'RUBYLIB', 'GEM_PATH', 'CLASSPATH'],
            value: re(/(^|:)(\/tmp|\/var\/tmp|\/dev\/shm)(\/|:|$)/),
          },
        },
        { assignment: { names: ['PATH'], value: re(/^[^$]*$/) } },
      ],
    },
    examples: ['PATH=/tmp/bin:$PATH make', 'PYTHONPATH=/tmp/x python3 -m pytest'],
    counterExamples: ['PYTHONPATH=src pytest', 'PATH="$PATH:./node_modules/.bin" jest'],
    scope: 'context',
  },
  {
    id: 'exec.build-given-code',
    category: 'execution',
    tier: 'high',
    reason: 'A build tool is given its rules on standard input or the command line (not the project file)',
    match: {
      anyOf: [
        {
          program: ['make', 'gmake', 'bmake'],
          flagValue: {
            flags: ['-f', '--file', '--makefile'],
            test: re(/^(-|\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+)$/),
          },
        },
        { program: ['make', 'gmake'], flagName: re(/^--eval$/) },
        { program: ['just'], flagValue: { flags: ['-f', '--justfile'], test: re(/^(-|\/dev\/stdin)$/) } },
      ],
    },
    // A Makefile on stdin the analysis can read is judged by its recipes (shell/unwrap.ts).
    examples: ['make -f - < rules.mk', "make --eval='x: ; rm -rf ~' x"],
    counterExamples: ['make -f Makefile.ci test', 'make build'],
  },
  {
    id: 'exec.dynamic-program',
    category: 'execution',
    tier: 'high',
    reason: 'The program to run is only known when the command runs (variable or substitution)',
    match: { dynamicProgram: true },
    examples: ['$CMD --help', '"$(which tool)" run', '${EDITOR} file'],
    counterExamples: ['ls $DIR'],
    scope: 'context',
  },
  {
    id: 'exec.eval-source',
    category: 'execution',
    tier: 'medium',
    reason: 'Runs a file in the current shell (source), whose contents are not shown here',
    match: {
      program: ['source', '.'],
      operand: not(re(/(^|\/)(\.venv|venv|env)\/bin\/activate$|(^|\/)\.?nvm\/nvm\.sh$/)),
    },
    examples: ['source ./setup.sh', '. ~/.profile'],
    counterExamples: ['source .venv/bin/activate'],
  },
];
