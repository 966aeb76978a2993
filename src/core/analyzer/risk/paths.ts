/**
 * Classifies a path argument for rules: how far a deletion or write reaches (scope), and what the
 * path is (secret, persistence point, disk device, important project file). Reads Word.value and
 * Word.dynamic only; never the raw command text.
 */
import type { Word } from '../types.js';
import { HOME_SECRETS, SYSTEM_SECRETS } from '../../confine/secretPaths.js';

export type PathClass =
  // scope: exactly one per path
  | 'root' // / /* /.*
  | 'system' // /etc /usr /var/lib … and their direct children
  | 'home' // ~ ~/ ~/* $HOME /home/u /Users/u /root
  | 'cwd' // . ./ .. ../.. (the whole working tree or above)
  | 'unbounded-glob' // * .* ** at the top of a relative path
  | 'dynamic-root' // "$X/" "$X/*": if $X is empty this is /
  | 'dynamic' // cannot be known before it runs
  | 'empty' // ''
  | 'vcs-dir' // .git or anything inside it
  | 'regenerable' // dist, build, node_modules, __pycache__, …
  | 'temp' // /tmp/x /var/tmp/x $TMPDIR/x ${TMPDIR:-/tmp}/x (a runtime fact decides if it really is)
  | 'home-path' // a path inside the home directory: ~/x
  | 'absolute' // another absolute path
  | 'relative' // a relative path in the working tree
  // tags: any number
  | 'secret'
  | 'persistence'
  | 'disk-device'
  | 'null-device'
  | 'important-file'
  | 'history' // shell and REPL history files
  | 'data-file' // database files (.db, .sqlite, …): overwriting one destroys data
  | 'log-file'
  | 'os-file'; // inside the operating system's own tree, below its top directories: /etc/ssh/sshd_config

// prettier-ignore
const SYSTEM_TOP = new Set([
  'bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'sbin', 'srv', 'sys', 'usr', 'var',
  'System', 'Library', 'Applications', 'private', 'mnt', 'media', 'snap', 'home', 'Users', 'Volumes', 'run', 'nix',
  'tmp',
]);

// prettier-ignore
export const REGENERABLE = new Set([
  'dist', 'build', 'out', 'target', 'node_modules', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.parcel-cache',
  '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nyc_output', '.svelte-kit', '.angular',
  '.gradle', '.eslintcache', 'tsconfig.tsbuildinfo', '.vite', 'tmp', '.tmp', 'storybook-static', '.docusaurus',
  '.expo', 'bower_components', '.sass-cache', 'htmlcov', '.coverage', 'site-packages', '.venv', 'venv',
  'cmake-build-debug', 'cmake-build-release', 'DerivedData', '.dart_tool',
]);
/** Caches that are regenerable wherever they are (also in home or absolute paths). */
const CACHE_DIR =
  /\/(node_modules|\.cache|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.next|\.turbo|\.parcel-cache|\.nyc_output|DerivedData|\.npm\/_cacache)$|\/(\.cache|Library\/Caches)\/[^/]+$/;
const REGENERABLE_FILE = /\.(pyc|pyo|o|obj|class|tsbuildinfo)$|\.egg-info$/;

/**
 * Credential files of tools beyond the confinement list (which only holds what no build needs to
 * read): wallets, build tools' repository passwords, storage and platform CLIs' tokens.
 */
