/** Ordinary local writes (low), and moves or copies that reach outside the working tree. */
import type { RiskRule } from '../rule.js';
import { all, any, not, path, re } from '../dsl.js';

const TARS = ['tar', 'gtar', 'bsdtar'];
const EXTRACT = ['-x', '--extract', '--get'];
/** Where an extracted archive overwrites what the machine or the user cannot do without. */
const EXTRACT_TARGET = path('root', 'system', 'home', 'os-file', 'secret', 'persistence');

/** The root, a system directory or the operating system's files, but not the temp directory. */
const SYSTEM_TARGET = all(
  path('os-file', 'system', 'root'),
  not(re(/^\/(private\/)?(var\/)?tmp\/?$/)),
  // Where software is installed by hand (`cp -R src /opt/app`): outside the tree, not the OS's own.
  not(re(/^\/(opt|srv|usr\/local)\/./)),
);

/** A shared library or the dynamic loader in the system's own library directories (not /usr/local). */
const SYSTEM_LIBRARY_TEXT =
  '\\/(usr\\/)?lib(32|64|x32)?\\/([\\w.+-]+\\/)*(ld-[\\w.-]*\\.so[\\w.]*|lib[\\w.+-]*\\.so(\\.[\\w.]+)?)$';
const SYSTEM_LIBRARY = re(new RegExp(`^${SYSTEM_LIBRARY_TEXT}`));

