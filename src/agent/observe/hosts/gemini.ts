/**
 * Gemini CLI's AfterTool hook input: `{session_id, cwd, hook_event_name: "AfterTool", tool_name,
 * tool_input, tool_response: {llmContent, returnDisplay, error?}, mcp_context?}`. llmContent is
 * what the model reads. We answer `{}` (exit 0): the result goes to the model unchanged.
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

const URL_IN_TEXT = /https?:\/\/[^\s"'<>)]+/;

function read(
  tool: string,
  input: Record<string, unknown>,
  response: Record<string, unknown>,
  mcp: boolean,
  cwd?: string,
): HostRead | null {
  const text = textOf(response['llmContent'] ?? response['returnDisplay'] ?? null);
  if (mcp) return { tool, kind: 'tool', source: tool, text };
  switch (tool) {
    case 'read_file':
      return {
        tool,
        kind: 'file',
        source: str(input['absolute_path']) ?? str(input['file_path']) ?? str(input['path']) ?? '',
        text,
      };
    case 'read_many_files': {
      const paths = Array.isArray(input['paths']) ? input['paths'].filter((p) => typeof p === 'string') : [];
      return { tool, kind: 'file', source: (paths[0] as string | undefined) ?? cwd ?? '', text };
    }
    case 'web_fetch': {
      const prompt = str(input['prompt']) ?? str(input['url']) ?? '';
      return { tool, kind: 'url', source: URL_IN_TEXT.exec(prompt)?.[0] ?? prompt.slice(0, 500), text };
    }
    case 'google_web_search':
    case 'web_search':
      return { tool, kind: 'search', source: str(input['query']) ?? '', text };
    case 'search_file_content':
    case 'grep':
      return { tool, kind: 'file', source: str(input['path']) ?? cwd ?? '', text };
    case 'run_shell_command':
      return { tool, kind: 'command', source: str(input['command']) ?? '', text, onlyWithFindings: true };
    default:
      return null;
  }
}

export const gemini: ObserveHost = {
  name: 'gemini',
  translate(input): HostObservation {
    return observeToolEvent(input, { event: 'AfterTool', settings: 'Gemini CLI' }, (tool, toolInput, cwd) =>
      read(
        tool,
        toolInput,
        isObject(input['tool_response']) ? input['tool_response'] : {},
        isObject(input['mcp_context']),
        cwd,
      ),
    );
  },
  answer: () => '{}',
};
