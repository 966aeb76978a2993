/**
 * Phones, emulators, boards and firmware: Android's adb and fastboot, the iOS simulator, and the
 * programmers that write a chip's flash. `adb shell CMD` is unwrapped like ssh (shell/deviceShell.ts),
 * so CMD is judged by its own rules; these rules cover the bridges' own verbs.
 */
import type { RiskRule } from '../rule.js';
import { eq, re } from '../dsl.js';

/** Partitions whose loss is the user's data or the device's ability to boot. */
const DATA_PARTITION = re(
  /^(userdata|data|cache|metadata|system|system_[ab]|vendor|boot|boot_[ab]|super|all)$/,
);

export const deviceRules: RiskRule[] = [
  {
    id: 'device.wipe',
    category: 'disk',
    tier: 'critical',
    reason:
      "Wipes a device's data or firmware: erasing or formatting its partitions, unlocking its bootloader (which erases it), or erasing a chip's whole flash",
    match: {
      anyOf: [
        { program: ['fastboot'], sub: [re(/^(erase|format)(:\w+)?$/)], operand: DATA_PARTITION },
        { program: ['fastboot'], anyFlag: ['-w'] },
        {
          program: ['fastboot'],
          sub: [
            ['flashing', 'oem'],
            ['unlock', 'unlock_critical'],
          ],
        },
        { program: ['esptool', 'esptool.py'], operand: eq('erase_flash', 'erase-flash') },
        { program: ['flashrom'], anyFlag: ['-w', '--write', '-E', '--erase'] },
        { program: ['st-flash'], sub: [['erase']] },
        { program: ['pm'], sub: [['wipe-user', 'remove-user']] },
      ],
    },
    examples: [
      'fastboot erase userdata',
      'fastboot -w',
      'fastboot flashing unlock',
      'fastboot format:ext4 userdata',
      'esptool.py --port /dev/ttyUSB0 erase_flash',
      'flashrom -p internal -w bios.rom',
    ],
    counterExamples: [
      'fastboot devices',
      'fastboot getvar all',
      'flashrom -p internal -r backup.rom',
      'fastboot erase misc',
    ],
    weight: 16,
  },
  {
    id: 'device.flash',
    category: 'disk',
    tier: 'high',
    reason:
      "Writes a device's firmware, boot image or system, or weakens its protections (root, remount, verity): a wrong image leaves it unable to boot",
    match: {
      anyOf: [
        { program: ['fastboot'], sub: [re(/^(flash|flashall|update|boot|set_active|erase|format)(:\w+)?$/)] },
        { program: ['adb'], sub: [['sideload', 'root', 'remount', 'disable-verity', 'enable-verity']] },
        { program: ['adb'], sub: [['reboot'], ['bootloader', 'recovery', 'sideload', 'fastboot', 'edl']] },
        {
          program: ['esptool', 'esptool.py'],
          operand: eq('write_flash', 'write-flash', 'write_mem', 'burn_efuse'),
        },
        { program: ['espefuse', 'espefuse.py'], operand: re(/^burn/) },
        { program: ['avrdude'], flagValue: { flags: ['-U'], test: re(/:w:/) } },
        { program: ['dfu-util'], anyFlag: ['-D', '--download'] },
        { program: ['st-flash'], sub: [['write']] },
        { program: ['heimdall'], sub: [['flash']] },
        { program: ['idevicerestore', 'futurerestore'] },
      ],
    },
    examples: [
      'fastboot flash boot boot.img',
      'adb reboot bootloader',
      'adb remount',
      'esptool.py --chip esp32 write_flash 0x1000 firmware.bin',
      'avrdude -p m328p -c arduino -U flash:w:main.hex',
      'dfu-util -a 0 -D firmware.dfu',
    ],
    counterExamples: [
      'adb reboot',
      'avrdude -p m328p -c arduino -U flash:r:backup.hex',
      'esptool.py chip_id',
    ],
  },
  {
    id: 'device.app-data',
    category: 'delete',
    tier: 'high',
    reason: "Deletes an app's data on a device or simulator, or the app with its data",
    match: {
      anyOf: [
        { program: ['pm'], sub: [['clear', 'uninstall', 'reset-permissions']] },
        { program: ['cmd'], sub: [['package'], ['clear', 'uninstall']] },
        { program: ['adb'], sub: [['uninstall']] },
        { program: ['xcrun'], sub: [['simctl'], ['erase', 'delete', 'uninstall', 'privacy']] },
        { program: ['ideviceinstaller'], anyFlag: ['-U', '--uninstall'] },
      ],
    },
    examples: [
      'adb shell pm clear com.example.app',
      'adb uninstall com.example.app',
      'xcrun simctl uninstall booted com.example.app',
      'xcrun simctl erase all',
    ],
    counterExamples: ['adb shell pm list packages', 'xcrun simctl list'],
  },
  {
    id: 'device.install',
    category: 'package-install',
    tier: 'medium',
    reason: 'Installs an app on a device or simulator, or copies files onto it',
    match: {
      anyOf: [
        { program: ['adb'], sub: [['install', 'install-multiple', 'install-multi-package', 'push', 'sync']] },
        { program: ['xcrun'], sub: [['simctl'], ['install', 'addmedia', 'push']] },
        { program: ['ios-deploy'] },
        { program: ['ideviceinstaller'], anyFlag: ['-i', '--install'] },
        { program: ['pm'], sub: [['install']] },
      ],
    },
    examples: [
      'adb install -r app-debug.apk',
      'adb push build/config.json /sdcard/',
      'xcrun simctl install booted App.app',
    ],
    counterExamples: ['adb devices'],
  },
  {
    id: 'device.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Lists devices or reads their state and logs',
    match: {
      anyOf: [
        {
          program: ['adb'],
          sub: [['devices', 'get-state', 'get-serialno', 'get-devpath', 'version', 'logcat', 'help']],
        },
        { program: ['fastboot'], sub: [['devices', 'getvar', '--version', 'help']] },
        { program: ['xcrun'], sub: [['simctl'], ['list', 'help']] },
        { program: ['idevice_id', 'ideviceinfo'] },
        { program: ['pm'], sub: [['list', 'path', 'dump']] },
      ],
      noneOf: [{ program: ['adb'], sub: [['logcat']], anyFlag: ['-c', '--clear', '-f', '--file'] }],
    },
    examples: [
      'adb devices -l',
      'adb logcat -d',
      'fastboot devices',
      'xcrun simctl list devices',
      'adb shell pm list packages',
    ],
    counterExamples: ['adb logcat -c', 'adb install a.apk'],
  },
];