const TOOL_CREDENTIALS: RegExp[] = [
  // Wallets and signing keys.
  /(^|\/)\.config\/solana\/[^/]+\.json$/,
  /(^|\/)\.(ethereum|foundry)\/keystores?(\/|$)/,
  /(^|\/)\.bitcoin\/(wallet\.dat|wallets(\/|$))/,
  /(^|\/)\.electrum\/wallets(\/|$)/,
  /(^|\/)\.sui\/sui_config\/sui\.keystore$/,
  /(^|\/)\.near-credentials(\/|$)/,
  /(^|\/)\.config\/(sops\/age\/keys\.txt|age(\/|$))/,
  // Build tools and package registries.
  /(^|\/)\.m2\/settings(-security)?\.xml$/,
  /(^|\/)\.gradle\/gradle\.properties$/,
  /(^|\/)\.ivy2\/\.credentials$/,
  /(^|\/)\.sbt\/[^/]*credentials[^/]*$/,
  /(^|\/)\.nuget\/NuGet\/NuGet\.Config$/,
  /(^|\/)(\.composer|\.config\/composer)\/auth\.json$/,
  /(^|\/)\.bundle\/config$/,
  /(^|\/)(\.pip|\.config\/pip)\/pip\.conf$/,
  /(^|\/)\.terraformrc$/,
  // Object stores, clouds, data platforms and hosting CLIs.
  /(^|\/)\.(s3cfg|boto|ossutilconfig|databrickscfg)$/,
  /(^|\/)\.config\/rclone\/rclone\.conf$/,
  /(^|\/)\.config\/(doctl\/config\.yaml|hcloud\/cli\.toml|linode-cli|netlify\/config\.json|stripe\/config\.toml|glab-cli\/config\.yml)$/,
  /(^|\/)\.snowsql\/config$/,
  /(^|\/)\.dbt\/profiles\.yml$/,
  /(^|\/)\.fly\/config\.yml$/,
  /(^|\/)\.local\/share\/com\.vercel\.cli\/auth\.json$/,
  /(^|\/)\.supabase\/access-token$/,
  /(^|\/)\.talos\/config$/,
  // Environment files by another name (`secrets.env`, `prod.env`), not templates.
  /(^|\/)(?!example\.|sample\.|template\.)[\w-]+(\.[\w-]+)*\.env$/,
  // Monitoring agents' configuration holds their API keys.
  /^\/etc\/(datadog-agent\/datadog\.yaml|newrelic-infra\.yml|dd-agent\/datadog\.conf)$/,
];

