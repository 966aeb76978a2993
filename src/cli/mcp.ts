/**
 * `expacti mcp`: a stdio MCP server exposing `run_command` (docs/integrations/mcp.md). stdout is
 * the protocol channel: nothing else may write to it.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Expacti } from '../sdk/expacti.js';
import { createMcpServer } from '../agent/mcpServer.js';
import { defineCommand, parseCommand } from './args.js';
import { VERSION } from '../version.js';

export const spec = defineCommand({
  name: 'mcp',
  summary: 'a stdio MCP server with a gated run_command tool',
  usage: ['mcp'],
  details:
    'Started by your MCP client, which talks to it on stdin/stdout; configure the client as in ' +
    'docs/integrations/mcp.md. It finds the server and its agent token like `expacti run` (EXPACTI_URL, ' +
    'EXPACTI_TOKEN or `expacti login`).',
  options: {},
  examples: ['claude mcp add expacti -- expacti mcp'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const expacti = new Expacti();
  const server = createMcpServer(expacti, VERSION);
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
