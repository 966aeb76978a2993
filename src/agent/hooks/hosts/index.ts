/** The hosts `expacti hook NAME` answers for. */
import type { GateHost } from '../types.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { gemini } from './gemini.js';
import { cursor } from './cursor.js';
import { copilot } from './copilot.js';
import { cline } from './cline.js';
import { goose } from './goose.js';
import { kimi } from './kimi.js';

export const GATE_HOSTS: Readonly<Record<string, GateHost>> = {
  claude,
  gemini,
  codex,
  cursor,
  copilot,
  cline,
  goose,
  kimi,
};
