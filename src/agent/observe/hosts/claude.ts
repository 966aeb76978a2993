/**
 * Claude Code's PostToolUse hook input (matcher Read|WebFetch|WebSearch|Grep|Bash|mcp__.*): the
 * tool's input and its response. Read answers `{type:"text", file:{filePath, content, …}}`,
 * WebFetch `{result, url, code, …}`, Bash `{stdout, stderr, …}`, MCP tools their content blocks;
 * any other shape is read as the strings it holds. PostToolUse cannot undo a tool call, and we
 * answer nothing, so the agent goes on.
 */
import { textOf } from '../content.js';
import {
  isObject,
  observeToolEvent,
  str,
  type HostObservation,
  type HostRead,
  type ObserveHost,
} from './types.js';

function read(
  tool: string,
  input: Record<string, unknown>,
  response: unknown,
  cwd?: string,
): HostRead | null {
  const r = isObject(response) ? response : {};
  switch (tool) {
    case 'Read':
    case 'NotebookRead': {
      const file = isObject(r['file']) ? r['file'] : undefined;
      const text = str(file?.['content']) ?? (response === undefined ? null : textOf(response));
      return {
        tool,
        kind: 'file',
        source: str(input['file_path']) ?? str(input['notebook_path']) ?? '',
        text,
      };
    }
    case 'WebFetch':
      return {
        tool,
        kind: 'url',
        source: str(input['url']) ?? str(r['url']) ?? '',
        text: str(r['result']) ?? textOf(response),
      };
    case 'WebSearch':
      return { tool, kind: 'search', source: str(input['query']) ?? '', text: textOf(response) };
    case 'Grep':
      return { tool, kind: 'file', source: str(input['path']) ?? cwd ?? '', text: textOf(response) };
    case 'Bash':
      return {
        tool,
        kind: 'command',
        source: str(input['command']) ?? '',
        text: [str(r['stdout']), str(r['stderr'])].filter(Boolean).join('\n'),
        onlyWithFindings: true,
      };
    default:
      return tool.startsWith('mcp__') ? { tool, kind: 'tool', source: tool, text: textOf(response) } : null;
  }
}

export const claude: ObserveHost = {
  name: 'claude',
  translate(input): HostObservation {
    return observeToolEvent(
      input,
      { event: 'PostToolUse', settings: 'Claude Code' },
      (tool, toolInput, cwd) => read(tool, toolInput, input['tool_response'], cwd),
    );
  },
  answer: () => '',
};