const SECRET_PATTERNS: RegExp[] = [
  /(^|\/)\.ssh\/(?!.*\.pub$)(?!known_hosts)(?!config$)[^/]+$/,
  /(^|\/)\.ssh$/,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/,
  /(^|\/)\.env(\.(?!example$|sample$|template$|dist$|defaults$)[\w.-]+)?$/,
  /(^|\/)\.aws\/(credentials|config)$/,
  /(^|\/)\.aws$/,
  /(^|\/)\.config\/gcloud(\/|$)/,
  /(^|\/)\.azure(\/|$)/,
  /(^|\/)\.kube(\/config)?$/,
  /(^|\/)\.docker(\/config\.json)?$/,
  /(^|\/)\.(netrc|npmrc|pypirc|pgpass|my\.cnf|git-credentials|vault-token|htpasswd)$/,
  /(^|\/)\.config\/gh\/hosts\.yml$/,
  /(^|\/)\.gnupg(\/|$)/,
  /(^|\/)\.password-store(\/|$)/,
  /^\/etc\/(shadow|gshadow|sudoers|master\.passwd)$/,
  // Servers' private keys: TLS key directories, Let's Encrypt's certificates and keys, SSH host keys.
  /^\/etc\/(ssl\/private|pki\/tls\/private|letsencrypt(\/(live|archive|accounts|keys))?)(\/|$)/,
  /^\/etc\/ssh\/ssh_host_\w+_key$/,
  // MCP server configurations: their `env` blocks carry the servers' API keys (servers' own
  // instructions often put a literal token there, in a project's .mcp.json too).
  /(^|\/)\.mcp\.json$|(^|\/)\.(cursor|vscode)\/mcp\.json$|(^|\/)claude_desktop_config\.json$|(^|\/)\.claude\.json$|(^|\/)\.codeium\/windsurf\/mcp_config\.json$/,
  // Coding agents' own sign-in tokens.
  /(^|\/)\.claude\/\.credentials\.json$|(^|\/)\.codex\/auth\.json$|(^|\/)\.gemini\/oauth_creds\.json$|(^|\/)\.config\/github-copilot\/(hosts|apps)\.json$/,
  /^\/proc\/[^/]+\/environ$/,
  /^\/var\/run\/secrets(\/|$)/,
  /\.(pem|key|p12|pfx|jks|keystore)$/,
  /(^|\/)(credentials\.json|service[-_]account[^/]*\.json|secrets?\.ya?ml|terraform\.tfstate(\.backup)?)$/,
  ...TOOL_CREDENTIALS,
  // macOS keeps keychains, cookies and browser profiles under ~/Library.
  /(^|\/)Library\/(Keychains|Cookies)(\/|$)/,
  /(^|\/)Library\/Application Support\/(Google\/Chrome|Chromium|BraveSoftware|Microsoft Edge|Firefox)(\/|$)/,
  // The secrets confinement never lets a command read (core/confine/secretPaths.ts): one list for
  // both. .ssh and .env have the finer patterns above (public keys and `.env.example` are not secret).
  ...HOME_SECRETS.filter((p) => p !== '.env' && p !== '.ssh').map(
    (p) => new RegExp(`(^|\\/)${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\/|$)`),
  ),
  ...SYSTEM_SECRETS.map((p) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\/|$)`)),
];

/** Programs whose name a planted program would take over from a directory early on PATH. */
// prettier-ignore
const SHADOWED = [
  'git', 'node', 'npm', 'npx', 'pnpm', 'yarn', 'bun', 'deno', 'python', 'python3', 'pip', 'pip3', 'uv', 'ruby', 'gem',
  'go', 'cargo', 'rustc', 'java', 'make', 'cc', 'gcc', 'clang', 'sh', 'bash', 'zsh', 'env', 'sudo', 'su', 'ssh', 'scp',
  'ssh-add', 'gpg', 'curl', 'wget', 'ls', 'cat', 'cp', 'mv', 'rm', 'grep', 'sed', 'awk', 'find', 'tar', 'chmod', 'ps',
  'kill', 'docker', 'kubectl', 'helm', 'terraform', 'aws', 'gcloud', 'az', 'gh', 'code', 'vim', 'vi', 'nano', 'less',
  'man', 'which', 'id', 'whoami', 'passwd', 'login', 'expacti', 'claude', 'codex', 'cursor', 'psql', 'mysql',
].join('|');

const PERSISTENCE_PATTERNS: RegExp[] = [
  /(^|\/)\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc)$/,
  /(^|\/)\.config\/fish\/config\.fish$/,
  /^\/etc\/(profile|bash\.bashrc|zshrc|zsh\/zshrc|environment|ld\.so\.preload|rc\.local|sudoers)$/,
  /^\/etc\/(profile\.d|sudoers\.d|cron[^/]*|systemd|init\.d)(\/|$)/,
  /^\/var\/spool\/cron(\/|$)/,
  /(^|\/)\.config\/(systemd|autostart)(\/|$)/,
  /^\/(usr\/)?lib\/systemd(\/|$)/,
  /(^|\/)\.git\/hooks(\/|$)/,
  /(^|\/)\.git\/config$/,
  /(^|\/)\.husky(\/|$)/,
  /(^|\/)\.gitconfig$/,
  /(^|\/)Library\/Launch(Agents|Daemons)(\/|$)/,
  /(^|\/)\.ssh\/(authorized_keys2?|rc|config)$/,
  /(^|\/)\.claude(\/|$)/,
  /(^|\/)(CLAUDE|AGENTS|GEMINI)\.md$/,
  /(^|\/)\.(mcp\.json|cursorrules|aider\.conf\.yml|windsurfrules)$/,
  /(^|\/)\.(cursor|codex|gemini|continue)\//,
  // Copilot's hooks and instructions, and expacti's own configuration (the gate around the agent).
  /(^|\/)\.github\/(hooks\/|copilot-instructions\.md$)/,
  /(^|\/)\.expacti(\/|$)|(^|\/)expacti\.(json|toml|ya?ml)$/,
  /(^|\/)\.vscode\/(tasks|settings|launch)\.json$/,
  // A dev container's configuration runs its lifecycle commands (postCreateCommand, …) and sets
  // what the container may reach (runArgs, mounts).
  /(^|\/)\.devcontainer(\/[^/]+)?\/devcontainer\.json$|(^|\/)\.devcontainer\.json$/,
  /(^|\/)\.npmrc$/,
  /(^|\/)\.envrc$/,
  /(^|\/)site-packages\/[^/]+\.pth$/,
  /(^|\/)(sitecustomize|usercustomize)\.py$/,
  /(^|\/)\.(pythonrc|pythonrc\.py|bash_aliases)$/,
  /(^|\/)\.config\/git\/(config|hooks)(\/|$)/,
  // A program put in a directory on PATH under the name of one people and agents run all the time:
  // it runs instead of that program (`~/.local/bin/git`). Installing a tool of its own name is not this.
  new RegExp(
    `(?:^|/)(?:\\.local/bin|\\.(?:cargo|bun|deno|npm-global|volta)/bin)/(?:${SHADOWED})$|^~/(?:go/)?bin/(?:${SHADOWED})$|^/(?:usr/local|opt/homebrew)/s?bin/(?:${SHADOWED})$`,
  ),
];

/** Each list as one alternation: one pass over the path instead of one per pattern. */
const oneOf = (list: RegExp[]) => new RegExp(list.map((r) => `(?:${r.source})`).join('|'));
const SECRET = oneOf(SECRET_PATTERNS);
const PERSISTENCE = oneOf(PERSISTENCE_PATTERNS);

const DISK_DEVICE =
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|mapper\/|md\d|dm-|loop\d|sr\d)/;
const NULL_DEVICE = /^\/dev\/(null|zero|u?random|stdout|stderr|stdin|tty|fd\/\d+)$/;
const IMPORTANT_FILE =
  /(^|\/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.(toml|lock)|go\.(mod|sum)|pyproject\.toml|poetry\.lock|requirements\.txt|Gemfile(\.lock)?|Makefile|Dockerfile|tsconfig\.json|\.gitignore|\.gitmodules|composer\.(json|lock)|pom\.xml|build\.gradle(\.kts)?)$/;

const HISTORY =
  /(^|\/)\.(bash|zsh|sh|psql|mysql|python|node_repl|sqlite|rediscli|lesshst)_history$|(^|\/)\.(zhistory|lesshst)$|(^|\/)fish_history$/;
const DATA_FILE =
  /\.(db|sqlite|sqlite3|db3|mdb|accdb|duckdb|realm|ldb|kdbx|ibd|frm|myd|wal|rdb|aof|h5|hdf5|nc|nc4|parquet|feather|arrow)$/i;
const LOG_FILE = /\.log(\.\d+)?$/;

const RUNTIME_EXPANSIONS = new Set([
  'parameter',
  'command-substitution',
  'arithmetic',
  'process-substitution',
]);

/** `$HOME` / `${HOME}` (and PowerShell's `$env:USERPROFILE`) at the start is the home directory. */
function homeNormalized(value: string): string {
  return value.replace(
    /^(\$HOME|\$\{HOME(:?[-?=+][^}]*)?\}|\$env:(USERPROFILE|HOME)|%(USERPROFILE|HOME)%|%HOMEDRIVE%%HOMEPATH%)(?=[\\/]|$)/i,
    '~',
  );
}

/** A Windows path (`C:\`, `C:\Windows`, `C:\Users\me\x`), as PowerShell commands name them. */
function windowsScope(v: string): PathClass | null {
  // Unquoted in bash, `C:\Users` reads as `C:Users`: the separator after the drive may be gone.
  const m = /^[A-Za-z]:([\\/].*|(windows|users|program ?files|programdata)\b.*)?$/i.exec(v);
  if (!m) return null;
  const parts = (m[1] ?? '').split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.every((p) => p === '*')) return 'root';
  const top = (parts[0] ?? '').toLowerCase();
  // Like /usr and /usr/bin: the system directory and its direct children, not everything below.
  if (/^(windows|program files( \(x86\))?|programdata|system32|boot)$/.test(top))
    return parts.length <= 2 ? 'system' : 'absolute';
  if (top === 'users') return parts.length <= 2 ? 'home' : 'home-path';
  return 'absolute';
}

/**
 * Resolves `.` and `..` segments (`dist/../src` → `src`). Returns the class the path escapes to
 * when `..` climbs above where it starts: the working tree's parent, the root, home's parent.
 */
function resolveDots(v: string): string | 'home' | 'cwd' | 'absolute' {
  const abs = v.startsWith('/');
  const parts = v.split('/');
  const head = abs ? '' : parts[0]?.startsWith('~') ? (parts.shift() as string) : null;
  const out: string[] = [];
  let escaped = false;
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length > 0) out.pop();
      else if (head !== null) return 'home';
      else if (!abs) escaped = true;
      continue;
    }
    out.push(p);
  }
  // Above the working tree: its parent (unbounded) or a path beside it (bounded, outside).
  if (escaped) return out.every((p) => /^[*?.]*\*[*?.]*$/.test(p)) ? 'cwd' : 'absolute';
  if (abs) return '/' + out.join('/');
  if (head !== null) return out.length > 0 ? `${head}/${out.join('/')}` : head;
  return out.length > 0 ? out.join('/') : '.';
}

/**
 * `$TMPDIR/x`, `${TMPDIR:-/tmp}/x`, `$TMP/x`, `$TEMP/x`, `$RUNNER_TEMP/x`: a path below the temp
 * directory, named through the variable that holds it (the rest of the path must be static).
 */
const TEMP_VARIABLE =
  /^(\$(TMPDIR|TMP|TEMP|RUNNER_TEMP)|\$\{(TMPDIR|TMP|TEMP|RUNNER_TEMP)(:?[-=](\/tmp|\/var\/tmp)\/?)?\})\/+(?=[^/])/;

export function tempByVariable(value: string): boolean {
  const m = TEMP_VARIABLE.exec(value);
  if (!m) return false;
  const rest = value.slice(m[0].length);
  return !/[$`]/.test(rest) && !rest.split('/').includes('..') && !/^\.?\*?$/.test(rest.replace(/\/+$/, ''));
}

