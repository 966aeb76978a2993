/**
 * The lockfile probe (issue 24, the `<package>` slot): the nearest lockfile of the ecosystem from
 * the working directory up to the repository root, each format read for names only.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeLockfile } from '../src/agent/probes/lockfile.js';
import type { LockfileProbe } from '../src/protocol/context.js';
import { tempDir } from './support/expacti.js';

const work = tempDir('expacti-lockfile-');
after(() => work.remove());
let n = 0;

function project(files: Record<string, string>): string {
  const dir = join(work.path, `p${++n}`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const ask = (ecosystem: LockfileProbe['ecosystem'], names: string[], cwd: string) =>
  probeLockfile({ kind: 'lockfile', id: 'lockfile-1', ecosystem, names }, { cwd, env: {}, home: work.path });

describe('probeLockfile', () => {
  it('reads package-lock.json (v3 packages, nested and scoped) and v1 dependencies', async () => {
    const dir = project({
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'shop', dependencies: { lodash: '^4' } },
          'node_modules/lodash': { version: '4.17.21' },
          'node_modules/@types/node': { version: '20.0.0' },
          'node_modules/a/node_modules/ms': { version: '2.0.0' },
        },
      }),
      'src/deep/x.ts': '',
    });
    const f = await ask('npm', ['lodash', '@types/node', 'ms', 'left-pad', 'shop'], join(dir, 'src', 'deep'));
    assert.equal(f.lockfile, join(dir, 'package-lock.json'));
    assert.deepEqual(f.present, ['lodash', '@types/node', 'ms']);
    assert.deepEqual(f.missing, ['left-pad', 'shop']);
    const v1 = project({
      'package-lock.json': JSON.stringify({ lockfileVersion: 1, dependencies: { zod: {} } }),
    });
    assert.deepEqual((await ask('npm', ['zod', 'zo'], v1)).present, ['zod']);
  });

  it('reads pnpm, yarn and bun lockfiles by exact name (no prefix matches)', async () => {
    const pnpm = project({
      'pnpm-lock.yaml':
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      zod:\n        specifier: ^3\npackages:\n  zod@3.23.8:\n    resolution: {integrity: x}\n  '@scope/pkg@1.0.0':\n    resolution: {}\n",
    });
    assert.deepEqual(await ask('npm', ['zod', '@scope/pkg', 'zo', 'pkg'], pnpm), {
      lockfile: join(pnpm, 'pnpm-lock.yaml'),
      present: ['zod', '@scope/pkg'],
      missing: ['zo', 'pkg'],
    });
    const yarn = project({
      'yarn.lock':
        '"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.2.0"\n\nlodash@^4.17.0:\n  version "4.17.21"\n',
    });
    assert.deepEqual((await ask('npm', ['lodash', '@babel/core', 'babel', 'lodash.merge'], yarn)).present, [
      'lodash',
      '@babel/core',
    ]);
    const bun = project({
      'bun.lock': '{\n  "packages": {\n    "hono": ["hono@4.0.0", "", {}, ""],\n  }\n}\n',
    });
    assert.deepEqual((await ask('npm', ['hono', 'hon'], bun)).present, ['hono']);
  });

  it('reads Python lockfiles with names compared as the index does (PEP 503)', async () => {
    const uv = project({ 'uv.lock': 'version = 1\n\n[[package]]\nname = "Flask_Login"\nversion = "0.6"\n' });
    assert.deepEqual(await ask('python', ['flask-login', 'Flask.Login', 'flask'], uv), {
      lockfile: join(uv, 'uv.lock'),
      present: ['flask-login', 'Flask.Login'],
      missing: ['flask'],
    });
    const req = project({
      'requirements.txt': '# pinned\nrequests==2.32.0\nrich>=13 ; python_version > "3.8"\n',
    });
    assert.deepEqual((await ask('python', ['requests', 'rich', 'urllib3'], req)).missing, ['urllib3']);
    const pipfile = project({
      'Pipfile.lock': JSON.stringify({ default: { django: {} }, develop: { pytest: {} } }),
    });
    assert.deepEqual((await ask('python', ['Django', 'pytest', 'flask'], pipfile)).present, [
      'Django',
      'pytest',
    ]);
  });

  it('stops at the repository root: a lockfile above the project is not the project’s', async () => {
    const outer = project({
      'package-lock.json': JSON.stringify({ packages: { 'node_modules/lodash': {} } }),
    });
    const inner = join(outer, 'vendor', 'other');
    mkdirSync(join(inner, '.git'), { recursive: true });
    await assert.rejects(ask('npm', ['lodash'], inner), /no npm lockfile/);
  });

  it('a lockfile that is not what its name says is an error, never a guess', async () => {
    const broken = project({ 'package-lock.json': '{ not json' });
    await assert.rejects(ask('npm', ['lodash'], broken));
  });
});
