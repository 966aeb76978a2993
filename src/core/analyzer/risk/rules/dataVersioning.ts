/**
 * Data and model versioning (DVC, git-annex, MLflow): the data lives in caches and remotes beside
 * the repository, so their garbage collectors and drops delete data git cannot bring back.
 */
import type { RiskRule } from '../rule.js';

export const dataVersioningRules: RiskRule[] = [
  {
    id: 'data.remote-gc',
    category: 'delete',
    tier: 'critical',
    reason:
      'Garbage-collects the shared remote store: every dataset or model version the current workspace does not use is deleted for everyone',
    match: {
      anyOf: [
        { program: ['dvc'], sub: [['gc']], anyFlag: ['-c', '--cloud'] },
        { program: ['git'], sub: [['annex'], ['dropunused']], anyFlag: ['--from'] },
      ],
    },
    examples: [
      'dvc gc -w -c -f',
      'dvc gc --workspace --cloud --force -r storage',
      'git annex dropunused --from origin all',
    ],
    counterExamples: ['dvc gc -w', 'dvc push'],
    weight: 15,
  },
  {
    id: 'data.gc',
    category: 'delete',
    tier: 'high',
    reason:
      'Deletes versions of datasets, models or experiment runs (local cache, annexed content, deleted runs): what is not also in a remote is gone',
    match: {
      anyOf: [
        { program: ['dvc'], sub: [['gc', 'destroy']] },
        {
          program: ['dvc'],
          sub: [
            ['exp', 'experiments'],
            ['remove', 'rm', 'gc'],
          ],
        },
        {
          program: ['git'],
          sub: [['annex'], ['drop', 'dropunused', 'dropkey', 'uninit', 'unused']],
          anyFlag: ['--force', '--from'],
        },
        { program: ['git'], sub: [['annex'], ['dropunused', 'dropkey', 'uninit']] },
        { program: ['mlflow'], sub: [['gc']] },
        { program: ['datalad'], sub: [['drop', 'remove']] },
      ],
    },
    examples: [
      'dvc gc -w -f',
      'dvc destroy -f',
      'git annex drop --force data/big.bin',
      'mlflow gc --backend-store-uri sqlite:///mlflow.db',
      'dvc exp gc -w',
    ],
    counterExamples: ['dvc status', 'git annex drop data/big.bin', 'dvc gc --help'],
  },
  {
    id: 'data.push',
    category: 'network',
    tier: 'medium',
    reason: "Uploads datasets or models to the project's configured remote storage",
    match: {
      anyOf: [
        { program: ['dvc'], sub: [['push']] },
        { program: ['git'], sub: [['annex'], ['copy', 'move', 'sync']], anyFlag: ['--to', '--content'] },
        { program: ['datalad'], sub: [['push']] },
      ],
    },
    examples: ['dvc push', 'dvc push -r storage', 'git annex copy --to origin data/'],
    counterExamples: ['dvc pull'],
  },
  {
    id: 'data.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Shows the state of versioned data, pipelines and metrics',
    match: {
      anyOf: [
        { program: ['dvc'], sub: [['status', 'diff', 'dag', 'list', 'ls', 'doctor', 'version']] },
        {
          program: ['dvc'],
          sub: [
            ['metrics', 'params', 'plots', 'exp', 'experiments'],
            ['show', 'diff'],
          ],
        },
        { program: ['git'], sub: [['annex'], ['whereis', 'info', 'list', 'find', 'status']] },
      ],
    },
    examples: ['dvc status', 'dvc metrics show', 'dvc exp show', 'git annex whereis data/'],
    counterExamples: ['dvc gc -w'],
  },
];