const WINDOWS_TEMP =
  /^(\/[a-z]|[a-z]:)?[\\/]+Users[\\/]+[^\\/]+[\\/]+AppData[\\/]+Local[\\/]+Temp[\\/]+[^\\/]/i;

function scopeOf(word: Word, value: string): PathClass {
  if (value === '') return 'empty';
  const runtime = word.dynamic.some((k) => RUNTIME_EXPANSIONS.has(k));
  if (runtime && tempByVariable(value)) return 'temp';
  const glob =
    word.dynamic.includes('glob') || word.dynamic.includes('extglob') || word.dynamic.includes('brace');
  let v = value.replace(/\/+$/, '');
  if (v === '' && value.startsWith('/')) return 'root';
  if (runtime && !/^~(\/|$)/.test(v)) {
    // "$X/" "$X/*" "${X}/." become / when $X is empty; `${X:?}` stops the shell instead.
    if (/^(\$\w+|\$\{(?![^}]*:\?)[^}]+\})\/(\*|\.\*|\.)?$/.test(value)) return 'dynamic-root';
    return 'dynamic';
  }
  // Windows' per-user temp directory, as MSYS and Git Bash spell it too (`/c/Users/u/AppData/Local/Temp/x`).
  if (WINDOWS_TEMP.test(v)) return 'temp';
  const windows = windowsScope(v);
  if (windows) return windows;
  if (v.includes('..')) {
    const resolved = resolveDots(v);
    if (resolved === 'home' || resolved === 'cwd' || resolved === 'absolute') return resolved;
    v = resolved;
  }
  // ~ ~/ ~/* ~user
  if (/^~[\w.-]*$/.test(v) || /^~[\w.-]*\/(\*|\.\*|\.)$/.test(v)) return 'home';
  if (v.startsWith('~')) return CACHE_DIR.test(v) ? 'regenerable' : 'home-path';
  if (/^\/(\*|\.\*|\.\.?)$/.test(v)) return 'root';
  while (v.startsWith('./')) v = v.slice(2);
  if (v === '.' || v === '..' || /^(\.\.\/)+\.{0,2}\*?$/.test(v) || /^\.\.(\/\.\.)*$/.test(v)) return 'cwd';
  if (v === '*' || v === '.*' || v === '**' || v === '*/' || (glob && /^[*?.]*\*[*?.]*$/.test(v))) {
    return 'unbounded-glob';
  }
  const segments = v.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('.git')) return 'vcs-dir';
  if (v.startsWith('/')) {
    const top = segments[0] ?? '';
    if ((top === 'home' || top === 'Users') && segments.length <= 2) return 'home';
    if (top === 'root' && segments.length <= 1) return 'home';
    if (
      (top === 'tmp' || (top === 'var' && segments[1] === 'tmp')) &&
      segments.length > (top === 'tmp' ? 1 : 2)
    ) {
      return 'temp';
    }
    if (SYSTEM_TOP.has(top) && (segments.length <= 2 || (glob && segments.length <= 3))) return 'system';
    // Any directory right under the root (`/data`, `/backup`, `/workspace`) is as wide as a system
    // one: such directories are where volumes are mounted.
    if (segments.length === 1 && top !== 'root') return 'system';
    if (top === 'root' || top === 'home' || top === 'Users') return 'home-path';
    return CACHE_DIR.test(v) ? 'regenerable' : 'absolute';
  }
  const last = segments[segments.length - 1] ?? '';
  const first = segments[0] ?? '';
  if (REGENERABLE.has(first) || REGENERABLE.has(last) || REGENERABLE_FILE.test(last)) return 'regenerable';
  if (glob && segments.length >= 2 && REGENERABLE.has(segments[segments.length - 2] ?? ''))
    return 'regenerable';
  return 'relative';
}

