/**
 * Infrastructure CLIs: terraform and tofu (Go's flag package per subcommand: `-out=f` and `-out
 * f` alike, no clusters, options before the operands) and helm (cobra: options anywhere, short and
 * long names, subcommand aliases).
 */
import {
  flag,
  grouped,
  inheriting as cobra,
  value,
  writes,
  type CommandOptions,
  type OptionSpec,
} from './spec.js';

const tfCommon: OptionSpec[] = [
  value('-input'),
  flag('-no-color'),
  flag('-json'),
  value('-lock'),
  value('-lock-timeout'),
  value('-parallelism'),
  grouped('var', value('-var')),
  grouped('var', value('-var-file')),
  grouped('target', value('-target')),
  grouped('replace', value('-replace')),
  flag('-refresh-only'),
  flag('-destroy'),
  value('-refresh'),
];

const tfSub = (...extra: OptionSpec[]): CommandOptions => ({
  options: [...tfCommon, ...extra],
  singleDash: true,
});

export const terraform: CommandOptions = {
  singleDash: true,
  options: [grouped('chdir', value('-chdir'))],
  subcommands: {
    plan: tfSub(writes(value('-out')), flag('-detailed-exitcode')),
    apply: tfSub(flag('-auto-approve')),
    destroy: tfSub(flag('-auto-approve')),
    validate: tfSub(),
    fmt: tfSub(flag('-check'), flag('-diff'), flag('-recursive')),
    init: tfSub(
      flag('-upgrade'),
      flag('-reconfigure'),
      flag('-migrate-state'),
      grouped('backend', value('-backend-config')),
    ),
    output: tfSub(flag('-raw')),
    show: tfSub(),
  },
};

const helmCommon: OptionSpec[] = [
  value('-n', '--namespace'),
  value('--kube-context'),
  value('--kubeconfig'),
  flag('--debug'),
];

const helmRelease: OptionSpec[] = [
  grouped('values', value('-f', '--values')),
  grouped('values', value('--set')),
  grouped('values', value('--set-string')),
  grouped('values', value('--set-file')),
  value('--version'),
  flag('--wait'),
  flag('--atomic'),
  value('--timeout'),
  flag('--create-namespace'),
  flag('--dry-run'),
  flag('--reuse-values'),
  flag('--reset-values'),
];

export const helm: CommandOptions = {
  options: helmCommon,
  permute: true,
  aliases: { un: 'uninstall', del: 'uninstall', delete: 'uninstall', ls: 'list' },
  subcommands: {
    upgrade: cobra(...helmRelease, flag('-i', '--install')),
    install: cobra(...helmRelease, flag('-g', '--generate-name')),
    template: cobra(...helmRelease),
    uninstall: cobra(flag('--keep-history'), flag('--dry-run'), flag('--wait'), value('--timeout')),
    list: cobra(flag('-a', '--all'), flag('-A', '--all-namespaces'), value('-o', '--output')),
    status: cobra(value('-o', '--output')),
    rollback: cobra(flag('--wait'), value('--timeout'), flag('--dry-run')),
  },
};
