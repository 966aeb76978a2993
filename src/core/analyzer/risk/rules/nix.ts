/**
 * Nix: profiles keep generations, so removing packages can be rolled back — until the garbage
 * collector deletes the old generations. Rebuilding the system switches what every service runs.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

export const nixRules: RiskRule[] = [
  {
    id: 'nix.system-switch',
    category: 'package-install',
    tier: 'high',
    reason: "Rebuilds and activates the machine's whole system configuration (services, users, boot entries)",
    match: {
      anyOf: [
        { program: ['nixos-rebuild', 'darwin-rebuild'], sub: [['switch', 'boot', 'test']] },
        {
          program: ['nix-env'],
          anyFlag: ['-p', '--profile'],
          anyWord: re(/^\/nix\/var\/nix\/profiles\/system/),
        },
      ],
    },
    examples: ['nixos-rebuild switch --flake .#host', 'darwin-rebuild switch --flake .'],
    counterExamples: ['nixos-rebuild build', 'nixos-rebuild dry-build'],
  },
  {
    id: 'nix.forget-generations',
    category: 'delete',
    tier: 'medium',
    reason:
      'Deletes old profile generations (rollbacks are no longer possible) or store paths other profiles may still want',
    match: {
      anyOf: [
        { program: ['nix-collect-garbage'], anyFlag: ['-d', '--delete-old', '--delete-older-than'] },
        { program: ['nix-env'], anyFlag: ['--delete-generations'] },
        { program: ['nix'], sub: [['profile'], ['wipe-history']] },
        { program: ['nix-store'], anyFlag: ['--delete'] },
        { program: ['nix'], sub: [['store'], ['delete']] },
        { program: ['home-manager'], sub: [['expire-generations', 'remove-generations']] },
      ],
      noFlag: ['--dry-run', '-n'],
    },
    examples: [
      'nix-collect-garbage -d',
      'nix-env --delete-generations old',
      'nix profile wipe-history',
      'nix-store --delete /nix/store/abc-foo',
    ],
    counterExamples: ['nix-collect-garbage --dry-run -d', 'nix-store --gc --print-dead'],
  },
  {
    id: 'nix.profile-change',
    category: 'package-install',
    tier: 'medium',
    reason:
      "Installs or removes packages in a Nix profile, or switches a user's home configuration (reversible by rollback)",
    match: {
      anyOf: [
        {
          program: ['nix-env'],
          anyFlag: [
            '-e',
            '--uninstall',
            '-i',
            '--install',
            '-u',
            '--upgrade',
            '--set',
            '--rollback',
            '--switch-generation',
            '-G',
          ],
        },
        { program: ['nix'], sub: [['profile'], ['install', 'add', 'remove', 'upgrade', 'rollback']] },
        { program: ['home-manager'], sub: [['switch']] },
        { program: ['nix-channel'], anyFlag: ['--add', '--remove', '--update', '--rollback'] },
      ],
    },
    examples: [
      "nix-env -e '.*'",
      'nix-env -iA nixpkgs.ripgrep',
      'nix profile remove hello',
      'home-manager switch',
    ],
    counterExamples: ['nix-env -q', 'nix profile list'],
  },
  {
    id: 'nix.gc',
    category: 'delete',
    tier: 'low',
    reason: 'Collects unreferenced store paths: whatever it removes is built or downloaded again when needed',
    match: {
      anyOf: [
        { program: ['nix-collect-garbage'], noFlag: ['-d', '--delete-old', '--delete-older-than'] },
        { program: ['nix-store'], anyFlag: ['--gc'] },
        { program: ['nix'], sub: [['store'], ['gc', 'optimise']] },
      ],
    },
    examples: ['nix-collect-garbage', 'nix-store --gc', 'nix store gc'],
    counterExamples: ['nix-collect-garbage -d'],
  },
];