export const localWriteRules: RiskRule[] = [
  {
    id: 'write.local',
    category: 'local-write',
    tier: 'low',
    reason: 'Creates, copies, moves or edits files locally',
    match: {
      anyOf: [
        {
          program: [
            'mkdir',
            'touch',
            'cp',
            'mv',
            'ln',
            'tee',
            'install',
            'patch',
            'unzip',
            'gunzip',
            'gzip',
            'bunzip2',
            'bzip2',
            'xz',
            'unxz',
            'zip',
            'tar',
            '7z',
            'rename',
            'split',
            'csplit',
            'sponge',
            'dos2unix',
            'unix2dos',
            'mktemp',
            'code',
            'subl',
            'convert',
            'ffmpeg',
            'magick',
            'pandoc',
            'openssl',
            'ssh-keygen',
            'virtualenv',
            'pyenv',
            'nvm',
            'rbenv',
            'rustup',
            'asdf',
            'direnv',
            'corepack',
            // Writes a line to the system log.
            'logger',
          ],
        },
        { program: ['sed', 'perl', 'ruby'], anyFlag: ['-i', '--in-place', '-pi'] },
        { program: ['sort'], anyFlag: ['-o', '--output'] },
        { program: ['git'], sub: [['apply', 'am']] },
      ],
    },
    examples: [
      'mkdir -p build',
      'touch a.txt',
      'cp a.txt b.txt',
      'mv old.ts new.ts',
      "sed -i 's/a/b/' f.txt",
      'tar -xzf x.tar.gz',
      'tee out.log',
    ],
    counterExamples: ['ls', 'cat a.txt', 'tar -tzf x.tgz'],
    unless: ['read.archive-list', 'read.system-check'],
  },
  {
    id: 'write.move-wide',
    category: 'delete',
    tier: 'critical',
    reason: 'Moves the root, a system directory or the home directory away, or overwrites it',
    match: {
      program: ['mv'],
      anyOf: [{ sourceOperand: path('root', 'system', 'home', 'cwd') }, { lastOperand: path('null-device') }],
    },
    examples: ['mv ~ /tmp/x', 'mv /etc /tmp/etc'],
    counterExamples: ['mv a b'],
    weight: 17,
  },
  {
    id: 'write.move-out-of-place',
    category: 'local-write',
    tier: 'medium',
    reason:
      'Moves files that live outside the working tree (the home directory or elsewhere on the machine): they are gone from where their owner keeps them',
    match: {
      program: ['mv'],
      sourceOperand: all(path('home-path', 'absolute'), not(path('temp', 'regenerable'))),
    },
    examples: ['mv ~/Documents/a/b /tmp/x', 'mv /srv/app/config.yml ./config.yml', 'mv ~/notes.md old/'],
    counterExamples: ['mv a b', 'mv /tmp/build.log logs/', 'mv src/a.ts src/b.ts'],
  },
  {
    id: 'write.system-library',
    category: 'disk',
    tier: 'critical',
    reason:
      'Replaces a shared library of the operating system (libc, the dynamic loader, …): every program that loads it breaks or runs the new code',
    match: {
      anyOf: [
        { program: ['cp', 'mv', 'ln', 'install', 'tee', 'rsync', 'dd'], lastOperand: SYSTEM_LIBRARY },
        { program: ['dd'], operand: re(new RegExp(`^of=${SYSTEM_LIBRARY_TEXT}`)) },
        { redirect: { write: true, target: SYSTEM_LIBRARY } },
      ],
    },
    examples: [
      'cp -f ./patched/libc.so.6 /lib/x86_64-linux-gnu/libc.so.6',
      'sudo ln -sf /tmp/evil.so /usr/lib/x86_64-linux-gnu/libssl.so.3',
      'cat x.so > /lib64/ld-linux-x86-64.so.2',
    ],
    counterExamples: [
      'cp /lib/x86_64-linux-gnu/libc.so.6 /tmp/',
      'cp build/libfoo.so /usr/local/lib/libfoo.so',
      'ls /usr/lib/x86_64-linux-gnu/',
    ],
    weight: 15,
  },
  {
    id: 'write.overwrite-system',
    category: 'disk',
    tier: 'high',
    reason:
      "Copies, moves or links files into the root directory or the operating system's own configuration or programs",
    match: {
      program: ['cp', 'mv', 'ln', 'install', 'tee', 'rsync'],
      anyOf: [
        { lastOperand: SYSTEM_TARGET },
        // The destination given as an option (`mv -t /etc f`, `cp --target-directory=/usr/bin x`).
        { flagValue: { flags: ['-t', '--target-directory'], test: SYSTEM_TARGET } },
      ],
    },
    examples: [
      'mv -t /etc ~/Documents/a',
      'cp -r build/* /',
      'cp sshd_config /etc/ssh/sshd_config',
      'ln -sf /tmp/x /usr/bin/python3',
      'tee /etc/sudoers.d/agent',
    ],
    counterExamples: ['cp tool /usr/local/bin/tool', 'cp a b', 'cp -R src /opt/app'],
  },
  {
    id: 'write.overwrite-outside',
    category: 'local-write',
    tier: 'medium',
    reason: 'Copies or moves files into a place outside the working tree',
    match: {
      program: ['cp', 'mv', 'ln', 'install', 'tee', 'rsync'],
      lastOperand: any(path('absolute', 'home-path', 'home', 'system', 'root'), not(re(/./))),
    },
    examples: ['cp tool /usr/local/bin/tool', 'mv config.yml ~/.config/app/config.yml'],
    counterExamples: ['cp a.txt b.txt', 'cp a /tmp/a'],
  },
  {
    id: 'write.extract-system',
    category: 'disk',
    tier: 'high',
    reason:
      "Extracts an archive over the root, the operating system's files, the home directory or its keys and start-up files: whatever the archive holds replaces what is there",
    match: {
      anyOf: [
        {
          program: TARS,
          anyFlag: EXTRACT,
          flagValue: { flags: ['-C', '--directory'], test: EXTRACT_TARGET },
        },
        { program: TARS, flags: [EXTRACT, ['-P', '--absolute-names']] },
        { program: ['unzip'], flagValue: { flags: ['-d'], test: EXTRACT_TARGET } },
        {
          program: ['7z', '7za', '7zz'],
          sub: [['x', 'e']],
          flagName: re(
            /^-o(\/(etc|usr|bin|sbin|lib\w*|boot|root|var|opt)?\/?$|~\/?$|~\/\.(ssh|gnupg|aws|config|bashrc|zshrc|profile)\b)/,
          ),
        },
      ],
    },
    examples: [
      'tar -xzf backup.tgz -C /',
      'tar -xf dotfiles.tar -C ~',
      'tar -xPf payload.tar',
      'unzip -o payload.zip -d /etc',
      'tar --extract --file=x.tar --directory=/usr',
    ],
    counterExamples: [
      'tar -xzf release.tar.gz -C /tmp/release',
      'tar -czf backup.tgz -C / etc',
      'unzip a.zip -d build',
      'tar -xzf a.tgz',
    ],
  },
  {
    id: 'write.extract-absolute',
    category: 'local-write',
    tier: 'medium',
    reason:
      'Extracts a cpio archive, which writes absolute member names where they point (anywhere on the machine)',
    match: {
      program: ['cpio'],
      anyFlag: ['-i', '--extract'],
      noFlag: ['--no-absolute-filenames', '-t', '--list'],
    },
    examples: ['cpio -idmv < archive.cpio'],
    counterExamples: ['cpio -it < archive.cpio', 'cpio -idmv --no-absolute-filenames < a.cpio'],
  },
];
