/** Package managers: installs (medium), installs from URLs or custom indexes (remote code), removals. */
import type { Match, RiskRule } from '../rule.js';
import { any, re, substituted } from '../dsl.js';

const URL_SPEC = re(
  /^(https?:\/\/|git\+|git:\/\/|github:|gitlab:|bitbucket:|ssh:\/\/|git@|file:)|\.(tgz|tar\.gz|whl|zip)$/,
);

/** Removing system packages, by each package manager's verb or option. */
const SYSTEM_REMOVE: Match[] = [
  {
    program: [
      'apt',
      'apt-get',
      'aptitude',
      'dnf',
      'yum',
      'microdnf',
      'zypper',
      'apk',
      'snap',
      'brew',
      'port',
      'pacman',
      'pkg',
      'xbps-remove',
      'emerge',
      'flatpak',
    ],
    sub: [['remove', 'purge', 'autoremove', 'uninstall', 'del', 'delete', 'erase', 'rm']],
  },
  { program: ['pacman'], anyFlag: ['-R'] },
  { program: ['rpm'], anyFlag: ['-e', '--erase'] },
  { program: ['dpkg'], anyFlag: ['-r', '--remove', '-P', '--purge'] },
  { program: ['xbps-remove'] },
  { program: ['emerge'], anyFlag: ['-C', '--unmerge', '--depclean'] },
];

/**
 * Packages without which nothing else runs: the C library, kernels, init, the shells and core
 * utilities, the package managers themselves, sudo and PAM. A glob (`'kernel*'`) names them all.
 */
const CORE_PACKAGE = re(
  /^(glibc(-common)?|libc6|libc-bin|libc|musl|linux-image(-generic|-amd64|-arm64|-virtual|-[\w.-]*\*)?|kernel(-core)?\*?|kernel-[\w.]*\*|linux|systemd|systemd-sysv|init|bash|dash|coreutils|util-linux|base-files|base-passwd|dpkg|rpm|apt|dnf|yum|pacman|zypper|sudo|pam|libpam[\w.-]*|login|passwd|busybox|openssl-libs|libssl[\d.]*)$/,
);

/** Package runners, and what they are given to run from somewhere other than the registry. */
const RUNNERS = ['npx', 'pnpx', 'bunx', 'uvx', 'pipx', 'uv', 'pnpm', 'npm', 'bun', 'yarn'];
const RUN_FROM = re(
  /^(?:--(?:from|spec|with|package)=)?(?:(?:https?|git\+[a-z]+|git):\/\/|(?:github|gitlab|bitbucket):)/,
);