// Well-known secret paths a glob could expand to: `cat ~/.s?h/id_*` reaches ~/.ssh/id_rsa.
const SECRET_SAMPLES = [
  '~/.ssh/id_rsa',
  '~/.ssh/id_ed25519',
  '~/.aws/credentials',
  '~/.kube/config',
  '~/.netrc',
  '~/.npmrc',
  '~/.docker/config.json',
  '~/.config/gh/hosts.yml',
  '~/.git-credentials',
  '~/.pgpass',
  '.env',
  '.env.local',
  '.env.production',
  '/etc/shadow',
  '/proc/1/environ',
  '/proc/self/environ',
];

function isGlob(word: Word): boolean {
  return word.dynamic.includes('glob') || word.dynamic.includes('extglob');
}

function globHitsSecret(glob: string): boolean {
  // Compare like with like: home globs with home paths, absolute with absolute, relative with relative.
  const kind = (p: string) => (p.startsWith('~/') ? '~' : p.startsWith('/') ? '/' : '.');
  const strip = (p: string) => p.replace(/^~\//, '').replace(/^(\.\/)+/, '');
  // Per segment: * and ? never match a leading dot (bash without dotglob). A `**` segment (globstar,
  // or find's "anywhere below", where names are matched with dots) reaches any depth, and the
  // segments after it may start with a dot: judged as find would, the wider reading.
  const segments = strip(glob).split('/');
  const deep = segments.includes('**');
  const source = segments
    .map((seg, i) => {
      if (seg === '**') return i === segments.length - 1 ? '.*' : '(?:[^/]+/)*';
      const body = seg
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]');
      const sep = i === segments.length - 1 ? '' : '/';
      return (/^[*?]/.test(seg) && !deep ? `(?!\\.)${body}` : body) + sep;
    })
    .join('');
  let re: RegExp;
  try {
    re = new RegExp(`^${source}$`);
  } catch {
    return true;
  }
  return SECRET_SAMPLES.some((s) => kind(s) === kind(glob) && re.test(strip(s)));
}

