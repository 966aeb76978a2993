/** Programs that only read: listing, viewing, searching, system information. */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

// prettier-ignore
export const READ_ONLY_PROGRAMS = [
  'ls', 'll', 'la', 'dir', 'cat', 'head', 'tail', 'less', 'more', 'wc', 'file', 'stat', 'du', 'df', 'tree', 'pwd',
  'echo', 'printf', 'which', 'whereis', 'type', 'date', 'whoami', 'id', 'uname', 'hostname', 'uptime', 'ps', 'pgrep',
  'free', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'fd', 'fdfind', 'find', 'locate', 'diff', 'cmp', 'comm',
  'sort', 'uniq', 'cut', 'tr', 'jq', 'yq', 'column', 'nl', 'realpath', 'dirname', 'basename', 'readlink', 'bat',
  'batcat', 'true', 'false', 'test', '[', '[[', 'sleep', 'seq', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum',
  'shasum', 'cksum', 'b2sum', 'xxd', 'od', 'hexdump', 'strings', 'man', 'tldr', 'info', 'help', 'cd', 'pushd', 'popd',
  'dirs', 'tput', 'clear', 'fold', 'fmt', 'expand', 'unexpand', 'paste', 'join', 'tac', 'rev', 'base64', 'base32',
  'zcat', 'bzcat', 'xzcat', 'zgrep', 'zless', 'lsblk', 'lscpu', 'lsusb', 'lspci', 'nproc', 'arch', 'locale', 'tty',
  'cal', 'bc', 'expr', 'groups', 'who', 'w', 'last', 'dmesg', 'getconf', 'command', 'hash', 'jobs', 'wait', 'exit',
  'return', 'shift', 'local', 'declare', 'typeset', 'readonly', 'export', 'unset', 'set', 'shopt', 'alias', 'unalias',
  'read', 'mapfile', 'getopts', 'let', 'htop', 'top', 'vmstat', 'iostat', 'mpstat', 'sar', 'journalctl', 'sw_vers',
  'system_profiler', 'sysctl', 'ulimit', 'umask', 'times', 'trap', 'break', 'continue', ':', 'awk', 'gawk', 'mawk',
  'sed', 'tokei', 'cloc', 'scc', 'exa', 'eza', 'lsd', 'delta', 'difft', 'colordiff', 'sdiff', 'glow', 'mdcat',
  'identify', 'exiftool', 'pdfinfo', 'pdftotext', 'ffprobe', 'mediainfo', 'lsattr', 'getfacl', 'namei', 'findmnt',
  'blkid', 'stty', 'yes', 'fc-list', 'printenv', 'numfmt', 'shuf', 'look', 'zipinfo', 'nm', 'objdump', 'readelf',
  'ldd', 'otool', 'size', 'addr2line', 'c++filt', 'column', 'pr', 'iconv', 'uuidgen', 'mktemp', 'systemd-analyze',
  'timedatectl', 'hostnamectl', 'loginctl', 'ncdu', 'pstree', 'pidof', 'fuser', 'logname',
];

