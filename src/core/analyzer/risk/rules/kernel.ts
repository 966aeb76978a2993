/**
 * The running kernel and the machine's hardware: kernel modules loaded or removed, device nodes
 * made, a drive's firmware told to erase itself, cryptominers, a namespace of PID 1 entered.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

export const kernelRules: RiskRule[] = [
  {
    id: 'system.settings',
    category: 'infrastructure',
    tier: 'medium',
    reason: "Changes the machine's name, clock, time zone or locale, or ends a login session",
    match: {
      anyOf: [
        { program: ['hostnamectl', 'timedatectl', 'localectl'], sub: [re(/^set-/)] },
        {
          program: ['loginctl'],
          sub: [['terminate-session', 'terminate-user', 'kill-session', 'kill-user']],
        },
        {
          program: ['hostname'],
          maxOperands: 1,
          operand: re(/^[A-Za-z0-9][\w.-]*$/),
          noFlag: ['-f', '-i', '-I', '-d', '-s', '-A'],
        },
      ],
    },
    examples: ['hostnamectl set-hostname build-agent-03', 'timedatectl set-timezone UTC', 'hostname web-2'],
    counterExamples: ['hostnamectl status', 'timedatectl', 'hostname', 'hostname -f'],
  },
  {
    id: 'kernel.modules',
    category: 'privilege',
    tier: 'high',
    reason:
      'Loads or removes a kernel module: code that runs inside the kernel, or a driver the machine may need',
    match: {
      anyOf: [
        { program: ['insmod', 'rmmod'] },
        { program: ['modprobe'], noFlag: ['-n', '--dry-run', '--show-depends', '-c', '--showconfig', '-D'] },
        { program: ['kmod'], sub: [['load', 'unload', 'insert', 'remove']] },
      ],
    },
    examples: ['insmod hack.ko', 'rmmod critical_driver', 'modprobe malicious_module', 'modprobe -r nvidia'],
    counterExamples: ['lsmod', 'modinfo ext4', 'modprobe -n -v ext4'],
  },
  {
    id: 'kernel.device-node',
    category: 'privilege',
    tier: 'high',
    reason: 'Creates a device node: a file that reads or writes hardware or kernel memory directly',
    match: { program: ['mknod'] },
    examples: ['mknod /dev/evil c 1 3', 'mknod -m 666 fifo p'],
    counterExamples: ['mkfifo pipe'],
  },
  {
    id: 'disk.firmware-erase',
    category: 'disk',
    tier: 'critical',
    reason: "Tells a drive's firmware to erase itself or overwrite sectors, or loads new drive firmware",
    match: {
      program: ['hdparm'],
      flagName: re(
        /^--(security-erase(-enhanced)?|security-set-pass|trim-sector-ranges(-stdin)?|write-sector|fwdownload[-\w]*|make-bad-sector|dco-restore|yes-i-know-what-i-am-doing)$/,
      ),
    },
    examples: ['hdparm --user-master u --security-erase p /dev/sda', 'hdparm --write-sector 1 /dev/sdb'],
    counterExamples: ['hdparm -I /dev/sda', 'hdparm -t /dev/sda'],
    weight: 16,
  },
  {
    id: 'abuse.cryptominer',
    category: 'execution',
    tier: 'high',
    reason: "Runs a cryptocurrency miner: the machine's CPU or GPU works for whoever set the wallet",
    match: {
      program: [
        'xmrig',
        'xmr-stak',
        'cpuminer',
        'minerd',
        'cgminer',
        'bfgminer',
        'ethminer',
        't-rex',
        'nbminer',
        'lolminer',
        'gminer',
        'phoenixminer',
        'nanominer',
        'teamredminer',
        'srbminer-multi',
      ],
    },
    examples: ['xmrig --donate-level=0', 'cpuminer -a sha256d -o stratum+tcp://pool:3333'],
    counterExamples: ['top'],
  },
  {
    id: 'priv.enter-namespaces',
    category: 'privilege',
    tier: 'high',
    reason:
      "Enters another process's namespaces (PID 1: the host's own), or runs a program with another root directory",
    match: {
      anyOf: [
        { program: ['nsenter', 'chroot'] },
        // Both run the command after their options: the wrapper layer is what remains of them.
        { wrapper: ['nsenter', 'chroot'] },
      ],
    },
    examples: ['nsenter --target 1 --mount --uts --ipc --net --pid', 'chroot /mnt/jail /bin/bash'],
    counterExamples: ['ls /proc/1/ns'],
  },
];
