/**
 * Cursor's hooks (.cursor/hooks.json), by hook_event_name: beforeReadFile `{file_path, content,
 * attachments}` (answered `{"permission": "allow"}` — observing never blocks a read),
 * afterMCPExecution `{tool_name, tool_input, result_json}` and afterShellExecution `{command,
 * output}` (answered `{}`). The session is the conversation; the project is the first workspace root.
 */
import { isObject, str, type HostObservation, type ObserveHost } from './types.js';

export const cursor: ObserveHost = {
  name: 'cursor',
  translate(input): HostObservation {
    const out: HostObservation = { reads: [] };
    const session = str(input['conversation_id']);
    if (session) out.session = session.slice(0, 255);
    const roots = Array.isArray(input['workspace_roots']) ? input['workspace_roots'] : [];
    const cwd = str(input['cwd']) ?? (typeof roots[0] === 'string' ? roots[0] : undefined);
    if (cwd?.startsWith('/')) out.cwd = cwd;
    const event = str(input['hook_event_name']);
    switch (event) {
      case 'beforeReadFile':
        out.reads.push({
          tool: event,
          kind: 'file',
          source: str(input['file_path']) ?? '',
          text: typeof input['content'] === 'string' ? input['content'] : null,
        });
        break;
      case 'afterMCPExecution': {
        const tool = str(input['tool_name']) ?? 'mcp';
        const result = input['result_json'];
        out.reads.push({
          tool,
          kind: 'tool',
          source: tool,
          text: typeof result === 'string' ? result : result === undefined ? null : JSON.stringify(result),
        });
        break;
      }
      case 'afterShellExecution':
        out.reads.push({
          tool: event,
          kind: 'command',
          source: str(input['command']) ?? '',
          text: typeof input['output'] === 'string' ? input['output'] : null,
          onlyWithFindings: true,
        });
        break;
      default:
        out.error = `expacti observes beforeReadFile, afterMCPExecution and afterShellExecution, not ${event ?? 'an unnamed event'}`;
    }
    return out;
  },
  answer: (input) =>
    isObject(input) && input['hook_event_name'] === 'beforeReadFile' ? '{"permission":"allow"}' : '{}',
};
