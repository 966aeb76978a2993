/** Privilege escalation, account changes and permission weakening. */
import type { RiskRule } from '../rule.js';
import { RECURSIVE, any, eq, path, re } from '../dsl.js';

const ESCALATORS = [
  'sudo',
  'doas',
  'su',
  'pkexec',
  'run0',
  'gosu',
  'su-exec',
  'runas',
  'gksudo',
  'gksu',
  'kdesu',
  'kdesudo',
  'beesu',
  'lxsudo',
  'sudo-rs',
  'sudoedit',
];
/** A mode that lets everyone write: octal, or a symbolic clause in a comma list (`u+rwx,g+rwx,o+rwx`). */
const WORLD_WRITABLE = re(
  /^(0?[0-7]?[0-7][0-7][2367]|((?:[ugoa]*[-+=][rwxXst]*,)*)(a\+[rwxX]*w|o\+[rwxX]*w|[ugo]*a?=rwx|\+w|o=rwx?|[ugo]*o[ugo]*[+=][rwxX]*w)[rwxX]*(,[ugoa]*[-+=][rwxXst]*)*)$/,
);
const SETID = re(/^(0?[4267][0-7]{3}|[ugoa]*\+[rwxX]*s[rwxX]*|[ugo]*=[rwx]*s)$/);

/** Files whose contents decide every login, every program start or the kernel's next move. */
const SYSTEM_HIJACK =
  /^\/(private\/)?(etc\/(ld\.so\.preload|pam\.d(\/.*)?|pam\.conf|shadow|passwd|security\/.+|nsswitch\.conf)|proc\/sysrq-trigger|dev\/(mem|kmem|port))$/;
const SYSTEM_HIJACK_WORD = new RegExp(`^(of=)?${SYSTEM_HIJACK.source.slice(1)}`);

