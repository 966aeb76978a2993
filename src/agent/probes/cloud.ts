/**
 * Cloud and IaC probes, from files and environment only: the AWS profile and region a command
 * would use, and the terraform workspace of its directory.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AwsFact, AwsProbe, TerraformFact, TerraformProbe } from '../../protocol/context.js';
import type { ProbeEnv } from './types.js';

/** The `region` of a profile in ~/.aws/config (`[profile x]`, or `[default]`). */
async function configRegion(env: ProbeEnv, profile: string | null): Promise<string | null> {
  const file = env.env['AWS_CONFIG_FILE'] ?? join(env.home, '.aws', 'config');
  const text = await readFile(file, 'utf8').catch(() => '');
  const want = profile && profile !== 'default' ? `profile ${profile}` : 'default';
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (head) section = (head[1] ?? '').trim();
    const kv = /^\s*region\s*=\s*(\S+)/.exec(line);
    if (kv && section === want) return kv[1] ?? null;
  }
  return null;
}

export async function probeAws(p: AwsProbe, env: ProbeEnv): Promise<AwsFact> {
  const e = env.env;
  const profile = p.profile ?? e['AWS_PROFILE'] ?? e['AWS_DEFAULT_PROFILE'] ?? null;
  const explicit = p.region ?? e['AWS_REGION'] ?? e['AWS_DEFAULT_REGION'] ?? null;
  const region = explicit ?? (await configRegion(env, profile));
  const from = [
    p.profile ? '--profile' : profile ? '$AWS_PROFILE' : 'default profile',
    p.region ? '--region' : explicit ? '$AWS_REGION' : region ? 'region from ~/.aws/config' : 'no region set',
  ];
  return { profile, region, source: from.join(', ') };
}

export async function probeTerraform(p: TerraformProbe, env: ProbeEnv): Promise<TerraformFact> {
  const fromEnv = env.env['TF_WORKSPACE'];
  if (fromEnv) return { workspace: fromEnv, source: '$TF_WORKSPACE' };
  const dir = resolve(env.cwd, p.dir ?? '.');
  const data = resolve(dir, env.env['TF_DATA_DIR'] ?? '.terraform');
  const file = join(data, 'environment');
  try {
    return { workspace: (await readFile(file, 'utf8')).trim() || 'default', source: file };
  } catch {
    return { workspace: 'default', source: `${file} absent: the default workspace` };
  }
}
