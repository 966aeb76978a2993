/** Deletion, graded by how far it reaches: regenerable output → bounded paths → .git → home, root, everything. */
import type { RiskRule } from '../rule.js';
import { FORCE, RECURSIVE, UNBOUNDED, all, eq, not, path, re } from '../dsl.js';

const RM = ['rm', 'unlink'];

/** The temp directory itself as a starting point: what find deletes there is under it (medium). */
const TEMP_DIR = re(/^\/(private\/)?(var\/)?tmp\/?$/);

/** `*.ts`, `*.py`, …: a name pattern that selects every source file of one language. */
const SOURCE_KIND = re(
  /^\*\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|kts|scala|c|h|cc|cpp|hpp|cs|rb|php|swift|m|mm|sql|sh|vue|svelte|ex|exs|erl|hs|ml|clj|dart|lua|r|jl|tf|proto|md)$/i,
);

/** find's tests: what selects the files its actions apply to. */
// prettier-ignore
const FIND_TESTS = [
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype',
  '-newer', '-anewer', '-cnewer', '-newermt', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-size',
  '-empty', '-user', '-group', '-uid', '-gid', '-perm', '-links', '-inum', '-samefile', '-lname', '-ilname',
];

export const deleteRules: RiskRule[] = [
  {
    id: 'delete.unbounded',
    category: 'delete',
    tier: 'critical',
    reason:
      'Recursively deletes the root, a system directory, the home directory, the whole working tree or an unbounded glob',
    match: { program: RM, anyFlag: RECURSIVE, operand: path(...UNBOUNDED) },
    examples: [
      'rm -rf /',
      'rm -rf ~',
      'rm -fr ~/',
      'rm --recursive --force /*',
      'rm -rf *',
      'rm -rf .',
      'rm -rf "$DIR/"',
      '/bin/rm -rf /usr',
      'rm -r $HOME',
      'rm -rf ..',
    ],
    counterExamples: ['rm -rf ./dist', 'rm -rf ~/projects/old', 'rm -f ~/notes.txt'],
    weight: 19,
  },
  {
    id: 'delete.os-tree',
    category: 'delete',
    tier: 'critical',
    reason:
      "Recursively deletes part of the operating system's own tree: its configuration, programs, libraries or package and database state (/etc/…, /usr/lib/…, /var/lib/…)",
    match: { program: RM, anyFlag: RECURSIVE, operand: path('os-file') },
    examples: [
      'rm -rf /var/lib/postgresql',
      'rm -rf /etc/nginx/conf.d',
      'rm -r /usr/lib/python3',
      'rm -rf /var/lib/docker/volumes',
    ],
    counterExamples: [
      'rm -rf /usr/local/share/myapp',
      'rm -rf /opt/myapp/cache',
      'rm -f /etc/nginx/sites-enabled/default',
    ],
    weight: 18,
  },
  {
    id: 'delete.wide-files',
    category: 'delete',
    tier: 'high',
    reason: 'Deletes every file in the root, a system directory, the home directory or the working directory',
    match: { program: RM, noFlag: RECURSIVE, operand: path(...UNBOUNDED) },
    examples: ['rm *', 'rm -f ~/*', 'rm /etc/passwd'],
    counterExamples: ['rm -r *', 'rm notes.txt'],
  },
  {
    id: 'delete.dynamic-target',
    category: 'delete',
    tier: 'high',
    reason:
      'Deletes a path that is only known when the command runs (a variable or substitution), or an empty path',
    match: {
      program: RM,
      operand: path('dynamic', 'empty'),
      noneOf: [{ everyOperand: path('regenerable', 'temp') }],
    },
    examples: ['rm -rf "$BUILD_DIR"', 'rm -f $(cat files.txt)', "rm -rf ''"],
    counterExamples: ['rm -rf build', 'rm -rf ./node_modules'],
    weight: 15,
  },
  {
    id: 'delete.from-input',
    category: 'delete',
    tier: 'high',
    reason: 'Deletes paths read from input (xargs), which are not visible here',
    // Input the analysis computes is spelled out as the command's operands (shell/xargsInput.ts).
    // find's output fed to xargs is read as `find … -exec` (shell/xargsInput.ts), judged there.
    match: { program: RM, wrapper: ['xargs'], noneOf: [{ stdin: re(/[\s\S]*/) }, { wrapper: ['find'] }] },
    examples: ['git ls-files -d | xargs rm', 'fd -e tmp | xargs rm -f'],
    counterExamples: ['rm a.txt', 'echo old.log | xargs rm', "find . -name '*.tmp' -print0 | xargs -0 rm -f"],
  },
  {
    id: 'delete.vcs',
    category: 'delete',
    tier: 'high',
    reason: 'Recursively deletes the repository history (.git)',
    match: { program: RM, anyFlag: RECURSIVE, operand: path('vcs-dir') },
    examples: ['rm -rf .git', 'rm -r ./sub/.git'],
    counterExamples: ['rm -rf dist', 'rm .git/index.lock'],
    weight: 14,
  },
  {
    id: 'delete.vcs-file',
    category: 'delete',
    tier: 'medium',
    reason:
      'Deletes a file inside .git (a lock file is a common fix; other files can corrupt the repository)',
    match: { program: RM, noFlag: RECURSIVE, operand: path('vcs-dir') },
    examples: ['rm .git/index.lock', 'rm -f .git/refs/heads/x'],
    counterExamples: ['rm -rf .git'],
  },
  {
    id: 'delete.recursive',
    category: 'delete',
    tier: 'high',
    reason: 'Recursively deletes a directory that is not regenerable build output',
    match: {
      program: RM,
      anyFlag: RECURSIVE,
      operand: all(path('relative', 'absolute', 'home-path'), not(path('important-file'))),
    },
    examples: ['rm -rf src', 'rm -rf ~/projects/old', 'rm -r /srv/app/data', 'rm -rf dist src'],
    counterExamples: ['rm -rf dist', 'rm src/a.ts', 'rm -rf /tmp/x'],
  },
  {
    id: 'delete.file',
    category: 'delete',
    tier: 'medium',
    reason: 'Deletes named files (recoverable only if tracked by version control)',
    match: { program: RM, noFlag: RECURSIVE, operand: path('relative', 'home-path') },
    examples: ['rm notes.txt', 'rm -f src/old.ts', 'unlink link', 'rm ~/todo.md'],
    counterExamples: ['rm -rf src', 'rm build/app.js', 'rm /tmp/a.log'],
  },
  {
    id: 'delete.absolute-file',
    category: 'delete',
    tier: 'high',
    reason: 'Deletes files outside the working tree',
    match: { program: RM, noFlag: RECURSIVE, operand: path('absolute') },
    examples: ['rm /srv/app/config.yml', 'rm -f /opt/tool/bin/tool'],
    counterExamples: ['rm /tmp/x.log', 'rm a.txt'],
  },
  {
    id: 'delete.project-file',
    category: 'delete',
    tier: 'medium',
    reason: 'Deletes a project manifest or lockfile (recoverable from version control)',
    match: { program: RM, operand: path('important-file') },
    examples: ['rm -rf node_modules package-lock.json', 'rm yarn.lock'],
    counterExamples: ['rm -rf node_modules'],
  },
  {
    id: 'delete.find-exec-unbounded',
    category: 'delete',
    tier: 'critical',
    reason:
      'find runs a deletion (or empties or resizes files) on everything from the root, a system directory or the home directory',
    match: {
      program: ['find'],
      anyFlag: ['-exec', '-execdir', '-ok', '-okdir'],
      operand: all(path('root', 'system', 'home'), not(TEMP_DIR)),
      anyWord: eq('rm', 'unlink', 'shred', 'rmdir', 'truncate'),
    },
    examples: [
      'find / -exec rm -rf {} \\;',
      'find ~ -name "*" -exec rm {} +',
      'find ~ -type f -exec truncate -s 0 {} +',
    ],
    counterExamples: [
      'find . -name "*.tmp" -exec rm {} \\;',
      'find / -name x -exec ls {} \\;',
      "find /tmp -name 'pytest-*' -maxdepth 1 -exec rm -rf {} +",
    ],
    weight: 18,
  },
  {
    id: 'delete.from-input-unbounded',
    category: 'delete',
    tier: 'critical',
    reason: 'xargs feeds the root, a system directory or the home directory to a recursive delete',
    match: { program: RM, wrapper: ['xargs'], anyFlag: RECURSIVE, stdin: path(...UNBOUNDED) },
    examples: ['echo ~ | xargs rm -rf', 'echo / | xargs rm -r'],
    counterExamples: ['echo dist | xargs rm -rf'],
    weight: 18,
  },
  {
    id: 'delete.secret',
    category: 'delete',
    tier: 'high',
    reason: 'Deletes a key or credentials file, which cannot be recovered',
    match: { program: RM, operand: path('secret') },
    examples: ['rm ~/.ssh/id_rsa', 'rm -f .env'],
    counterExamples: ['rm .env.example'],
  },
  {
    id: 'delete.secret-overwrite',
    category: 'delete',
    tier: 'high',
    reason: 'Overwrites a key or credentials file: what it held is gone, as if deleted',
    match: {
      anyOf: [
        { redirect: { ops: ['>', '>|', '&>'], target: path('secret') } },
        // Not the setup step every README has (`cp .env.example .env`): a template copied into place.
        {
          program: ['cp', 'mv', 'install', 'ln', 'dd'],
          lastOperand: path('secret'),
          noneOf: [{ sourceOperand: re(/(^|\/)[^/]*\.(example|sample|template|dist|defaults?|tmpl)$/) }],
        },
        { program: ['tee'], noFlag: ['-a', '--append'], operand: path('secret') },
      ],
    },
    examples: [
      'cp ~/Downloads/new.env .env',
      'echo KEY=x > .env',
      'mv new_key ~/.ssh/id_ed25519',
      'printenv | tee .env.local',
    ],
    counterExamples: ['cp .env.example .env', 'cp .env.example .env.sample', 'echo x >> .env', 'cp a b'],
  },
  {
    id: 'delete.secret-edit',
    category: 'delete',
    tier: 'medium',
    reason: 'Edits or appends to a key or credentials file',
    match: {
      anyOf: [
        { redirect: { ops: ['>>'], target: path('secret') } },
        { program: ['tee'], anyFlag: ['-a', '--append'], operand: path('secret') },
        { program: ['sed', 'gsed', 'perl'], anyFlag: ['-i', '--in-place', '-pi'], operand: path('secret') },
      ],
    },
    examples: ["echo 'A=1' >> .env", "sed -i 's/DEBUG=false/DEBUG=true/' .env", "sed -i '' 's/a/b/' .env"],
    counterExamples: ["sed -i 's/a/b/' config.yml", 'echo x >> notes.txt'],
  },
  {
    id: 'delete.regenerable',
    category: 'delete',
    tier: 'low',
    reason: 'Deletes regenerable build output or caches',
    match: { program: RM, everyOperand: path('regenerable') },
    examples: [
      'rm -rf ./dist',
      'rm -rf node_modules',
      'rm -rf dist build coverage',
      'rm -rf packages/web/node_modules',
    ],
    counterExamples: ['rm -rf src', 'rm -rf dist src', 'rm -rf /tmp/build-123'],
  },
  {
    id: 'delete.temp',
    category: 'delete',
    tier: 'medium',
    reason:
      'Deletes under the temp directory: cleanup if the path really is a temp dir (checked at run time), or wherever it resolves to',
    match: { program: RM, operand: path('temp'), everyOperand: path('regenerable', 'temp') },
    examples: [
      'rm -rf /tmp/build-123',
      'rm -rf /tmp/build-*',
      'rm -rf "$TMPDIR/x"',
      'rm -rf ${TMPDIR:-/tmp}/cache',
      'rm -f /var/tmp/a.log dist',
    ],
    counterExamples: ['rm -rf dist', 'rm -rf /tmp', 'rm -rf $TMPDIR/$X', 'rm -rf /tmp/x src'],
  },
  {
    id: 'delete.temp-remote',
    category: 'delete',
    tier: 'high',
    reason:
      "Deletes under another machine's temp directory (over ssh, ansible, salt, …): nothing here can check where that path leads there",
    match: {
      program: RM,
      operand: path('temp'),
      remote: true,
      // Other hosts, not a container (whose temp directory is its own).
      wrapper: ['ssh', 'ansible', 'salt', 'salt-ssh', 'pdsh', 'clush', 'pssh', 'parallel-ssh', 'knife'],
    },
    examples: ["salt '*' cmd.run 'rm -rf /tmp/*'", "ssh web1 'rm -rf /tmp/build-*'"],
    counterExamples: ['rm -rf /tmp/build-123', 'docker exec app rm -rf /tmp/x'],
  },
  {
    id: 'delete.rmdir',
    category: 'delete',
    tier: 'low',
    reason: 'Removes empty directories only',
    match: { program: ['rmdir'] },
    examples: ['rmdir old'],
    counterExamples: ['rm -r old'],
  },
  {
    id: 'delete.trash',
    category: 'delete',
    tier: 'low',
    reason: 'Moves files to the trash, from where they can be restored',
    match: { program: ['trash', 'trash-put', 'gio'] },
    examples: ['trash old.txt'],
    counterExamples: ['rm old.txt'],
  },
  {
    id: 'delete.find-unbounded',
    category: 'delete',
    tier: 'critical',
    reason: 'find -delete starting at the root, a system directory or the home directory',
    match: {
      program: ['find'],
      anyFlag: ['-delete'],
      operand: all(path('root', 'system', 'home', 'dynamic-root'), not(TEMP_DIR)),
    },
    examples: ['find / -name "*.log" -delete', 'find ~ -type f -delete'],
    counterExamples: ['find . -name "*.pyc" -delete', 'find /tmp -name "*.sock" -mmin +60 -delete'],
    weight: 18,
  },
  {
    // find evaluates its expression left to right: `-delete` before a test acts on every file
    // it reaches, and the tests after it only decide what else happens.
    id: 'delete.find-delete-first',
    category: 'delete',
    tier: 'high',
    reason:
      'find -delete comes before its filters: find evaluates left to right, so it deletes everything it visits',
    match: {
      program: ['find'],
      flagBefore: { flag: ['-delete'], before: FIND_TESTS },
      anyFlag: FIND_TESTS,
      noneOf: [{ everyOperand: path('temp') }],
    },
    examples: ["find . -delete -name '*.tmp'", 'find src -delete -type f -name "*.orig"'],
    counterExamples: ["find . -name '*.tmp' -delete", 'find /tmp/x -delete -name y'],
    weight: 14,
  },
  {
    id: 'delete.find-broad',
    category: 'delete',
    tier: 'high',
    reason: 'find -delete without a name or path filter deletes everything it visits',
    match: {
      program: ['find'],
      anyFlag: ['-delete'],
      noneOf: [{ everyOperand: path('temp') }],
      noFlag: [
        '-name',
        '-iname',
        '-path',
        '-ipath',
        '-regex',
        '-iregex',
        '-newer',
        '-mtime',
        '-mmin',
        '-empty',
        '-wholename',
      ],
    },
    examples: ['find . -delete', 'find src -type f -delete'],
    counterExamples: ['find . -name "*.pyc" -delete', 'find . -name x'],
  },
  {
    id: 'delete.find-source-kind',
    category: 'delete',
    tier: 'high',
    reason:
      'find deletes every file of a source-code kind in a directory tree (not under build output or the temp directory)',
    match: {
      program: ['find'],
      // Not inside build output or the temp directory (`find dist -name '*.js' -delete`).
      noneOf: [{ operand: path('regenerable', 'temp') }],
      flagValue: { flags: ['-name', '-iname'], test: SOURCE_KIND },
      anyOf: [
        { anyFlag: ['-delete'] },
        {
          anyFlag: ['-exec', '-execdir', '-ok', '-okdir'],
          flagValue: { flags: ['-exec', '-execdir', '-ok', '-okdir'], test: re(/(^|\/)(rm|unlink|shred)$/) },
        },
      ],
    },
    examples: [
      "find . -name '*.ts' -exec rm {} \\;",
      'find . -name "*.py" -delete',
      "find . -iname '*.go' -exec rm -f {} +",
      "find . -name '*.ts' -exec /bin/rm -f {} +",
      "find . -name '*.ts' -exec env rm {} +",
    ],
    counterExamples: [
      "find . -name '*.pyc' -delete",
      "find . -name '*.orig' -exec rm {} +",
      "find dist -name '*.js' -delete",
      "find . -name '*.ts'",
    ],
  },
  {
    id: 'delete.find-filtered',
    category: 'delete',
    tier: 'medium',
    reason: 'find -delete removes the files matching its filter',
    match: { program: ['find'], anyFlag: ['-delete'] },
    examples: ['find . -name "*.pyc" -delete', 'find . -type d -name __pycache__ -delete'],
    counterExamples: ['find . -name "*.pyc"'],
  },
  {
    id: 'delete.find-temp',
    category: 'delete',
    tier: 'medium',
    reason:
      'find -delete below the temp directory (whether the path is really a temp directory is a runtime fact, checked by the context)',
    match: { program: ['find'], anyFlag: ['-delete'], everyOperand: path('temp') },
    examples: ['find /tmp/scratch -delete', 'find "$TMPDIR/build" -type f -delete'],
    counterExamples: ['find /tmp -delete', 'find . -delete'],
  },
  {
    id: 'delete.find-unnamed',
    category: 'delete',
    tier: 'high',
    reason:
      'find -delete chooses files only by age, size or owner: every file of the tree that qualifies goes, source and data included',
    match: {
      program: ['find'],
      anyFlag: ['-delete'],
      flags: [
        [
          '-mtime',
          '-atime',
          '-ctime',
          '-mmin',
          '-amin',
          '-cmin',
          '-size',
          '-newer',
          '-user',
          '-uid',
          '-group',
          '-perm',
        ],
      ],
      noneOf: [{ everyOperand: path('temp') }],
      noFlag: [
        '-name',
        '-iname',
        '-path',
        '-ipath',
        '-wholename',
        '-iwholename',
        '-regex',
        '-iregex',
        '-empty',
        '-lname',
        '-ilname',
      ],
    },
    examples: ['find . -mtime +30 -delete', 'find ./data -type f -size +100M -delete'],
    counterExamples: [
      'find . -name "*.log" -mtime +7 -delete',
      'find . -type d -empty -delete',
      'find tmp -mtime +1 -print',
    ],
  },
  {
    id: 'delete.git-clean',
    category: 'delete',
    tier: 'high',
    reason: 'git clean deletes untracked files, which git cannot restore',
    match: { program: ['git'], sub: [['clean']], anyFlag: [...FORCE, '-x', '-X', '-d'] },
    examples: ['git clean -fdx', 'git clean -f', 'git clean --force -d'],
    counterExamples: ['git clean -n', 'git status'],
  },
  {
    id: 'delete.secure-erase',
    category: 'disk',
    tier: 'high',
    reason: 'Overwrites file contents so they cannot be recovered',
    match: { program: ['shred', 'srm', 'wipe'], operand: not(path('disk-device', 'root', 'home', 'system')) },
    examples: ['shred -u secret.txt', 'shred notes.md'],
    counterExamples: ['rm notes.md'],
  },
  {
    id: 'delete.secure-erase-wide',
    category: 'disk',
    tier: 'critical',
    reason: 'Overwrites a disk device, the home directory or system files beyond recovery',
    match: { program: ['shred', 'srm', 'wipe'], operand: path('disk-device', 'root', 'home', 'system') },
    examples: ['shred -n 3 /dev/sda', 'srm -r ~'],
    counterExamples: ['shred a.txt'],
    weight: 18,
  },
];
