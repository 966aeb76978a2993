/** The hosts `expacti init HOST` installs into (Claude Code has its own path: cli/initClaude.ts). */
import type { HostInstaller } from './types.js';
import { codexInstaller, copilotInstaller, cursorInstaller, geminiInstaller } from './jsonHosts.js';
import { clineInstaller, gooseInstaller, opencodeInstaller } from './fileHosts.js';
import { kimiInstaller } from './tomlHosts.js';

export function installers(sdkEntry: string): Readonly<Record<string, HostInstaller>> {
  return {
    gemini: geminiInstaller,
    codex: codexInstaller,
    cursor: cursorInstaller,
    copilot: copilotInstaller,
    cline: clineInstaller,
    goose: gooseInstaller,
    opencode: opencodeInstaller({ sdkEntry }),
    kimi: kimiInstaller,
  };
}

export const INSTALL_HOSTS = [
  'gemini',
  'codex',
  'cursor',
  'copilot',
  'cline',
  'goose',
  'opencode',
  'kimi',
] as const;
