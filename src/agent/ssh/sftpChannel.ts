import type ssh2 from 'ssh2';
import type { GatewayConnection } from './gateway.js';

export function handleSftp(
  _connection: GatewayConnection,
  accept: ssh2.AcceptSftpConnection,
  _session: string | undefined,
): void {
  accept().end();
}