export const packageRules: RiskRule[] = [
  {
    id: 'package.install',
    category: 'package-install',
    tier: 'medium',
    reason: 'Installs packages (downloads code that may run install scripts)',
    match: {
      anyOf: [
        {
          program: ['npm'],
          sub: [['install', 'i', 'ci', 'add', 'update', 'up', 'upgrade', 'install-test', 'it', 'rebuild']],
        },
        { program: ['pnpm', 'bun'], sub: [['install', 'i', 'add', 'update', 'up']] },
        // `audit fix` installs the versions it picks (with --force, across major versions).
        { program: ['npm', 'pnpm'], sub: [['audit'], ['fix']] },
        { program: ['yarn'], sub: [['npm'], ['audit']], anyFlag: ['--fix'] },
        { program: ['pnpm', 'yarn', 'bun'], maxOperands: 0, noFlag: ['--help', '--version'] },
        { program: ['yarn'], sub: [['add', 'install', 'upgrade', 'up', 'dlx']] },
        { program: ['pip', 'pip3', 'pipx', 'easy_install'], sub: [['install', 'download']] },
        // Editor extensions and Flutter/Dart packages.
        { program: ['code', 'code-insiders', 'codium', 'cursor'], anyFlag: ['--install-extension'] },
        { program: ['flutter', 'dart'], sub: [['pub'], ['get', 'add', 'upgrade', 'global']] },
        {
          program: ['python', 'python3'],
          flagValue: { flags: ['-m'], test: re(/^(pip|ensurepip)$/) },
          operand: re(/^install$/),
        },
        { program: ['uv'], sub: [['add', 'sync', 'pip', 'tool']] },
        {
          program: ['poetry', 'pipenv', 'pdm', 'hatch'],
          sub: [['install', 'add', 'update', 'sync', 'lock']],
        },
        { program: ['gem', 'bundle', 'bundler'], sub: [['install', 'update', 'add']] },
        { program: ['bundle'], maxOperands: 0 },
        { program: ['cargo'], sub: [['add', 'install', 'update', 'fetch']] },
        { program: ['go'], sub: [['get', 'install', 'mod']], noFlag: ['--help'] },
        { program: ['brew', 'port'], sub: [['install', 'upgrade', 'reinstall', 'tap', 'update']] },
        {
          program: [
            'apt',
            'apt-get',
            'dnf',
            'yum',
            'zypper',
            'apk',
            'pacman',
            'snap',
            'flatpak',
            'nix-env',
            'choco',
            'winget',
            'scoop',
            'conda',
            'mamba',
            'micromamba',
          ],
          sub: [['install', 'add', 'upgrade', 'update', 'dist-upgrade', 'full-upgrade', 'reinstall']],
        },
        { program: ['pacman'], anyFlag: ['-S', '-U', '-y', '-u'] },
        { program: ['composer'], sub: [['install', 'require', 'update']] },
        { program: ['mix'], sub: [['deps.get', 'deps.update']] },
        { program: ['dotnet'], sub: [['add', 'restore', 'tool']] },
        { program: ['deno'], sub: [['install', 'add', 'cache']] },
        { program: ['swift'], sub: [['package']], operand: re(/^(resolve|update)$/) },
      ],
    },
    examples: [
      'npm install lodash',
      'npm ci',
      'npm i',
      'pip install -r requirements.txt',
      'yarn add react',
      'cargo add serde',
      'brew install jq',
      'go get github.com/x/y',
      'uv sync',
      'poetry install',
      'yarn',
    ],
    counterExamples: ['npm test', 'pip list', 'cargo build'],
  },
  {
    id: 'package.global-install',
    category: 'package-install',
    tier: 'medium',
    reason: 'Installs packages globally, changing tools every project on the machine uses',
    match: {
      program: ['npm', 'pnpm', 'yarn', 'bun'],
      anyFlag: ['-g', '--global'],
      noFlag: ['--help'],
      anyWord: re(/^(install|i|add|update)$/),
    },
    examples: ['npm install -g typescript', 'npm i -g pnpm'],
    counterExamples: ['npm install typescript'],
    weight: 16,
  },
  {
    id: 'package.install-from-url',
    category: 'remote-code',
    tier: 'high',
    reason: 'Installs a package straight from a URL, git repository or archive, bypassing the registry',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn', 'bun'],
          sub: [['install', 'i', 'add']],
          operand: any(URL_SPEC, re(/^[\w.-]+\/[\w.-]+(#.*)?$/)),
        },
        {
          program: ['pip', 'pip3', 'pipx', 'uv'],
          anyWord: URL_SPEC,
          anyOf: [{ sub: [['install']] }, { sub: [['pip'], ['install']] }, { sub: [['add']] }],
        },
        { program: ['cargo'], sub: [['install']], anyFlag: ['--git', '--path'] },
        { program: ['gem'], sub: [['install']], anyWord: URL_SPEC },
        // Run straight from a URL or repository: `uvx --from git+https://…`, `uv run https://…/x.py`,
        // `pipx run --spec git+…`, `npx github:someone/tool`.
        // (package runners are unwrapped: the command is what they run, the runner its wrapper).
        { wrapper: RUNNERS, wrapperWord: RUN_FROM },
        { wrapper: RUNNERS, programWord: RUN_FROM },
      ],
    },
    examples: [
      'npm install https://example.com/pkg.tgz',
      'npm i github:someone/tool',
      'pip install git+https://github.com/x/y.git',
      'cargo install --git https://github.com/x/y',
      'npm install someone/tool',
      'uvx --from git+https://github.com/astral-sh/ruff ruff check .',
      'uv run https://gist.githubusercontent.com/anon/8f3a/raw/setup.py',
      'npx github:someone/tool',
    ],
    counterExamples: [
      'npm install lodash',
      'npm install @types/node',
      'pip install requests',
      'uvx ruff check .',
      'uv run pytest',
      'npx prettier --check .',
    ],
    weight: 14,
  },
  {
    id: 'package.uninstall-computed',
    category: 'package-install',
    tier: 'high',
    reason:
      'Uninstalls packages listed by a command run at the same time (`pip uninstall -r <(pip freeze)`): which, and how many, is only known when it runs',
    match: {
      program: [
        'pip',
        'pip3',
        'uv',
        'npm',
        'pnpm',
        'yarn',
        'apt',
        'apt-get',
        'dnf',
        'yum',
        'brew',
        'gem',
        'cargo',
        'conda',
      ],
      anyOf: [
        { sub: [['uninstall', 'remove', 'rm', 'purge', 'autoremove']] },
        { sub: [['pip'], ['uninstall']] },
      ],
      anyWord: substituted,
    },
    examples: [
      'pip uninstall -y -r <(pip freeze)',
      'npm uninstall $(npm ls --parseable --depth=0 | tail -n +2)',
    ],
    counterExamples: ['pip uninstall -y requests', 'pip freeze > requirements.txt'],
  },
  {
    id: 'package.unverified',
    category: 'remote-code',
    tier: 'high',
    reason:
      "Installs packages without checking their signature or the server's certificate: whatever is served is installed, its scripts run as the installer",
    match: {
      anyOf: [
        { program: ['apk'], anyFlag: ['--allow-untrusted'] },
        {
          program: ['apt', 'apt-get', 'aptitude'],
          anyFlag: ['--allow-unauthenticated', '--allow-insecure-repositories'],
        },
        {
          program: ['apt', 'apt-get'],
          flagValue: {
            flags: ['-o'],
            test: re(
              /AllowUnauthenticated|AllowInsecureRepositories|Check-Valid-Until|Verify-Peer\s*=\s*(false|0)/i,
            ),
          },
        },
        {
          program: ['dnf', 'yum', 'microdnf', 'zypper', 'tdnf'],
          anyFlag: ['--nogpgcheck', '--no-gpg-checks', '--setopt=gpgcheck=0', '--setopt=sslverify=0'],
        },
        { program: ['rpm'], anyFlag: ['--nosignature', '--nodigest'] },
        { program: ['pip', 'pip3', 'uv'], anyFlag: ['--trusted-host', '--allow-insecure-host'] },
        { program: ['npm', 'pnpm', 'yarn'], flagValue: { flags: ['--strict-ssl'], test: re(/^false$/) } },
        { program: ['dpkg'], anyFlag: ['--force-bad-verify', '--force-all'] },
      ],
    },
    examples: [
      'apk add --allow-untrusted /tmp/payload.apk',
      'sudo apt-get install -y --allow-unauthenticated tool',
      'dnf install --nogpgcheck ./x.rpm',
      'pip install --trusted-host pypi.internal tool',
    ],
    counterExamples: [
      'apk add curl',
      'sudo apt-get install -y jq',
      'dnf install git',
      'pip install requests',
    ],
    weight: 13,
  },
  {
    id: 'package.custom-index',
    category: 'remote-code',
    tier: 'high',
    reason: 'Installs from a non-default package index (dependency confusion, untrusted code)',
    match: {
      program: ['pip', 'pip3', 'uv', 'npm', 'pnpm', 'yarn'],
      anyFlag: [
        '-i',
        '--index-url',
        '--extra-index-url',
        '--registry',
        '--trusted-host',
        '-f',
        '--find-links',
      ],
      anyWord: re(/^(install|i|add|pip)$/),
    },
    examples: [
      'pip install --extra-index-url http://pypi.example.com/simple pkg',
      'npm install --registry http://10.0.0.5 pkg',
    ],
    counterExamples: ['pip install requests'],
  },
  {
    id: 'package.index-config',
    category: 'remote-code',
    tier: 'high',
    reason:
      'Points every later install at another package index or turns off its TLS checks (all dependencies then come from there)',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn', 'bun'],
          sub: [['config', 'c'], ['set']],
          operand: re(
            /^(@[\w.-]+:)?(registry|npmRegistryServer|npmScopes\..*|strict-ssl|strictSsl|ca|cafile|enableStrictSsl|unsafeHttpWhitelist)(=.*)?$/,
          ),
        },
        {
          program: ['pip', 'pip3', 'uv', 'poetry'],
          sub: [['config']],
          operand: re(/(index-url|extra-index-url|trusted-host|find-links|repositories\.|certificates\.)/),
        },
        { program: ['gem'], sub: [['sources']], anyFlag: ['-a', '--add'] },
        { program: ['conda'], sub: [['config']], anyFlag: ['--add', '--prepend', '--append'] },
      ],
    },
    examples: [
      'npm config set registry https://evil.example/',
      'yarn config set npmRegistryServer https://r.example',
      'npm config set strict-ssl false',
      'pip config set global.index-url https://evil.example/simple',
      'gem sources --add https://g.example/',
    ],
    counterExamples: ['npm config get registry', 'pip config list', 'npm config set fund false'],
  },
  {
    id: 'package.cache-clean',
    category: 'delete',
    tier: 'low',
    reason:
      "Clears a package manager's or builder's download cache: what it removes is fetched or built again",
    match: {
      anyOf: [
        { program: ['pnpm'], sub: [['store'], ['prune']] },
        { program: ['npm', 'yarn', 'bun'], sub: [['cache'], ['clean', 'clear', 'rm', 'verify']] },
        { program: ['pip', 'pip3', 'uv'], sub: [['cache'], ['purge', 'remove', 'clean', 'prune']] },
        { program: ['poetry'], sub: [['cache'], ['clear']] },
        { program: ['docker', 'podman'], sub: [['builder', 'buildx'], ['prune']] },
        { program: ['go'], sub: [['clean']], anyFlag: ['-cache', '-modcache', '-testcache', '-fuzzcache'] },
      ],
    },

    examples: ['pnpm store prune', 'pip cache purge', 'docker builder prune -f', 'uv cache clean'],
    counterExamples: ['pnpm remove lodash', 'docker system prune -a'],
  },
  {
    id: 'package.uninstall',
    category: 'package-install',
    tier: 'low',
    reason: 'Removes project dependencies (reinstallable)',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn', 'bun'],
          sub: [['uninstall', 'remove', 'rm', 'un', 'unlink', 'prune', 'dedupe']],
        },
        { program: ['cargo', 'poetry', 'uv'], sub: [['remove', 'rm']] },
        { program: ['pip', 'pip3'], sub: [['uninstall']] },
      ],
    },
    examples: ['npm uninstall left-pad', 'pip uninstall -y requests', 'cargo remove serde'],
    counterExamples: ['npm install left-pad'],
  },
  {
    id: 'package.uninstall-global',
    category: 'package-install',
    tier: 'medium',
    reason:
      "Removes a tool installed for the whole user or machine (other projects may use it), or a project's whole dependency list",
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'bun'],
          sub: [['uninstall', 'remove', 'rm', 'un']],
          anyFlag: ['-g', '--global'],
        },
        { program: ['yarn'], sub: [['global'], ['remove']] },
        {
          program: ['pip', 'pip3'],
          sub: [['uninstall']],
          anyFlag: ['-r', '--requirement', '--break-system-packages'],
        },
        { program: ['cargo'], sub: [['uninstall']] },
        { program: ['pipx'], sub: [['uninstall', 'uninstall-all']] },
        { program: ['gem'], sub: [['uninstall']] },
        { program: ['go'], sub: [['clean']], anyFlag: ['-modcache'] },
        // Maven's local repository is shared by every project on the machine.
        { program: ['mvn', 'mvnw'], operand: re(/^dependency:purge-local-repository$/) },
        // One version of a runtime among those a version manager keeps.
        {
          program: ['nvm', 'fnm', 'pyenv', 'rbenv', 'asdf', 'mise', 'volta', 'sdk'],
          sub: [['uninstall', 'remove']],
        },
      ],
    },
    examples: [
      'npm uninstall -g typescript',
      'pip uninstall -y -r requirements.txt',
      'cargo uninstall ripgrep',
      'pipx uninstall-all',
    ],
    counterExamples: ['npm uninstall left-pad', 'pip uninstall -y requests'],
  },
  {
    id: 'package.toolchain-install',
    category: 'package-install',
    tier: 'medium',
    reason: 'Downloads and installs a language runtime or a version-manager plugin into the environment',
    match: {
      anyOf: [
        {
          program: ['nvm', 'fnm', 'pyenv', 'rbenv', 'goenv', 'nodenv', 'sdk', 'volta', 'jenv'],
          sub: [['install']],
        },
        { program: ['asdf'], sub: [['install']] },
        { program: ['asdf'], sub: [['plugin', 'plugin-add'], ['add']] },
        { program: ['asdf'], sub: [['plugin-add']] },
        { program: ['mise', 'rtx'], sub: [['install', 'use', 'i', 'u']] },
        {
          program: ['rustup'],
          sub: [
            ['toolchain', 'target', 'component'],
            ['install', 'add'],
          ],
        },
        { program: ['uv'], sub: [['python'], ['install']] },
      ],
    },
    examples: [
      'nvm install 20 && nvm use 20',
      'pyenv install -s 3.12.4',
      'asdf plugin add nodejs https://github.com/asdf-vm/asdf-nodejs.git',
      'mise use node@20 python@3.12',
      'uv python install 3.12',
    ],
    counterExamples: ['nvm use 20', 'pyenv versions', 'mise ls'],
  },
  {
    id: 'package.uninstall-toolchain',
    category: 'package-install',
    tier: 'high',
    reason:
      'Removes the package manager or the language toolchain itself: later builds and installs fail until it is reinstalled by hand',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm'],
          sub: [['uninstall', 'remove', 'rm', 'un']],
          anyFlag: ['-g', '--global'],
          operand: re(/^(npm|pnpm|yarn|corepack|node)$/),
        },
        { program: ['pip', 'pip3'], sub: [['uninstall']], operand: re(/^(pip|setuptools|wheel)$/) },
        { program: ['rustup'], sub: [['self'], ['uninstall']] },
        { program: ['rustup'], sub: [['toolchain'], ['uninstall', 'remove']] },
        {
          program: ['brew'],
          sub: [['uninstall', 'remove', 'rm']],
          operand: re(/^(node|python(@[\d.]+)?|go|rust|openjdk|ruby|git)$/),
        },
      ],
    },
    examples: ['npm uninstall -g npm', 'rustup self uninstall -y', 'pip uninstall -y pip'],
    counterExamples: ['npm uninstall -g typescript', 'rustup update', 'nvm uninstall 20'],
  },
  {
    id: 'package.system-remove',
    category: 'package-install',
    tier: 'high',
    reason: 'Removes system packages',
    match: {
      anyOf: SYSTEM_REMOVE,
    },
    examples: ['apt-get remove -y nginx', 'brew uninstall node', 'rpm -e httpd', 'dpkg --purge nginx'],
    counterExamples: ['apt list --installed', 'rpm -qa', 'dpkg -l'],
  },
  {
    id: 'package.core-remove',
    category: 'package-install',
    tier: 'critical',
    reason:
      'Removes a package the system cannot run without (the C library, the kernel, init, the shell, the package manager), or removes one while ignoring what depends on it: programs stop starting and the machine may not boot',
    match: {
      anyOf: [
        { anyOf: SYSTEM_REMOVE, operand: CORE_PACKAGE },
        {
          program: ['rpm'],
          anyFlag: ['-e', '--erase'],
          noneOf: [{ anyFlag: ['--test'] }],
          flags: [['--nodeps']],
        },
        { program: ['dpkg'], anyFlag: ['--force-depends', '--force-remove-essential', '--force-all'] },
      ],
      noFlag: ['--simulate', '-s', '--dry-run', '--test', '--just-print', '--no-act', '--assumeno'],
    },
    examples: [
      'rpm -e --nodeps glibc',
      "dnf remove -y 'kernel*'",
      'apt-get purge -y libc6',
      'dpkg --force-remove-essential -r bash',
      'yum erase systemd',
    ],
    counterExamples: [
      'apt-get remove -y nginx',
      'rpm -e httpd',
      'apt-get -s remove libc6',
      'dnf remove kernel-devel-5.14',
    ],
    weight: 16,
  },
  {
    id: 'package.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads package metadata',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn', 'bun'],
          sub: [
            [
              'ls',
              'list',
              'view',
              'info',
              'show',
              'outdated',
              'search',
              'whoami',
              'bin',
              'root',
              'prefix',
              'explain',
              'why',
              'doctor',
              'ping',
              'docs',
              'repo',
              'fund',
              'licenses',
            ],
          ],
        },
        { program: ['npm', 'pnpm'], sub: [['audit']], noFlag: ['--fix', 'fix'], maxOperands: 0 },
        { program: ['npm', 'pnpm', 'yarn'], sub: [['config']], operand: re(/^(get|list|ls)$/) },
        {
          program: ['pip', 'pip3', 'pipx'],
          sub: [['list', 'show', 'freeze', 'check', 'search', 'index', 'inspect', 'config']],
        },
        {
          program: ['python', 'python3'],
          flagValue: { flags: ['-m'], test: re(/^pip3?$/) },
          operand: re(/^(list|show|freeze|check|index|inspect)$/),
        },
        {
          program: ['cargo'],
          sub: [['tree', 'metadata', 'search', 'pkgid', 'locate-project', 'verify-project', 'info']],
        },
        { program: ['go'], sub: [['version', 'env', 'list', 'doc']] },
        {
          program: ['brew'],
          sub: [
            [
              'list',
              'ls',
              'info',
              'search',
              'outdated',
              'doctor',
              'config',
              'deps',
              'leaves',
              'desc',
              'home',
            ],
          ],
        },
        {
          program: ['apt', 'apt-cache', 'dpkg', 'rpm', 'dnf', 'yum', 'apk', 'snap', 'conda'],
          sub: [['list', 'show', 'search', 'policy', 'info', 'depends', 'rdepends', 'madison']],
        },
        { program: ['dpkg'], anyFlag: ['-l', '-L', '-s', '-S', '--list', '--status'] },
        { program: ['rpm'], anyFlag: ['-q', '-qa', '-qi', '-ql'] },
        { program: ['poetry', 'uv'], sub: [['show', 'check', 'version', 'tree', 'env']] },
        { program: ['gem'], sub: [['list', 'search', 'info', 'contents', 'env']] },
        { program: ['bundle'], sub: [['list', 'info', 'outdated', 'check', 'show']] },
      ],
    },
    examples: [
      'npm ls',
      'npm view react version',
      'pip list',
      'pip show requests',
      'cargo tree',
      'go env GOPATH',
      'npm audit',
      'brew list',
    ],
    counterExamples: ['npm install', 'npm audit fix'],
  },
];
