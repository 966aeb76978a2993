/**
 * `adb [global options] shell [shell options] CMD…`: Android's debug bridge joins CMD's words with
 * spaces and the device's shell parses the result, as ssh does. The device is another machine (a
 * phone, an emulator, a board), so what runs there is judged as a remote command.
 */
import type { SimpleCommand } from '../types.js';
import { isStatic, scanOptions } from './options.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';

/** adb's global options that take a value (device serial, transport id, server host and port). */
const ADB_GLOBAL_VALUE = ['-s', '-t', '-H', '-P', '-L'];

/** `adb shell`'s own options: -e takes the escape character; -n, -T, -t, -x are flags. */
const ADB_SHELL_VALUE = ['-e'];

export function adbShell(cmd: SimpleCommand): Unwrapped {
  const global = scanOptions(cmd.argv, 1, { value: ADB_GLOBAL_VALUE });
  if (global.dynamic || cmd.argv[global.index]?.value !== 'shell') return { kind: 'none' };
  const shell = scanOptions(cmd.argv, global.index + 1, { value: ADB_SHELL_VALUE });
  const rest = cmd.argv.slice(shell.index);
  // `adb shell` alone opens an interactive shell on the device: nothing to read here.
  if (rest.length === 0 && !shell.dynamic) return { kind: 'none' };
  const serial = global.seen.get('-s');
  const device = typeof serial === 'string' ? `device ${serial}` : 'the connected device';
  const wrapper = wrapperOf('adb', cmd.argv.slice(0, shell.index), device);
  if (shell.dynamic || rest.some((w) => !isStatic(w))) return { kind: 'script', wrapper, text: null };
  return { kind: 'script', wrapper, text: rest.map((w) => w.value).join(' ') };
}
