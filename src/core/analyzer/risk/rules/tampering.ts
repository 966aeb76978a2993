/**
 * Covering tracks and breaking things quietly: clearing or redirecting shell history, truncating
 * database and log files, deleting the agent's own settings or instructions, and shells started
 * from inside another program (an escape from whatever the reviewer approved).
 */
import type { RiskRule } from '../rule.js';
import { all, eq, not, path, re } from '../dsl.js';

const RM = ['rm', 'unlink', 'shred', 'srm', 'remove-item'];
const SHELLS = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'mksh', 'tcsh', 'csh'];
/** Commands that write nothing to stdout: `> f` after them empties f. */
const EMPTY_OUTPUT = [':', 'true', 'false'];
/** Redirects that open a file from its start, dropping what it held. */
const EMPTYING_OPS = ['>', '>|', '&>'];
const NOT_NULL = not(path('null-device'));
const SYSTEM_FILE = all(path('os-file', 'system', 'root', 'disk-device'), NOT_NULL);
/** The system's logs: syslog, auth, journal files, login records. */
const SYSTEM_LOG = re(/^\/var\/log\/./);

export const tamperingRules: RiskRule[] = [
  {
    id: 'tamper.destroy-backups',
    category: 'disk',
    tier: 'critical',
    reason:
      "Deletes the system's shadow copies or backup catalog, or turns off recovery: what ransomware does first",
    match: {
      anyOf: [
        { program: ['vssadmin'], sub: [['delete', 'resize']], anyWord: re(/^shadow/i) },
        { program: ['wmic'], anyWord: re(/^shadowcopy$/i), operand: re(/^delete$/i) },
        { program: ['wbadmin'], sub: [['delete']] },
        { program: ['bcdedit'], anyWord: re(/^(recoveryenabled|bootstatuspolicy)$/i) },
        { program: ['tmutil'], sub: [['delete', 'deletelocalsnapshots', 'disable']] },
      ],
    },
    examples: [
      'vssadmin delete shadows /all /quiet',
      'wmic shadowcopy delete',
      'wbadmin delete catalog -quiet',
      'bcdedit /set {default} recoveryenabled no',
      'tmutil deletelocalsnapshots /',
    ],
    counterExamples: ['vssadmin list shadows', 'tmutil listbackups', 'wbadmin get versions'],
    weight: 18,
  },
  {
    id: 'tamper.disable-security',
    category: 'privilege',
    tier: 'high',
    reason:
      "Turns off one of the machine's security controls (SELinux, AppArmor, the audit daemon, address-space randomisation, macOS SIP or Gatekeeper, Windows Defender)",
    match: {
      anyOf: [
        { program: ['setenforce'], operand: re(/^(0|permissive)$/i) },
        { program: ['aa-teardown'] },
        { program: ['aa-disable', 'aa-complain'] },
        {
          program: ['sysctl'],
          anyWord: re(
            /^(kernel\.randomize_va_space|kernel\.yama\.ptrace_scope|kernel\.kptr_restrict|kernel\.dmesg_restrict|kernel\.modules_disabled|fs\.protected_(symlinks|hardlinks)|kernel\.unprivileged_bpf_disabled)=0$/,
          ),
        },
        { program: ['csrutil'], sub: [['disable']] },
        { program: ['spctl'], anyFlag: ['--master-disable', '--global-disable'] },
        {
          program: ['set-mppreference', 'add-mppreference'],
          anyFlag: [
            '-disablerealtimemonitoring',
            '-disablebehaviormonitoring',
            '-disableioavprotection',
            '-disablescriptscanning',
            '-disableintrusionpreventionsystem',
            '-disablearchivescanning',
            '-disableblockatfirstseen',
            '-exclusionpath',
            '-exclusionprocess',
            '-exclusionextension',
          ],
        },
        {
          program: ['systemctl'],
          sub: [['stop', 'disable', 'mask', 'kill']],
          anyWord: re(
            /^(apparmor|auditd|selinux|firewalld|ufw|falcon-sensor|falco|osqueryd|wazuh-agent|clamav-daemon|fail2ban)(\.service)?$/,
          ),
        },
      ],
    },
    examples: [
      'setenforce 0',
      'sudo setenforce Permissive',
      'aa-teardown',
      'sysctl -w kernel.randomize_va_space=0',
      'csrutil disable',
      'spctl --master-disable',
      'Set-MpPreference -DisableRealtimeMonitoring $true',
      'systemctl stop auditd',
    ],
    counterExamples: [
      'getenforce',
      'setenforce 1',
      'sysctl kernel.randomize_va_space',
      'aa-status',
      'csrutil status',
    ],
  },
  {
    id: 'tamper.clear-event-log',
    category: 'disk',
    tier: 'high',
    reason: "Clears the system's event or audit log: the record of what happened is gone",
    match: {
      anyOf: [
        { program: ['wevtutil'], sub: [['cl', 'clear-log']] },
        { program: ['clear-eventlog'] },
        {
          program: ['journalctl'],
          anyFlag: ['--vacuum-time', '--vacuum-size', '--vacuum-files', '--rotate'],
        },
        { program: ['auditctl'], anyFlag: ['-D'] },
        { program: ['auditctl'], anyFlag: ['-e'], operand: eq('0') },
      ],
    },
    examples: [
      'wevtutil cl Security',
      'Clear-EventLog -LogName Application',
      'journalctl --vacuum-time=1s',
      'auditctl -D',
    ],
    counterExamples: ['wevtutil qe Security /c:5', 'journalctl -u api', 'auditctl -l', 'auditctl -e 1'],
  },
  {
    id: 'history.tamper',
    category: 'persistence',
    tier: 'high',
    reason: 'Clears, truncates or disables shell history (hides what was run)',
    match: {
      anyOf: [
        { program: ['history'], anyFlag: ['-c', '-d', '-w'] },
        { redirect: { write: true, target: path('history') } },
        { program: ['ln', 'cp', 'mv', 'truncate', 'tee', 'install'], lastOperand: path('history') },
        { program: ['truncate'], operand: path('history') },
        {
          program: ['export', 'declare', 'typeset'],
          operand: re(/^(HISTFILE=(\/dev\/null|)|HISTSIZE=0|HISTFILESIZE=0|SAVEHIST=0)$/),
        },
        { assignment: { names: ['HISTFILE'], value: re(/^(\/dev\/null|)$/) } },
        { program: ['set'], operand: eq('history'), anyFlag: ['+o'] },
      ],
    },
    examples: [
      'history -c',
      'cat /dev/null > ~/.bash_history',
      '> ~/.zsh_history',
      'ln -sf /dev/null ~/.bash_history',
      'export HISTFILE=/dev/null',
      'export HISTSIZE=0',
    ],
    counterExamples: ['history', 'echo x >> notes.txt', 'export HISTSIZE=10000'],
  },
  {
    id: 'history.stop',
    category: 'persistence',
    tier: 'medium',
    reason: 'Stops this shell from recording its history',
    match: { program: ['unset'], operand: eq('HISTFILE') },
    examples: ['unset HISTFILE'],
    counterExamples: ['unset FOO'],
  },
  {
    id: 'disk.clobber-data',
    category: 'disk',
    tier: 'high',
    reason: 'Overwrites or empties a database or data file',
    match: {
      anyOf: [
        { redirect: { write: true, ops: ['>', '>|', '&>'], target: path('data-file') } },
        {
          program: ['cp', 'mv', 'dd', 'install'],
          sourceOperand: re(/^\/dev\/(null|zero|u?random)$/),
          lastOperand: path('data-file'),
        },
        { program: ['clear-content', 'clc'], operand: path('data-file') },
        // Written over from the start (a file opened with mode 'w' in code is `tee FILE`).
        { program: ['tee', 'truncate'], operand: path('data-file'), noFlag: ['-a', '--append'] },
        // dd writing into one (`dd if=/dev/zero of=app.sqlite bs=1k count=1 conv=notrunc` corrupts it).
        { program: ['dd'], operand: { kind: 'path', classes: ['data-file'], strip: /^of=/ } },
      ],
    },
    examples: [
      ': > data/prod.sqlite3',
      'cp /dev/null production.db',
      'echo x > app.db',
      'tee data/raw/run42.h5',
      'dd if=/dev/zero of=data/app.sqlite bs=1k count=1 conv=notrunc',
    ],
    counterExamples: ['cp app.db backup.db', 'sqlite3 app.db .tables', 'echo x >> notes.txt'],
  },
  {
    id: 'tamper.truncate-system-log',
    category: 'disk',
    tier: 'high',
    reason:
      "Empties the system's own logs (under /var/log): the record of what happened on the machine is gone",
    match: {
      anyOf: [
        // Any output written over a system log replaces it (`echo '' > /var/log/auth.log`).
        { redirect: { write: true, ops: ['>', '>|', '&>'], target: SYSTEM_LOG } },
        { program: ['cp', 'install'], sourceOperand: re(/^\/dev\/null$/), lastOperand: SYSTEM_LOG },
        { program: ['truncate', 'shred'], operand: SYSTEM_LOG },
        { program: ['tee'], operand: SYSTEM_LOG, noFlag: ['-a', '--append'] },
      ],
    },
    examples: [
      '> /var/log/syslog',
      ': > /var/log/auth.log',
      'truncate -s 0 /var/log/nginx/access.log',
      'cp /dev/null /var/log/wtmp',
    ],
    counterExamples: ['tail -f /var/log/syslog', '> app.log', 'echo x >> /var/log/app/custom.log'],
  },
  {
    // Every spelling of "make this file empty" is one action, judged like deleting the file
    // (`rm notes.txt`): medium; a database, history, log or system file is judged by its own rule.
    id: 'disk.empty-file',
    category: 'disk',
    tier: 'medium',
    reason: 'Empties a file: what it held is gone (version control may still have it)',
    match: {
      anyOf: [
        { bare: true, redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL } },
        { program: EMPTY_OUTPUT, redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL } },
        {
          program: ['echo'],
          everyOperand: eq(''),
          redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL },
        },
        { program: ['echo'], maxOperands: 0, redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL } },
        {
          program: ['printf'],
          everyOperand: eq(''),
          redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL },
        },
        {
          program: ['cat'],
          everyOperand: eq('/dev/null'),
          redirect: { write: true, ops: EMPTYING_OPS, target: NOT_NULL },
        },
        { program: ['cp', 'install'], sourceOperand: re(/^\/dev\/null$/) },
        { program: ['truncate'], flagValue: { flags: ['-s', '--size'], test: re(/^0+[KMGTPEZY]?$|^-0*$/) } },
      ],
    },
    examples: [
      ': > notes.txt',
      '> results.csv',
      "printf '' > data.log",
      'echo -n > file.txt',
      'cat /dev/null > report.md',
      'cp /dev/null notes.txt',
      'truncate -s 0 notes.txt',
      'true >| out.json',
    ],
    counterExamples: [
      'echo hi > notes.txt',
      ': >> notes.txt',
      'ls > /dev/null',
      "printf 'x' > f",
      'truncate -s 10M disk.img',
    ],
  },
  {
    id: 'disk.empty-system-file',
    category: 'disk',
    tier: 'high',
    reason:
      "Empties a file of the operating system's own tree or a device: what runs or boots from it breaks",
    match: {
      anyOf: [
        { bare: true, redirect: { write: true, ops: EMPTYING_OPS, target: SYSTEM_FILE } },
        {
          program: [...EMPTY_OUTPUT, 'echo', 'printf', 'cat'],
          redirect: { write: true, ops: EMPTYING_OPS, target: SYSTEM_FILE },
        },
        { program: ['cp', 'install'], sourceOperand: re(/^\/dev\/null$/), lastOperand: SYSTEM_FILE },
        { program: ['truncate', 'clear-content', 'clc'], operand: SYSTEM_FILE },
      ],
    },
    examples: [
      'truncate -s 0 /var/lib/mysql/ibdata1',
      'truncate -s 0 /dev/sda',
      ': > /etc/hosts',
      'Clear-Content C:\\Windows\\System32\\drivers\\etc\\hosts',
    ],
    counterExamples: ['truncate -s 0 notes.txt', ': > /tmp/x.log', '> /dev/null', ': > /dev/null'],
  },
  {
    id: 'disk.truncate-log',
    category: 'disk',
    tier: 'medium',
    reason: 'Empties a log file',
    match: {
      anyOf: [
        {
          program: EMPTY_OUTPUT,
          redirect: { write: true, ops: ['>', '>|'], target: path('log-file') },
        },
        { bare: true, redirect: { write: true, ops: ['>', '>|'], target: path('log-file') } },
        { program: ['cp'], sourceOperand: re(/^\/dev\/null$/), lastOperand: path('log-file') },
        { program: ['truncate'], operand: path('log-file') },
      ],
    },
    examples: [': > server.log', '> server.log', 'cp /dev/null app.log'],
    counterExamples: ['npm test > test.log', 'tail -f app.log'],
  },
  {
    id: 'delete.agent-settings',
    category: 'persistence',
    tier: 'high',
    reason:
      "Deletes a file that configures how code runs: the agent's own settings or instructions, shell start-up files, git hooks",
    match: {
      anyOf: [
        { program: RM, operand: path('persistence') },
        // Removed through git: gone from the tree and, once committed, from every clone.
        {
          program: ['git'],
          sub: [['rm']],
          operand: path('persistence'),
          noFlag: ['--cached', '-n', '--dry-run'],
        },
      ],
    },
    examples: [
      'rm -rf .claude',
      'rm ~/.claude/settings.json',
      'rm CLAUDE.md',
      'rm -f .git/hooks/pre-commit',
      'git rm -q .github/hooks/expacti.json',
    ],
    counterExamples: ['rm notes.md', 'rm -rf dist'],
  },
  {
    id: 'exec.shell-escape',
    category: 'execution',
    tier: 'high',
    reason:
      'Starts an interactive shell from inside another program (find, an editor, an interpreter): whatever it then runs is not visible',
    match: {
      program: SHELLS,
      maxOperands: 0,
      noFlag: ['-c', '--version', '--help', '-n'],
      remote: false,
      anyOf: [
        {
          wrapper: [
            'find',
            'xargs',
            'script',
            'expect',
            'awk',
            'gawk',
            'vim',
            'vi',
            'less',
            'man',
            'git',
            'env',
            'busybox',
            'python',
            'python3',
            'node',
            'perl',
            'ruby',
            'php',
            'parallel',
            'flock',
            'nice',
            'timeout',
            'setsid',
            'stdbuf',
            'strace',
            'gdb',
            'watch',
            'tmux',
            'screen',
            'npx',
            'make',
          ],
        },
      ],
      noneOf: [{ stdin: re(/^/) }, { piped: true }],
    },
    examples: [
      'find . -exec /bin/sh \\;',
      'python3 -c \'import pty; pty.spawn("/bin/bash")\'',
      'script -qc /bin/bash /dev/null',
    ],
    counterExamples: ['bash', 'docker exec -it web bash', 'find . -exec sh -c "ls" \\;'],
  },
];
