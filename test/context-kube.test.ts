/** Kube context/namespace from real kubeconfig files and flags; AWS profile/region; terraform workspace. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { collectProbes } from '../src/agent/probes/collect.js';
import type { ProbeRequest } from '../src/protocol/context.js';

let root: string;
let home: string;

const KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: staging
clusters:
  - name: staging-cluster
    cluster: { server: "https://k8s.staging.example.com" }
  - name: prod-cluster
    cluster:
      server: https://admin:hunter2@k8s.prod.example.com
contexts:
  - name: staging
    context: { cluster: staging-cluster, user: dev }
  - name: prod-eu
    context: { cluster: prod-cluster, user: ops, namespace: payments }
users: []
`;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'expacti-ctx-kube-'));
  home = join(root, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.kube', 'config'), KUBECONFIG);
  writeFileSync(join(root, 'other.yaml'), 'current-context: prod-eu\ncontexts: []\n');
  writeFileSync(
    join(home, '.aws', 'config'),
    '[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1\n',
  );
  mkdirSync(join(root, 'infra', '.terraform'), { recursive: true });
  writeFileSync(join(root, 'infra', '.terraform', 'environment'), 'production\n');
});

after(() => rmSync(root, { recursive: true, force: true }));

async function one(p: ProbeRequest, env: NodeJS.ProcessEnv = {}) {
  const { probes } = await collectProbes([p], { cwd: root, env: { HOME: home, ...env }, budgetMs: 2000 });
  return probes[0]?.fact;
}

describe('probeKube', () => {
  it('reads the current context from ~/.kube/config, with the default namespace', async () => {
    assert.deepEqual(await one({ kind: 'kube', id: 'kube-1', tool: 'kubectl' }), {
      known: true,
      value: {
        context: 'staging',
        namespace: 'default',
        cluster: 'staging-cluster',
        server: 'https://k8s.staging.example.com',
        source: join(home, '.kube', 'config'),
      },
    });
  });

  it('lets --context and -n win, and strips credentials from the server URL', async () => {
    const f = await one({ kind: 'kube', id: 'kube-1', tool: 'kubectl', context: 'prod-eu' });
    assert.ok(f?.known);
    assert.deepEqual(f.value, {
      context: 'prod-eu',
      namespace: 'payments',
      cluster: 'prod-cluster',
      server: 'https://admin@k8s.prod.example.com',
      source: `--context flag; ${join(home, '.kube', 'config')}`,
    });
    const ns = await one({
      kind: 'kube',
      id: 'kube-1',
      tool: 'kubectl',
      context: 'prod-eu',
      namespace: 'web',
    });
    assert.equal(ns?.known && (ns.value as { namespace: string }).namespace, 'web');
  });

  it('merges $KUBECONFIG files first-wins', async () => {
    const f = await one(
      { kind: 'kube', id: 'kube-1', tool: 'helm' },
      { KUBECONFIG: [join(root, 'other.yaml'), join(home, '.kube', 'config')].join(delimiter) },
    );
    assert.ok(f?.known);
    assert.equal((f.value as { context: string }).context, 'prod-eu');
  });

  it('says why when the context does not exist or no kubeconfig can be read', async () => {
    assert.deepEqual(await one({ kind: 'kube', id: 'kube-1', tool: 'kubectl', context: 'nope' }), {
      known: false,
      why: `context "nope" is not defined in ${join(home, '.kube', 'config')}`,
    });
    const missing = await one({ kind: 'kube', id: 'kube-1', tool: 'kubectl', kubeconfig: 'absent.yaml' });
    assert.equal(missing?.known, false);
    assert.match(
      missing?.known === false ? missing.why : '',
      /cannot read kubeconfig .*absent\.yaml: ENOENT/,
    );
  });
});

describe('probeAws and probeTerraform', () => {
  it('reads the AWS profile from the environment and its region from ~/.aws/config', async () => {
    assert.deepEqual(await one({ kind: 'aws', id: 'aws-1' }, { AWS_PROFILE: 'prod' }), {
      known: true,
      value: { profile: 'prod', region: 'eu-west-1', source: '$AWS_PROFILE, region from ~/.aws/config' },
    });
    assert.deepEqual(await one({ kind: 'aws', id: 'aws-1', region: 'ap-south-1' }), {
      known: true,
      value: { profile: null, region: 'ap-south-1', source: 'default profile, --region' },
    });
  });

  it('reads the terraform workspace from .terraform/environment, or default', async () => {
    assert.deepEqual(await one({ kind: 'terraform', id: 'terraform-1', dir: 'infra' }), {
      known: true,
      value: { workspace: 'production', source: join(root, 'infra', '.terraform', 'environment') },
    });
    const dflt = await one({ kind: 'terraform', id: 'terraform-1' });
    assert.equal(dflt?.known && (dflt.value as { workspace: string }).workspace, 'default');
    assert.deepEqual(
      await one({ kind: 'terraform', id: 'terraform-1', dir: 'infra' }, { TF_WORKSPACE: 'stage' }),
      { known: true, value: { workspace: 'stage', source: '$TF_WORKSPACE' } },
    );
  });
});
