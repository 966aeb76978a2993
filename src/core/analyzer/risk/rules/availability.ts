/** Availability: killing processes, shutting down, firewall and network changes. */
import type { RiskRule } from '../rule.js';
import { eq, re } from '../dsl.js';

const SIGNAL_FLAGS = [
  '-9',
  '-KILL',
  '-SIGKILL',
  '-15',
  '-TERM',
  '-SIGTERM',
  '-s',
  '-n',
  '-2',
  '-INT',
  '-HUP',
  '-1',
];

export const availabilityRules: RiskRule[] = [
  {
    id: 'avail.kill-all',
    category: 'availability',
    tier: 'critical',
    reason: 'Kills init (PID 1) or every process the user can signal (PID -1), bringing the system down',
    match: {
      program: ['kill'],
      anyOf: [{ operand: eq('1', '-1') }, { flags: [['-1'], SIGNAL_FLAGS.filter((f) => f !== '-1')] }],
    },
    examples: ['kill -9 1', 'kill -KILL -1', 'kill -9 -1', 'kill 1', 'kill -s KILL -- -1'],
    counterExamples: ['kill 12345', 'kill -9 4321', 'kill -1 4321'],
    weight: 18,
  },
  {
    id: 'avail.kill',
    category: 'availability',
    tier: 'medium',
    reason: 'Stops processes',
    match: {
      program: ['kill', 'pkill', 'killall', 'xkill', 'fuser'],
      noneOf: [
        { program: ['kill'], anyFlag: ['-l', '-L'] },
        { program: ['fuser'], noFlag: ['-k'] },
      ],
    },
    examples: ['kill 12345', 'pkill -f "node server.js"', 'killall node'],
    counterExamples: ['kill -l', 'ps aux'],
  },
  {
    id: 'avail.kill-service',
    category: 'availability',
    tier: 'high',
    reason: 'Kills a database, web server or system service by name: every instance of it goes down',
    match: {
      program: ['pkill', 'killall'],
      operand: re(
        /^(postgres|postmaster|mysqld|mariadbd|mongod|redis-server|memcached|elasticsearch|java|nginx|httpd|apache2|dockerd|containerd|kubelet|sshd|systemd|init|etcd|rabbitmq-server|beam\.smp|kafka|zookeeper|clickhouse-server|haproxy|envoy|caddy|php-fpm|gunicorn|uwsgi|supervisord|cron|crond)$/,
      ),
    },
    examples: ['killall -9 postgres', 'pkill mysqld', 'killall nginx', 'pkill -9 dockerd'],
    counterExamples: ['pkill -f "node server.js"', 'killall node'],
  },
  {
    id: 'avail.kill-wide',
    category: 'availability',
    tier: 'high',
    reason: 'Kills every process of a user, or processes matching a very broad pattern',
    match: {
      anyOf: [
        { program: ['pkill', 'killall'], anyFlag: ['-u', '--user'] },
        { program: ['pkill'], operand: re(/^(\.|\.\*|\w)$/) },
        { program: ['killall5'] },
        { program: ['kill'], operand: re(/^-\d+$/) },
      ],
    },
    examples: ['pkill -u me', 'pkill -f .', 'killall5 -9'],
    counterExamples: ['pkill -f "node server.js"'],
  },
  {
    id: 'avail.kill-system',
    category: 'availability',
    tier: 'critical',
    reason:
      "Kills every process of root or of the system's own accounts: the machine's services and sessions go down",
    match: {
      program: ['pkill', 'killall', 'slay'],
      flagValue: { flags: ['-u', '--user', '-U', '--uid'], test: re(/^(root|0|(.*,)?(root|0)(,.*)?)$/) },
    },
    examples: ['pkill -u root', 'killall -9 -u root', 'pkill -9 -U 0'],
    counterExamples: ['pkill -u me', 'pkill -u me node'],
    weight: 18,
  },
  {
    id: 'avail.shutdown',
    category: 'availability',
    tier: 'critical',
    reason: 'Shuts down, reboots or halts the machine',
    match: {
      anyOf: [
        { program: ['shutdown', 'reboot', 'halt', 'poweroff'], noFlag: ['-c', '--help'] },
        { program: ['init', 'telinit'], operand: eq('0', '6') },
        {
          program: ['systemctl'],
          sub: [['reboot', 'poweroff', 'halt', 'kexec', 'emergency', 'rescue', 'soft-reboot']],
        },
      ],
    },
    examples: ['shutdown -h now', 'reboot', 'sudo poweroff', 'systemctl reboot', 'init 0'],
    counterExamples: ['shutdown -c', 'uptime'],
    weight: 15,
  },
  {
    id: 'avail.service-control',
    category: 'availability',
    tier: 'high',
    reason: 'Starts, stops or restarts a system service',
    match: {
      anyOf: [
        {
          program: ['systemctl'],
          sub: [
            [
              'start',
              'stop',
              'restart',
              'reload',
              'try-restart',
              'reload-or-restart',
              'kill',
              'isolate',
              'suspend',
              'hibernate',
            ],
          ],
          noFlag: ['--user'],
        },
        { program: ['service'], operand: eq('start', 'stop', 'restart', 'reload', 'force-reload') },
        { program: ['launchctl'], sub: [['kickstart', 'kill', 'stop', 'start']] },
      ],
    },
    examples: ['systemctl restart nginx', 'service postgresql stop'],
    counterExamples: ['systemctl status nginx', 'systemctl --user restart pipewire'],
  },
  {
    id: 'avail.user-service-control',
    category: 'availability',
    tier: 'medium',
    reason: "Starts, stops or restarts one of the user's own services (systemctl --user)",
    match: {
      program: ['systemctl'],
      anyFlag: ['--user'],
      sub: [['start', 'stop', 'restart', 'reload', 'try-restart', 'reload-or-restart', 'kill']],
    },
    examples: ['systemctl --user restart pipewire', 'systemctl --user stop syncthing'],
    counterExamples: ['systemctl --user status pipewire', 'systemctl restart nginx'],
  },
  {
    id: 'avail.firewall',
    category: 'availability',
    tier: 'high',
    reason: 'Changes firewall rules, routes or network interfaces',
    match: {
      anyOf: [
        {
          program: ['iptables', 'ip6tables', 'nft', 'ufw', 'firewall-cmd', 'pfctl'],
          noFlag: ['-L', '--list', '-S', '--list-rules', 'status'],
          noneOf: [{ operand: eq('status', 'list', 'show') }],
        },
        // A listing option beside a changing one does not make the change a listing.
        {
          program: ['iptables', 'ip6tables'],
          anyFlag: [
            '-A',
            '--append',
            '-D',
            '--delete',
            '-I',
            '--insert',
            '-R',
            '--replace',
            '-F',
            '--flush',
            '-Z',
            '--zero',
            '-N',
            '--new-chain',
            '-X',
            '--delete-chain',
            '-P',
            '--policy',
            '-E',
            '--rename-chain',
          ],
        },
        {
          program: ['ip', 'route', 'ifconfig'],
          operand: re(/^(add|del|delete|set|flush|change|replace|down|up)$/),
        },
        { program: ['nmcli'], operand: eq('down', 'delete', 'off', 'modify') },
        // Traffic control: a netem rule can drop, delay or corrupt every packet.
        { program: ['tc'], operand: eq('add', 'del', 'delete', 'change', 'replace', 'flush') },
        { program: ['ifdown', 'iptables-restore', 'ip6tables-restore', 'ebtables', 'arptables'] },
        // macOS: turning an interface or service off, or removing one.
        {
          program: ['networksetup'],
          flagName: re(
            /^-(setairportpower|setnetworkserviceenabled|setv[46]off|removenetworkservice|deletelocation|setmanual|setdhcp)$/i,
          ),
        },
        { program: ['wg-quick'], sub: [['down']] },
        {
          program: ['ethtool'],
          anyFlag: [
            '-s',
            '--change',
            '-K',
            '--features',
            '--offload',
            '-A',
            '--pause',
            '-G',
            '--set-ring',
            '-L',
            '--set-channels',
            '-E',
            '--change-eeprom',
            '-f',
            '--flash',
          ],
        },
      ],
    },
    examples: [
      'iptables -F',
      'iptables -L -F',
      'ufw disable',
      'ip link set eth0 down',
      'tc qdisc add dev eth0 root netem loss 100%',
      'ifdown eth0',
      'iptables-restore < rules.v4',
      'networksetup -setairportpower en0 off',
      'ethtool -s eth0 speed 10 autoneg off',
    ],
    counterExamples: [
      'iptables -L',
      'iptables -L -n -v',
      'ip addr',
      'tc qdisc show dev eth0',
      'ethtool eth0',
      'wg-quick up wg0',
    ],
  },
  {
    id: 'avail.kernel-settings',
    category: 'availability',
    tier: 'high',
    reason:
      "Changes the running kernel's settings (networking, memory, security switches) for every process on the machine",
    match: {
      anyOf: [
        { program: ['sysctl'], anyFlag: ['-w', '--write', '-p', '--load', '--system'] },
        { program: ['sysctl'], operand: re(/^[\w./-]+=/) },
        { redirect: { write: true, target: re(/^\/proc\/sys\//) } },
        { program: ['tee'], operand: re(/^\/proc\/sys\//) },
      ],
    },
    examples: [
      'sysctl -w net.ipv4.ip_forward=1',
      'sysctl kernel.panic=1',
      'sudo sysctl -p',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      'echo 0 | sudo tee /proc/sys/kernel/randomize_va_space',
    ],
    counterExamples: ['sysctl -a', 'sysctl net.ipv4.ip_forward', 'cat /proc/sys/net/ipv4/ip_forward'],
  },
  {
    id: 'avail.endless-fill',
    category: 'availability',
    tier: 'high',
    reason:
      'Loops forever creating files, writing output to files or starting background processes: it fills the disk or the process table until something stops it',
    match: {
      placement: ['endless-loop-body'],
      anyOf: [
        {
          program: [
            'mkdir',
            'touch',
            'cp',
            'dd',
            'fallocate',
            'tee',
            'ln',
            'mktemp',
            'truncate',
            'split',
            'head',
            'base64',
          ],
          redirect: { write: true },
        },
        { program: ['mkdir', 'touch', 'cp', 'dd', 'fallocate', 'tee', 'ln', 'mktemp', 'truncate', 'split'] },
        { redirect: { write: true, ops: ['>>', '&>>'] } },
        { redirect: { write: true, target: re(/\$/) } },
        { placement: ['background'] },
      ],
    },
    examples: [
      'while true; do mkdir -p "x$RANDOM"; done',
      'while :; do cat /dev/urandom >> big.bin; done',
      'while true; do sleep 1 & done',
      'until false; do touch "f$RANDOM"; done',
    ],
    counterExamples: [
      'while true; do kubectl get pods; sleep 5; done',
      'while true; do curl -s localhost:3000/health && break; sleep 1; done',
      'for i in 1 2 3; do mkdir d$i; done',
      'while read -r f; do touch "$f"; done < list.txt',
    ],
  },
];
