/**
 * macOS administration that the POSIX rules do not see: disks unmounted by force, security
 * settings written with `defaults`, the machine's traffic sent through another proxy or DNS
 * server, keychains deleted, the machine put to sleep.
 */
import type { RiskRule } from '../rule.js';
import { eqi, re } from '../dsl.js';

export const macosRules: RiskRule[] = [
  {
    id: 'macos.unmount-force',
    category: 'disk',
    tier: 'high',
    reason: 'Unmounts a disk or volume by force: programs writing to it lose their data',
    match: { program: ['diskutil'], sub: [eqi('unmount', 'unmountDisk', 'eject')], anyWord: eqi('force') },
    examples: ['diskutil unmountDisk force /dev/disk3'],
    counterExamples: ['diskutil list', 'diskutil unmount /Volumes/USB'],
  },
  {
    id: 'macos.security-settings',
    category: 'privilege',
    tier: 'high',
    reason:
      'Turns off a macOS protection with defaults: the screen-lock password, download quarantine, the firewall, automatic login',
    match: {
      program: ['defaults'],
      sub: [eqi('write')],
      anyWord: re(
        /^(com\.apple\.screensaver|com\.apple\.LaunchServices|com\.apple\.alf|\/Library\/Preferences\/com\.apple\.(alf|loginwindow)|com\.apple\.loginwindow|com\.apple\.security.*|com\.apple\.SoftwareUpdate|com\.apple\.Safari\.SandboxBroker)$/,
      ),
    },
    examples: [
      'defaults write com.apple.screensaver askForPassword -int 0',
      'defaults write com.apple.LaunchServices LSQuarantine -bool false',
    ],
    counterExamples: [
      'defaults read com.apple.screensaver',
      'defaults write com.apple.dock autohide -bool true',
    ],
  },
  {
    id: 'macos.network-redirect',
    category: 'network',
    tier: 'high',
    reason: "Sends the machine's web traffic or name lookups through another proxy or DNS server",
    match: {
      program: ['networksetup'],
      flagName: re(
        /^-(setwebproxy|setsecurewebproxy|setsocksfirewallproxy|setftpproxy|setautoproxyurl|setdnsservers|setproxybypassdomains|setwebproxystate|setsecurewebproxystate)$/i,
      ),
    },
    examples: [
      'networksetup -setwebproxy Wi-Fi 203.0.113.9 8080',
      'networksetup -setdnsservers Wi-Fi 203.0.113.53',
    ],
    counterExamples: ['networksetup -listallnetworkservices', 'networksetup -getwebproxy Wi-Fi'],
  },
  {
    id: 'macos.keychain-delete',
    category: 'secrets',
    tier: 'critical',
    reason: 'Deletes a keychain: every password, key and certificate in it is gone',
    match: { program: ['security'], sub: [eqi('delete-keychain')] },
    examples: ['security delete-keychain login.keychain'],
    counterExamples: ['security list-keychains'],
    weight: 17,
  },
  {
    id: 'macos.sleep',
    category: 'availability',
    tier: 'medium',
    reason: 'Puts the machine or its display to sleep now',
    match: { program: ['pmset'], sub: [eqi('sleepnow', 'displaysleepnow')] },
    examples: ['pmset sleepnow'],
    counterExamples: ['pmset -g'],
  },
];
