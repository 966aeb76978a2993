/**
 * Parses Prometheus text exposition with the Prometheus project's own parser, the official Python
 * client's (prometheus_client.parser, Debian's python3-prometheus-client): what a scrape would see.
 * Missing: fail with the command that installs it. Never skip.
 */
import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({'name': f.name, 'type': f.type, 'help': f.documentation,
                'samples': [{'name': s.name, 'labels': s.labels,
                             'value': s.value if math.isfinite(s.value) else str(s.value)} for s in f.samples]})
print(json.dumps(out))
`;

export function parsePrometheus(text: string): Family[] {
  const res = spawnSync(PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8' });
  if (res.error || (res.status !== 0 && /No module named|not found/.test(res.stderr)))
    throw new Error(
      `the Prometheus parser is not installed (${res.error?.message ?? res.stderr.trim()}). Install it with:\n` +
        '  apt-get update && apt-get install -y python3-prometheus-client',
    );
  if (res.status !== 0) throw new Error(`the exposition does not parse:\n${res.stderr}`);
  return (JSON.parse(res.stdout) as Family[]).map((f) => ({
    ...f,
    samples: f.samples.map((s) => ({ ...s, value: Number(s.value) })),
  }));
}

/** The value of one sample, by sample name and a subset of its labels; undefined when absent. */
export function sampleValue(
  families: Family[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const f of families)
    for (const s of f.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
  return undefined;
}

/** The sum of the samples of one name whose labels include `labels`. */
export function sampleSum(families: Family[], name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const f of families)
    for (const s of f.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  return sum;
}
