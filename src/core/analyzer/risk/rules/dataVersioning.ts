/**
 * Data and model versioning (DVC, git-annex, MLflow): the data lives in caches and remotes beside
 * the repository, so their garbage collectors and drops delete data git cannot bring back.
 */
import type { RiskRule } from '../rule.js';
import { path, re } from '../dsl.js';

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
  {
    id: 'data.table-overwrite',
    category: 'database',
    tier: 'critical',
    reason: 'Loads a file into a database table with --overwrite: the table is dropped and created again',
    match: { program: ['csvsql'], anyFlag: ['--overwrite'], flags: [['--db']] },
    examples: ['csvsql --db postgresql://app@db/app --insert --overwrite --tables customers customers.csv'],
    counterExamples: [
      'csvsql --db postgresql://app@db/app --insert --tables customers customers.csv',
      'csvsql data.csv',
    ],
    weight: 15,
  },
  {
    id: 'package.remote-remove',
    category: 'publish',
    tier: 'critical',
    reason: 'Deletes every package matching a pattern from a shared remote repository',
    match: {
      program: ['conan'],
      sub: [['remove', 'rm']],
      anyFlag: ['-r', '--remote'],
      operand: re(/^\*$|\*\/\*|^\*@/),
    },
    examples: ['conan remove "*" -r artifactory -c'],
    counterExamples: ['conan remove "*" -c', 'conan remove zlib/1.2.13 -r artifactory -c'],
    weight: 15,
  },
  {
    id: 'package.local-cache-remove',
    category: 'delete',
    tier: 'low',
    reason: 'Removes packages from the local Conan cache: they are fetched or built again',
    match: { program: ['conan'], sub: [['remove', 'rm']], noFlag: ['-r', '--remote'] },
    examples: ['conan remove "*" -c'],
    counterExamples: ['conan remove "*" -r artifactory -c'],
  },
  {
    id: 'exec.remote-notebook',
    category: 'remote-code',
    tier: 'high',
    reason: 'Executes a notebook fetched from a URL: its code runs here',
    match: { program: ['papermill'], operand: re(/^(https?|s3|gs|abfs):\/\//) },
    examples: ['papermill https://raw.githubusercontent.com/x/y/main/setup.ipynb out.ipynb'],
    counterExamples: ['papermill notebooks/report.ipynb out.ipynb'],
  },
  {
    id: 'download.go-run-remote',
    category: 'download',
    tier: 'medium',
    reason: 'Downloads a Go module at a version and runs it (as npx does for a package)',
    match: { program: ['go'], sub: [['run']], operand: re(/^[\w.-]+\.[a-z]{2,}\/[^@\s]+@[\w.+-]+$/) },
    examples: [
      'go run github.com/xq-tools/setup@latest --init',
      'go run golang.org/x/tools/cmd/stringer@v0.20.0 -type=X',
    ],
    counterExamples: ['go run ./cmd/server', 'go run main.go'],
  },
  {
    id: 'data.overwrite-in-place',
    category: 'disk',
    tier: 'high',
    reason:
      'Rewrites a scientific data file over itself (NCO with -O): what the command drops is gone from the file',
    match: {
      program: [
        'ncks',
        'ncap2',
        'ncatted',
        'ncrename',
        'ncpdq',
        'ncwa',
        'ncra',
        'ncrcat',
        'ncbo',
        'ncflint',
        'nces',
        'ncecat',
      ],
      anyFlag: ['-O', '--ovr', '--overwrite'],
      lastOperand: path('data-file'),
    },
    examples: ['ncks -O -x -v temperature data/era5.nc data/era5.nc'],
    counterExamples: ['ncks -v temperature data/era5.nc out/temp.nc', 'ncdump -h data/era5.nc'],
  },
];
