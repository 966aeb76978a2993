/**
 * `expacti mcp`: a stdio MCP server exposing `run_command` (docs/integrations/mcp.md). stdout is
 * the protocol channel: nothing else may write to it.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Expacti } from '../sdk/expacti.js';
import { createMcpServer } from '../agent/mcpServer.js';

export async function main(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(
      'usage: expacti mcp   (a stdio MCP server; configure it in your MCP client, see docs/integrations/mcp.md)\n',
    );
    return args[0] === '--help' || args[0] === '-h' ? 0 : 64;
  }
  const expacti = new Expacti();
  const server = createMcpServer(expacti, process.env['npm_package_version'] ?? '0.1.0');
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => undefined);
  expacti.close();
  return 0;
}