/**
 * Memo per Word object (rules classify the same operand many times). A bounded Map rather than a
 * WeakMap: its entries are cheaper to add and to collect; it is emptied when full.
 */
const cache = new Map<Word, Set<PathClass>>();

/** The scope class and tags of a path word (memoized per Word object). */
export function classifyPath(word: Word): Set<PathClass> {
  let out = cache.get(word);
  if (!out) {
    out = classify(word);
    if (cache.size >= 4096) cache.clear();
    cache.set(word, out);
  }
  return out;
}

/**
 * Deeper than a system directory's direct children, still the operating system's: its
 * configuration, programs, libraries, boot files and package state (not /usr/local, /opt, /srv).
 */
const OS_FILE =
  /^\/(?:(?:etc|boot|bin|sbin|lib|lib32|lib64|libx32|usr(?!\/local(?:\/|$))|System|Library|private\/etc)\/[^/]+\/.|var\/lib\/.)/;

/** Windows' own trees, deeper than their top: `C:\Windows\System32\drivers\etc\hosts`. */
const WINDOWS_OS_FILE = /^[a-z]:\/(windows(?!\/temp(\/|$))|program files( \(x86\))?|programdata)\/./i;

function classify(word: Word): Set<PathClass> {
  const value = homeNormalized(word.value);
  const out = new Set<PathClass>([scopeOf(word, value)]);
  const v = value.replace(/\/+$/, '');
  if (SECRET.test(v) || (isGlob(word) && globHitsSecret(v))) out.add('secret');
  if (PERSISTENCE.test(v)) out.add('persistence');
  if (DISK_DEVICE.test(v)) out.add('disk-device');
  if (NULL_DEVICE.test(v)) out.add('null-device');
  if (IMPORTANT_FILE.test(v)) out.add('important-file');
  if (HISTORY.test(v)) out.add('history');
  if (DATA_FILE.test(v)) out.add('data-file');
  if (LOG_FILE.test(v)) out.add('log-file');
  if (OS_FILE.test(v) || WINDOWS_OS_FILE.test(v)) out.add('os-file');
  return out;
}
