/**
 * Paths a confined command may not read by default (Landlock has no deny rules: the agent side
 * grants read on everything else around them). Home-relative; some are unlocked by the tool that
 * needs them (`kubectl` reads `~/.kube`), and the reviewer sees which.
 */

/** Secrets in the home directory: keys, tokens, credentials, history, browser profiles. */
export const HOME_SECRETS: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.password-store',
  '.aws',
  '.azure',
  '.oci',
  '.config/gcloud',
  '.config/gh',
  '.config/hub',
  '.config/op',
  '.config/doppler',
  '.kube',
  '.docker',
  '.terraform.d',
  '.vault-token',
  '.netrc',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.pgpass',
  '.my.cnf',
  '.git-credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.env',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.psql_history',
  '.mysql_history',
  '.node_repl_history',
  '.sqlite_history',
  '.lesshst',
  '.viminfo',
  '.local/share/fish/fish_history',
  '.local/share/keyrings',
  '.mozilla',
  '.thunderbird',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
];

/** System paths never granted by the default read scope. */
export const SYSTEM_SECRETS: readonly string[] = [
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/var/run/secrets',
  '/run/secrets',
];

/** Credentials a tool of a rule category needs to work at all: unlocked for that command. */
export const SECRETS_BY_CATEGORY: Readonly<Record<string, readonly string[]>> = {
  kubernetes: ['.kube'],
  cloud: ['.aws', '.azure', '.config/gcloud', '.oci'],
  containers: ['.docker'],
  infrastructure: ['.terraform.d', '.aws', '.azure', '.config/gcloud', '.kube'],
  publish: [
    '.npmrc',
    '.pypirc',
    '.cargo/credentials',
    '.cargo/credentials.toml',
    '.gem/credentials',
    '.yarnrc.yml',
  ],
  'package-install': ['.npmrc', '.yarnrc.yml', '.pypirc'],
  database: ['.pgpass', '.my.cnf'],
};
