/**
 * Windows' own administration programs, as agents on Windows run them from cmd.exe or PowerShell
 * (their words are read as those shells keep them: shell/powershell.ts): start-up entries and
 * scheduled tasks, accounts and groups, ownership and ACLs, services, disks. Options are `/x`
 * words, matched case-insensitively.
 */
import type { RiskRule } from '../rule.js';
import { all, eqi, not, path, re } from '../dsl.js';

const REG = ['reg', 'reg.exe'];
const NET = ['net', 'net.exe', 'net1', 'net1.exe'];
/** A whole drive, the Windows directory or a profile tree; not a `/x` option (it reads like `/x`). */
const WIDE = all(not(re(/^\/[A-Za-z?]{1,20}(:.*)?$/)), path('root', 'system', 'home'));
/** Registry keys whose values run programs at logon or in place of others. */
const AUTORUN_KEY =
  /(CurrentVersion[\\/](Run|RunOnce|RunServices|RunServicesOnce|Policies[\\/]Explorer[\\/]Run)|Winlogon|Image File Execution Options|[\\/]Services[\\/]|AppInit_DLLs|Shell Folders|Environment)([\\/]|$)/i;

export const windowsRules: RiskRule[] = [
  {
    id: 'windows.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads Windows settings, services, tasks, accounts or system information',
    match: {
      anyOf: [
        { program: REG, sub: [eqi('query')] },
        {
          program: ['sc', 'sc.exe'],
          sub: [eqi('query', 'queryex', 'qc', 'qdescription', 'sdshow', 'qfailure')],
        },
        {
          program: ['schtasks', 'schtasks.exe'],
          anyWord: re(/^\/query$/i),
          noneOf: [{ anyWord: re(/^\/(create|change|delete|run|end)$/i) }],
        },
        {
          program: NET,
          maxOperands: 2,
          noneOf: [
            { anyWord: re(/^\/(add|delete|del|active.*|passwordreq.*)$/i) },
            { sub: [eqi('stop', 'start', 'pause', 'use', 'share', 'send')] },
          ],
        },
        { program: ['icacls', 'icacls.exe'], maxOperands: 1 },
        {
          program: [
            'systeminfo',
            'tasklist',
            'ipconfig',
            'whoami',
            'hostname',
            'ver',
            'where',
            'driverquery',
            'getmac',
          ],
        },
      ],
    },
    examples: [
      'reg query HKLM\\SOFTWARE',
      'sc query wuauserv',
      'schtasks /query /fo LIST',
      'net user',
      'tasklist',
    ],
    counterExamples: ['reg add HKCU\\Software\\x /v a /d b', 'net user x y /add', 'net stop w'],
  },
  {
    id: 'windows.autorun',
    category: 'persistence',
    tier: 'high',
    reason:
      'Makes Windows run a program later by itself: a logon Run key, a scheduled task, a new or reconfigured service',
    match: {
      anyOf: [
        { program: REG, sub: [eqi('add', 'import', 'copy', 'load')], anyWord: re(AUTORUN_KEY) },
        { program: ['schtasks', 'schtasks.exe'], anyWord: re(/^\/(create|change|delete)$/i) },
        { program: ['sc', 'sc.exe'], sub: [eqi('create', 'config', 'delete', 'failure', 'sdset')] },
        { program: ['register-scheduledtask', 'new-service', 'set-service', 'remove-service'] },
      ],
    },
    examples: [
      'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v up /d C:\\x.exe /f',
      'schtasks /create /tn up /tr C:\\x.exe /sc onlogon',
      'sc create evil binPath= C:\\x.exe',
    ],
    counterExamples: ['reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'schtasks /query'],
  },
  {
    id: 'windows.registry-write',
    category: 'local-write',
    tier: 'medium',
    reason: 'Changes Windows registry settings',
    match: { program: REG, sub: [eqi('add', 'import', 'copy', 'load', 'restore')] },
    examples: ['reg add HKCU\\Software\\Vendor\\App /v Theme /d dark /f'],
    counterExamples: ['reg query HKCU\\Software\\Vendor'],
    unless: ['windows.autorun'],
  },
  {
    id: 'windows.registry-hive-dump',
    category: 'secrets',
    tier: 'high',
    reason: 'Saves the registry hives that hold password hashes and secrets (SAM, SECURITY, SYSTEM)',
    match: {
      program: REG,
      sub: [eqi('save', 'export')],
      anyWord: re(/^HK(LM|EY_LOCAL_MACHINE)[\\/](SAM|SECURITY|SYSTEM)$/i),
    },
    examples: ['reg save HKLM\\SAM sam.hive'],
    counterExamples: ['reg export HKCU\\Software\\Vendor vendor.reg'],
  },
  {
    id: 'windows.accounts',
    category: 'privilege',
    tier: 'high',
    reason: 'Creates, deletes or enables Windows accounts, or changes group membership (administrators)',
    match: {
      program: NET,
      sub: [eqi('user', 'localgroup', 'group')],
      anyWord: re(/^\/(add|delete|del|active:yes|active)$/i),
    },
    examples: [
      'net user backdoor P@ss /add',
      'net localgroup administrators me /add',
      'net user old /delete',
    ],
    counterExamples: ['net user', 'net localgroup administrators'],
  },
  {
    id: 'windows.services',
    category: 'availability',
    tier: 'high',
    reason: 'Stops, pauses or starts a Windows service',
    match: {
      anyOf: [
        { program: ['sc', 'sc.exe'], sub: [eqi('stop', 'pause', 'start', 'control')] },
        { program: NET, sub: [eqi('stop', 'start', 'pause')], minOperands: 1 },
        { program: ['stop-service', 'restart-service', 'suspend-service', 'spsv'] },
      ],
    },
    examples: ['sc stop wuauserv', 'net stop MSSQLSERVER', 'Stop-Service -Name MSSQLSERVER -Force'],
    counterExamples: ['sc query wuauserv', 'net start'],
  },
  {
    id: 'windows.permissions',
    category: 'permissions',
    tier: 'high',
    reason: 'Takes ownership of files or rewrites who may read and change them (Windows ACLs)',
    match: {
      anyOf: [
        {
          program: ['icacls', 'icacls.exe', 'cacls', 'cacls.exe'],
          anyWord: re(/^\/(grant|setowner|reset|remove|deny|inheritance|restore|e|g|p)/i),
        },
        { program: ['takeown', 'takeown.exe'] },
      ],
    },
    examples: ['takeown /f C:\\app\\data /r /d y', 'icacls C:\\app /grant Everyone:F /t'],
    counterExamples: ['icacls C:\\app'],
  },
  {
    id: 'windows.permissions-wide',
    category: 'permissions',
    tier: 'critical',
    reason:
      'Takes ownership of, or rewrites access to, a whole drive, the Windows directory or a profile tree',
    match: {
      anyOf: [
        {
          program: ['icacls', 'icacls.exe', 'cacls', 'cacls.exe'],
          anyWord: re(/^\/(grant|setowner|reset|remove|deny|inheritance|e|g|p)/i),
          operand: WIDE,
        },
        { program: ['takeown', 'takeown.exe'], operand: WIDE },
      ],
    },
    examples: ['takeown /f C:\\Windows\\System32 /r /d y', 'icacls C:\\ /grant Everyone:F /t'],
    counterExamples: ['takeown /f C:\\app\\data\\x.txt', 'icacls C:\\'],
    weight: 17,
  },
  {
    id: 'windows.disk-wipe',
    category: 'disk',
    tier: 'critical',
    reason: 'Formats a drive, or has diskpart clean or delete disks, partitions or volumes',
    match: {
      anyOf: [
        { program: ['format', 'format.com', 'format.exe'], operand: re(/^[A-Za-z]:[\\/]?$/) },
        {
          program: ['diskpart', 'diskpart.exe'],
          stdin: re(/(^|\n)\s*(clean|format|delete\s+(partition|volume|disk))\b/i),
        },
      ],
    },
    examples: ['format D: /fs:NTFS /q /y', 'diskpart <<EOF\nselect disk 1\nclean\nEOF'],
    counterExamples: ['diskpart <<EOF\nlist disk\nEOF'],
    weight: 18,
  },
  {
    id: 'windows.disk-change',
    category: 'disk',
    tier: 'high',
    reason:
      "Runs a disk script not shown here, or wipes a volume's free space (deleted files become unrecoverable)",
    match: {
      anyOf: [
        { program: ['diskpart', 'diskpart.exe'], anyWord: re(/^\/s$/i) },
        { program: ['cipher', 'cipher.exe'], anyWord: re(/^\/w:/i) },
        {
          program: ['fsutil', 'fsutil.exe'],
          sub: [eqi('file', 'volume', 'usn')],
          anyWord: re(/^(setzerodata|dismount|deletejournal)$/i),
        },
      ],
    },
    examples: ['diskpart /s wipe.txt', 'cipher /w:C:\\', 'fsutil volume dismount C:'],
    counterExamples: ['cipher /c secret.txt'],
  },
  {
    id: 'windows.wsl-unregister',
    category: 'delete',
    tier: 'critical',
    reason: 'Unregisters a WSL distribution: its whole Linux filesystem is deleted with it',
    match: { program: ['wsl', 'wsl.exe'], anyFlag: ['--unregister'] },
    examples: ['wsl --unregister Ubuntu', 'wsl.exe --unregister Debian'],
    counterExamples: ['wsl --list --verbose', 'wsl --shutdown'],
    weight: 16,
  },
  {
    id: 'windows.wsl-stop',
    category: 'availability',
    tier: 'medium',
    reason: 'Stops WSL distributions (their processes end)',
    match: { program: ['wsl', 'wsl.exe'], anyFlag: ['--shutdown', '--terminate', '-t'] },
    examples: ['wsl --shutdown', 'wsl --terminate Ubuntu'],
    counterExamples: ['wsl --list'],
  },
];