export const readOnlyRules: RiskRule[] = [
  {
    id: 'read.files',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads, lists, searches or prints; changes nothing',
    match: { program: READ_ONLY_PROGRAMS },
    examples: [
      'ls -la',
      'cat package.json',
      'grep -rn TODO src',
      'rg TODO',
      'sed -n 1,20p f',
      'head -50 README.md',
      'find . -name "*.ts"',
      'wc -l src/*.ts',
      'jq .version package.json',
    ],
    counterExamples: ['rm -rf x', 'npm install'],
  },
  {
    // The loop's header: `for f in *.py` names a variable and the words it takes in turn; the
    // body's commands (and any substitution in the list) are judged on their own.
    id: 'info.loop',
    category: 'read-only',
    tier: 'safe',
    reason: 'Loops over a list of words (the commands it runs are judged on their own)',
    match: { program: ['for', 'select'] },
    examples: ['for f in src/*.py; do head -5 "$f"; done', 'for i in 1 2 3; do echo $i; done'],
    counterExamples: ['forge build'],
  },
  {
    // Calling a function the same text defined: its body was judged where it is defined.
    id: 'info.function-call',
    category: 'read-only',
    tier: 'safe',
    scope: 'fallback',
    reason: 'Calls a function defined above (its body is judged where it is defined)',
    match: { finding: ['shell.function-call'] },
    examples: ['loc() { wc -l "$@"; }; loc lib/*.rb', 'greet() { echo hi; }; greet'],
    counterExamples: ['greet'],
  },
  {
    // Configuration checks and status listings of system tools: they parse or report, change nothing.
    id: 'read.system-check',
    category: 'read-only',
    tier: 'safe',
    reason: "Checks a configuration's syntax or lists a system tool's state; changes nothing",
    match: {
      anyOf: [
        { program: ['visudo'], anyFlag: ['-c', '--check'] },
        { program: ['sshd'], anyFlag: ['-t', '-T'] },
        { program: ['nginx'], anyFlag: ['-t', '-T'] },
        { program: ['apachectl', 'apache2ctl'], sub: [['configtest', '-t']] },
        { program: ['logrotate'], anyFlag: ['-d', '--debug'] },
        { program: ['zfs', 'zpool'], sub: [['list', 'get', 'status', 'iostat', 'history', 'events']] },
        {
          program: ['nmcli'],
          noneOf: [
            {
              anyWord: re(
                /^(add|modify|delete|del|up|down|connect|disconnect|reload|import|set|on|off|rescan)$/,
              ),
            },
          ],
        },
        { program: ['7z', '7za', '7zz'], sub: [['l', 't']] },
        { program: ['systemd-analyze'] },
        // Titles and ids of a password manager's items, not their values.
        {
          program: ['op'],
          sub: [
            ['item', 'document', 'vault'],
            ['list', 'ls'],
          ],
          noFlag: ['--reveal'],
        },
        // An archive's table of contents.
        { program: ['pg_restore'], anyFlag: ['-l', '--list'], noFlag: ['-d', '--dbname'] },
      ],
    },
    examples: [
      'visudo -cf /etc/sudoers.d/deploy',
      'sshd -t -f /etc/ssh/sshd_config',
      'nginx -t',
      'logrotate -d /etc/logrotate.d/nginx',
      'zfs list -t snapshot',
      'nmcli -t -f NAME,DEVICE connection show --active',
      '7z l backups/site.7z',
    ],
    counterExamples: ['visudo', 'nmcli connection delete office', '7z x a.7z', 'zfs destroy tank/x'],
  },
  {
    id: 'read.archive-list',
    category: 'read-only',
    tier: 'safe',
    reason: 'Lists or tests an archive without extracting it',
    match: {
      anyOf: [
        { program: ['tar'], anyFlag: ['-t', '--list'] },
        { program: ['unzip'], anyFlag: ['-l', '-t', '-v', '-Z'] },
        { program: ['gzip', 'gunzip', 'xz', 'bzip2'], anyFlag: ['-l', '-t', '--list', '--test'] },
      ],
    },
    examples: ['tar -tzf x.tar.gz', 'unzip -l x.zip'],
    counterExamples: ['tar -xzf x.tar.gz'],
  },
  {
    id: 'read.services',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads service status',
    match: {
      anyOf: [
        {
          program: ['systemctl'],
          sub: [
            [
              'status',
              'list-units',
              'list-unit-files',
              'list-timers',
              'is-active',
              'is-enabled',
              'is-failed',
              'show',
              'cat',
              'list-dependencies',
              'list-sockets',
            ],
          ],
        },
        { program: ['systemctl'], maxOperands: 0 },
        { program: ['launchctl'], sub: [['list', 'print', 'print-disabled', 'blame']] },
        { program: ['service'], anyFlag: ['--status-all'] },
        { program: ['service'], operand: { kind: 'equals', values: ['status'] } },
        { program: ['crontab'], anyFlag: ['-l'] },
        { program: ['fdisk', 'parted'], anyFlag: ['-l', '--list'] },
        { program: ['diskutil'], sub: [['list', 'info', 'verifyVolume']] },
        { program: ['mount'], maxOperands: 0, noFlag: ['-a'] },
      ],
    },
    examples: ['systemctl status nginx', 'crontab -l', 'launchctl list', 'mount'],
    counterExamples: ['systemctl restart nginx', 'crontab -r'],
  },
  {
    id: 'read.data-stores',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads keys, members or table metadata of a data store',
    match: {
      anyOf: [
        { program: ['etcdctl'], sub: [['version', 'check']] },
        {
          program: ['etcdctl'],
          sub: [
            ['member', 'endpoint', 'alarm', 'user', 'role'],
            ['list', 'status', 'health', 'hashkv', 'get'],
          ],
        },
        { program: ['consul'], sub: [['members', 'info', 'version', 'catalog', 'monitor']] },
        { program: ['bq'], sub: [['ls', 'show', 'head', 'version', 'wait']] },
      ],
    },
    examples: ['etcdctl member list', 'etcdctl endpoint health', 'consul members', 'bq ls proj:analytics'],
    // etcd and Consul values can be secrets (Kubernetes keeps its Secrets in etcd): reading them is not safe.
    counterExamples: ['etcdctl del /a', 'etcdctl get /registry --prefix', 'bq rm -t proj:d.t'],
  },
  {
    id: 'read.system-state',
    category: 'read-only',
    tier: 'safe',
    reason: 'Shows accounts, firewall rules or virtual machines; changes nothing',
    match: {
      anyOf: [
        { program: ['getent', 'iptables-save', 'ip6tables-save', 'nft-list'] },
        {
          program: ['iptables', 'ip6tables'],
          anyFlag: ['-L', '--list', '-S', '--list-rules'],
          noFlag: ['-F', '-X', '-Z', '-D', '-A', '-I', '-P', '-N', '-R'],
        },
        { program: ['nft'], sub: [['list']] },
        { program: ['ufw'], sub: [['status']] },
        {
          program: ['firewall-cmd'],
          anyFlag: ['--list-all', '--list-services', '--list-ports', '--state', '--get-active-zones'],
          noFlag: [
            '--add-service',
            '--remove-service',
            '--add-port',
            '--remove-port',
            '--permanent',
            '--reload',
          ],
        },
        {
          program: ['virsh'],
          sub: [
            [
              'list',
              'dominfo',
              'domstate',
              'domblklist',
              'net-list',
              'pool-list',
              'vol-list',
              'version',
              'nodeinfo',
              'dumpxml',
            ],
          ],
        },
        { program: ['vagrant'], sub: [['status', 'global-status', 'version', 'ssh-config']] },
        { program: ['lxc', 'incus', 'multipass', 'limactl'], sub: [['list', 'ls', 'info']] },
        { program: ['colima'], sub: [['status', 'list', 'version']] },
        { program: ['vboxmanage'], sub: [['list', 'showvminfo']] },
      ],
    },
    examples: [
      'getent passwd',
      'iptables -L -n -v',
      'nft list ruleset',
      'virsh list --all',
      'vagrant status',
      'ufw status verbose',
      'multipass list',
    ],
    counterExamples: ['iptables -F', 'iptables -L -F', 'virsh destroy vm1', 'vagrant destroy -f'],
  },
];
