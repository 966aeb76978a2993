import type ssh2 from 'ssh2';
import type { GatewayConnection } from './gateway.js';
import type { PtyRequest } from './runOnTarget.js';

export function handleShell(
  _connection: GatewayConnection,
  channel: ssh2.ServerChannel,
  _pty: PtyRequest | null,
  _session: string | undefined,
): void {
  channel.stderr.write('expacti: not yet\n');
  channel.exit(70);
  channel.end();
}
