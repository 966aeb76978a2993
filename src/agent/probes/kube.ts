/**
 * The Kubernetes probe: the context and namespace kubectl/helm would use, from flags, then the
 * environment (HELM_KUBECONTEXT, HELM_NAMESPACE), then kubeconfig ($KUBECONFIG, a list merged
 * first-wins, or ~/.kube/config). Reads files only; never talks to a cluster.
 */
import { readFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { load } from 'js-yaml';
import type { KubeFact, KubeProbe } from '../../protocol/context.js';
import type { ProbeEnv } from './types.js';
import { redactUrl } from './redact.js';

interface Named<T> {
  name?: unknown;
  context?: T;
  cluster?: T;
}

interface KubeConfig {
  'current-context'?: unknown;
  contexts?: Array<Named<{ cluster?: unknown; namespace?: unknown; user?: unknown }>>;
  clusters?: Array<Named<{ server?: unknown }>>;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

export async function probeKube(p: KubeProbe, env: ProbeEnv): Promise<KubeFact> {
  const files = p.kubeconfig
    ? [resolve(env.cwd, p.kubeconfig)]
    : env.env['KUBECONFIG']
      ? env.env['KUBECONFIG']
          .split(delimiter)
          .filter(Boolean)
          .map((f) => resolve(env.cwd, f))
      : [join(env.home, '.kube', 'config')];
  const source = p.kubeconfig
    ? `--kubeconfig ${p.kubeconfig}`
    : env.env['KUBECONFIG']
      ? `$KUBECONFIG (${files.join(', ')})`
      : (files[0] ?? '');
  const configs: KubeConfig[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch (e) {
      if (files.length === 1)
        throw new Error(
          `cannot read kubeconfig ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      continue;
    }
    const doc = load(text, { filename: f });
    if (doc && typeof doc === 'object') configs.push(doc as KubeConfig);
  }
  const pick = <T>(list: (c: KubeConfig) => Array<Named<T>> | undefined, name: string): T | undefined => {
    for (const c of configs)
      for (const item of list(c) ?? []) if (item?.name === name) return item.context ?? item.cluster;
    return undefined;
  };
  const helm = p.tool === 'helm';
  const current = configs.map((c) => str(c['current-context'])).find((c) => c !== null) ?? null;
  const context = p.context ?? (helm ? str(env.env['HELM_KUBECONTEXT']) : null) ?? current;
  const ctx = context ? pick((c) => c.contexts, context) : undefined;
  if (context && !ctx) throw new Error(`context "${context}" is not defined in ${source}`);
  const cluster = ctx ? str(ctx.cluster) : null;
  const server = cluster
    ? str((pick((c) => c.clusters, cluster) as { server?: unknown } | undefined)?.server)
    : null;
  const namespace =
    p.namespace ??
    (helm ? str(env.env['HELM_NAMESPACE']) : null) ??
    (ctx ? str(ctx.namespace) : null) ??
    'default';
  return {
    context,
    namespace,
    cluster,
    server: server && redactUrl(server),
    source: p.context ? `--context flag; ${source}` : source,
  };
}