export const privilegeRules: RiskRule[] = [
  {
    id: 'priv.trust-store',
    category: 'privilege',
    tier: 'high',
    reason:
      'Changes which certificate authorities the system trusts: a CA added there can impersonate any site to this machine',
    match: {
      anyOf: [
        { program: ['update-ca-certificates', 'update-ca-trust', 'c_rehash'] },
        { program: ['trust'], sub: [['anchor']] },
        { program: ['security'], sub: [['add-trusted-cert', 'remove-trusted-cert', 'delete-certificate']] },
        { program: ['certutil'], flagName: re(/^[-/](addstore|delstore)$/i) },
        { program: ['keytool'], anyFlag: ['-importcert', '-import', '-delete'], anyWord: re(/cacerts$/) },
        { program: ['import-certificate'], anyWord: re(/Root/i) },
      ],
    },
    examples: [
      'cp corp-root.crt /usr/local/share/ca-certificates/ && update-ca-certificates',
      'trust anchor ./corp.pem',
      'sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ca.crt',
      'certutil -addstore -f Root ca.cer',
    ],
    counterExamples: ['openssl x509 -in ca.crt -noout -text', 'trust list', 'security find-certificate -a'],
  },
  {
    id: 'secrets.revoke-certificate',
    category: 'secrets',
    tier: 'critical',
    reason:
      'Revokes a certificate at its authority: that cannot be taken back, and sites using it fail until a new one is issued',
    match: {
      anyOf: [
        { program: ['certbot'], sub: [['revoke']] },
        { program: ['step'], sub: [['ca', 'certificate'], ['revoke']] },
        { program: ['acme.sh'], anyFlag: ['--revoke'] },
      ],
    },
    examples: ['certbot revoke --cert-path /etc/letsencrypt/live/example.com/cert.pem', 'step ca revoke 123'],
    counterExamples: ['certbot certificates', 'certbot renew --dry-run'],
  },
  {
    id: 'priv.escalate',
    category: 'privilege',
    tier: 'high',
    reason: 'Runs with elevated privileges (sudo, doas, su)',
    match: { anyOf: [{ wrapper: ESCALATORS }, { program: ESCALATORS }] },
    examples: ['sudo apt-get install -y jq', 'sudo -i', 'su -', 'sudo ls /root'],
    counterExamples: ['ls /root'],
    scope: 'context',
  },
  {
    id: 'priv.accounts',
    category: 'privilege',
    tier: 'high',
    reason: 'Creates or changes user accounts, groups, passwords or sudo rights',
    match: {
      program: [
        'useradd',
        'userdel',
        'usermod',
        'adduser',
        'deluser',
        'groupadd',
        'groupdel',
        'gpasswd',
        'passwd',
        'chpasswd',
        'visudo',
        'dscl',
        'sysadminctl',
        'chsh',
        'chfn',
        'chage',
        'newusers',
        'vipw',
        'vigr',
        'pw',
        'faillock',
        'pwconv',
        'grpconv',
      ],
      noneOf: [
        { program: ['chage'], anyFlag: ['-l', '--list'] },
        // Checks the file's syntax and prints only whether it parses.
        { program: ['visudo'], anyFlag: ['-c', '--check'] },
      ],
    },
    examples: [
      'usermod -aG docker me',
      'passwd root',
      'useradd -m bob',
      'chage -E 0 alice',
      'pw userdel bob',
    ],
    counterExamples: ['id', 'groups', 'chage -l alice', 'visudo -cf /etc/sudoers.d/deploy'],
  },
  {
    id: 'priv.accounts-destroy',
    category: 'privilege',
    tier: 'critical',
    reason:
      "Deletes a user together with their home directory, or removes an account's password (anyone may then log in as it)",
    match: {
      anyOf: [
        { program: ['userdel'], anyFlag: ['-r', '--remove', '-f', '--force'] },
        { program: ['deluser'], anyFlag: ['--remove-home', '--remove-all-files'] },
        { program: ['passwd'], anyFlag: ['-d', '--delete'] },
        { program: ['usermod', 'useradd'], flagValue: { flags: ['-p', '--password'], test: eq('') } },
        { program: ['usermod', 'useradd'], anyFlag: ['-p', '--password'], operand: eq('') },
      ],
    },
    examples: ['userdel -r deploy', 'sudo deluser --remove-home bob', 'passwd -d root', "usermod -p '' root"],
    counterExamples: ['userdel bob', 'passwd', 'passwd -S root', 'deluser bob docker'],
    weight: 17,
  },
  {
    id: 'priv.sudoers-write',
    category: 'privilege',
    tier: 'critical',
    reason: 'Writes sudo rules: grants root to whoever the text names, from now on',
    match: {
      anyOf: [
        { redirect: { write: true, target: re(/^\/(private\/)?etc\/sudoers(\.d(\/|$)|$)/) } },
        {
          program: ['tee', 'cp', 'mv', 'install', 'ln', 'dd', 'sed', 'rsync'],
          anyWord: re(/^(of=)?\/(private\/)?etc\/sudoers(\.d(\/|$)|$)/),
          noneOf: [{ program: ['sed'], noFlag: ['-i', '--in-place'] }],
        },
      ],
    },
    examples: [
      "echo 'me ALL=(ALL) NOPASSWD:ALL' | sudo tee /etc/sudoers.d/me",
      "echo 'me ALL=(ALL) ALL' >> /etc/sudoers",
      'sudo cp agent.sudo /etc/sudoers.d/agent',
    ],
    counterExamples: ['sudo cat /etc/sudoers', 'sudo visudo -c', 'ls /etc/sudoers.d'],
    weight: 17,
  },
  {
    id: 'priv.system-hijack-write',
    category: 'privilege',
    tier: 'critical',
    reason:
      'Writes a file that changes every login or every program on the machine (PAM, the dynamic loader preload list, password and group databases), or triggers the kernel directly (sysrq)',
    match: {
      anyOf: [
        { redirect: { write: true, target: re(SYSTEM_HIJACK) } },
        { program: ['tee'], operand: re(SYSTEM_HIJACK) },
        { program: ['sed', 'perl'], anyFlag: ['-i', '--in-place', '-pi'], operand: re(SYSTEM_HIJACK) },
        { program: ['dd'], operand: re(SYSTEM_HIJACK_WORD) },
        // The destination: copying or linking *from* /etc/passwd changes nothing there.
        { program: ['cp', 'mv', 'install', 'ln', 'rsync'], minOperands: 2, lastOperand: re(SYSTEM_HIJACK) },
        {
          program: ['cp', 'mv', 'install', 'ln'],
          flagValue: {
            flags: ['-t', '--target-directory'],
            test: re(/^\/(private\/)?etc\/(pam\.d|security)\/?$/),
          },
        },
      ],
    },
    examples: [
      'echo /tmp/x.so | sudo tee /etc/ld.so.preload',
      'echo b > /proc/sysrq-trigger',
      "sudo tee /etc/pam.d/common-auth <<< 'auth sufficient pam_permit.so'",
      'sudo cp shadow.bak /etc/shadow',
      'sudo dd if=x of=/etc/shadow',
      "sudo sed -i '/^root:/s/^root:[^:]*:/root::/' /etc/shadow",
      'sudo ln -sf /tmp/x /etc/ld.so.preload',
    ],
    counterExamples: [
      'cat /etc/pam.d/sshd',
      'ls /etc/ld.so.conf.d',
      'sudo tee /etc/motd',
      'ln -s /etc/passwd x',
      'cp /etc/passwd /tmp/passwd.bak',
      'sed -n 1p /etc/passwd',
    ],
    weight: 17,
  },
  {
    id: 'perm.world-writable-wide',
    category: 'permissions',
    tier: 'critical',
    reason: 'Makes the root, a system directory or the home directory writable by everyone',
    match: {
      program: ['chmod'],
      operand: WORLD_WRITABLE,
      // Recursive by its flag, or because find hands it every path below a start point.
      anyOf: [
        { anyFlag: RECURSIVE, operand: path('root', 'system', 'home', 'dynamic-root') },
        { wrapper: ['find'], operand: path('root', 'system', 'home', 'dynamic-root') },
      ],
    },
    examples: ['chmod -R 777 /', 'chmod -R a+w ~', 'find / -exec chmod 777 {} +'],
    counterExamples: ['chmod -R 777 ./tmp-data', 'chmod +x run.sh'],
    weight: 17,
  },
  {
    id: 'perm.world-writable',
    category: 'permissions',
    tier: 'high',
    reason: 'Recursively makes files writable by everyone',
    match: {
      program: ['chmod'],
      operand: WORLD_WRITABLE,
      anyOf: [{ anyFlag: RECURSIVE }, { wrapper: ['find'] }],
    },
    examples: [
      'chmod -R 777 .',
      'chmod -R o+w src',
      'chmod --recursive 0777 data',
      'find . -exec chmod 777 {} +',
    ],
    counterExamples: ['chmod -R 755 build', 'chmod 777 x'],
  },
  {
    id: 'perm.world-writable-file',
    category: 'permissions',
    tier: 'medium',
    reason: 'Makes a file writable by everyone',
    match: { program: ['chmod'], noFlag: RECURSIVE, operand: WORLD_WRITABLE },
    examples: ['chmod 777 run.sh', 'chmod o+w log.txt'],
    counterExamples: ['chmod +x run.sh', 'chmod 644 a'],
  },
  {
    id: 'perm.system-paths',
    category: 'permissions',
    tier: 'high',
    reason:
      "Changes who owns, or who may write, the root, a system directory, the operating system's own files or a device: every user and service of the machine depends on them",
    match: {
      anyOf: [
        {
          program: ['chmod'],
          operand: WORLD_WRITABLE,
          everyOperand: any(WORLD_WRITABLE, path('root', 'system', 'os-file', 'disk-device')),
        },
        { program: ['chmod'], operand: re(/^\/dev\/./) },
        // Any mode on the operating system's own files (`chmod 000 /usr/lib/systemd/systemd`).
        { program: ['chmod'], operand: path('os-file') },
        { program: ['chown', 'chgrp'], operand: path('root', 'system', 'os-file') },
      ],
    },
    examples: [
      'chmod 777 /etc',
      'chmod 777 /etc/passwd',
      'chmod 000 /dev/random',
      'chown root:root /etc/passwd',
      'chmod u+rwx,g+rwx,o+rwx /usr',
    ],
    counterExamples: ['chmod 777 run.sh', 'chown me file.txt', 'chmod 755 /usr/local/bin/tool'],
  },
  {
    id: 'perm.setuid',
    category: 'permissions',
    tier: 'high',
    reason: 'Sets the setuid/setgid bit: the program will run with its owner’s privileges',
    match: { program: ['chmod'], operand: SETID },
    examples: ['chmod u+s /usr/local/bin/tool', 'chmod 4755 ./x'],
    counterExamples: ['chmod 755 ./x', 'chmod +x x'],
    weight: 14,
  },
  {
    id: 'perm.expose-secret',
    category: 'permissions',
    tier: 'high',
    reason: 'Lets other users read a key or credentials file (its mode gives group or others read access)',
    match: {
      anyOf: [
        {
          program: ['chmod'],
          operand: path('secret'),
          // Octal with a group or other read bit (644, 0755), or symbolic `+r`, `go+r`, `a=rw`.
          anyWord: re(/^0*[0-7]?[0-7]([4-7][0-7]|[0-7][4-7])$|(^|,)(a|[ugo]*[go][ugo]*)?[+=][rwxXst]*r/),
        },
        { program: ['setfacl'], anyFlag: ['-m', '--modify', '-M', '--modify-file'], operand: path('secret') },
      ],
    },
    examples: [
      'chmod 644 ~/.ssh/id_rsa',
      'chmod go+r ~/.aws/credentials',
      'chmod -R a+r ~/.gnupg',
      'setfacl -m u:bob:r .env',
    ],
    counterExamples: [
      'chmod 600 ~/.ssh/id_rsa',
      'chmod u+r .env',
      'chmod 644 README.md',
      'chmod go-rwx ~/.ssh',
    ],
  },
  {
    id: 'perm.chmod',
    category: 'permissions',
    tier: 'low',
    reason: 'Changes file permissions',
    match: { program: ['chmod', 'chgrp', 'setfacl', 'chflags'] },
    examples: ['chmod +x scripts/run.sh', 'chmod 600 key.pem'],
    counterExamples: ['ls -l'],
  },
  {
    id: 'perm.chmod-wide',
    category: 'permissions',
    tier: 'high',
    reason: 'Changes permissions of the root, a system directory or the home directory',
    match: {
      program: ['chmod', 'chgrp', 'setfacl'],
      operand: path('root', 'system', 'home', 'cwd'),
      anyFlag: RECURSIVE,
    },
    examples: ['chmod -R 700 ~', 'chmod -R go-rwx /etc'],
    counterExamples: ['chmod -R 755 build'],
  },
  {
    id: 'perm.recursive-outside',
    category: 'permissions',
    tier: 'high',
    reason:
      'Recursively changes permissions or ownership of a tree outside the project (in the home directory or the system): hard to put back as it was',
    match: {
      program: ['chmod', 'chgrp', 'chown', 'setfacl'],
      anyFlag: RECURSIVE,
      operand: path('home-path', 'absolute', 'os-file', 'dynamic'),
      // `chmod -R go-rwx ~/.ssh`: taking group and other access away from a key directory is what
      // ssh itself asks for; the owner keeps every access.
      noneOf: [
        { program: ['chmod'], everyOperand: any(path('secret'), re(/^(go?|og?)-[rwxX]+$|^0?[67]00$/)) },
      ],
    },
    examples: [
      'chmod -R 000 ~/projects',
      'chown -R nobody /var/lib/postgresql',
      'chmod -R go-rwx /data/app',
      'chmod -R 700 "$DIR"',
    ],
    counterExamples: [
      'chmod -R 755 build',
      'chmod -R u+w /tmp/build-1',
      'chown -R me ./data',
      'chmod 600 ~/.ssh/id_ed25519',
      'chmod -R go-rwx ~/.ssh',
      'chmod -R 700 ~/.gnupg',
    ],
  },
  {
    id: 'perm.chown',
    category: 'permissions',
    tier: 'medium',
    reason: 'Changes file ownership',
    match: { program: ['chown'] },
    examples: ['chown me:me file.txt', 'chown -R me build'],
    counterExamples: ['chmod +x x'],
  },
  {
    id: 'perm.chmod-system-wide',
    category: 'permissions',
    tier: 'critical',
    reason:
      'Recursively sets one mode on the root or a system directory: every file there loses the mode it needs (keys readable, sudo and ssh refusing to run), and nothing records what they were',
    match: {
      program: ['chmod', 'setfacl'],
      anyFlag: RECURSIVE,
      // The root, and the operating system's own trees (not /usr/local, /srv, /opt or /var/www).
      operand: re(/^\/+((etc|bin|sbin|lib\w*|boot|usr(?!\/+local(\/|$))|var\/+lib)(\/.*)?)?$/),
    },
    examples: ['sudo chmod -R 0755 /etc', 'chmod -R 700 /usr', 'chmod -R go-rwx /etc'],
    counterExamples: [
      'chmod -R 700 ~',
      'chmod -R 755 build',
      'chmod -R 755 /srv/app',
      'chmod -R 755 /usr/local/bin',
      'chmod -R 755 /var/www/html',
    ],
    weight: 15,
  },
  {
    id: 'perm.chown-wide',
    category: 'permissions',
    tier: 'critical',
    reason: 'Recursively changes ownership of the root, a system directory or the home directory',
    match: {
      program: ['chown', 'chgrp'],
      anyFlag: RECURSIVE,
      operand: path('root', 'system', 'home', 'dynamic-root'),
    },
    examples: ['chown -R nobody /', 'chown -R me /usr'],
    counterExamples: ['chown -R me ./build'],
    weight: 16,
  },
  {
    id: 'perm.immutable',
    category: 'permissions',
    tier: 'high',
    reason: 'Changes file attributes such as immutability',
    match: { program: ['chattr'], operand: any(re(/^[+-=]/)) },
    examples: ['chattr +i /etc/resolv.conf'],
    counterExamples: ['lsattr'],
  },
  {
    id: 'priv.container-host-access',
    category: 'privilege',
    tier: 'high',
    reason:
      'Starts a container with access to the host (privileged mode, host root or docker socket mounted, host namespaces)',
    match: {
      program: ['docker', 'podman', 'nerdctl'],
      sub: [['run', 'create', 'exec']],
      anyOf: [
        { anyFlag: ['--privileged'] },
        {
          flagValue: {
            flags: ['-v', '--volume', '--mount'],
            test: re(/^(\/|\/:|.*docker\.sock|\/etc|\/root|~|\$HOME)(:|$|,)|source=\/(,|$)|^\/:/),
          },
        },
        {
          flagValue: {
            flags: ['--pid', '--net', '--network', '--ipc', '--userns', '--uts'],
            test: re(/^host$/),
          },
        },
        {
          flagValue: {
            flags: ['--cap-add'],
            test: re(/^(ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE|NET_ADMIN|DAC_READ_SEARCH)$/i),
          },
        },
      ],
    },
    examples: [
      'docker run --privileged -it ubuntu',
      'docker run -v /:/host alpine',
      'docker run -v /var/run/docker.sock:/var/run/docker.sock img',
      'docker run --pid=host img',
    ],
    counterExamples: ['docker run --rm -v "$PWD":/app node:20 npm test', 'docker run hello-world'],
  },
];
