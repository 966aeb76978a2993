/**
 * The effects recorder against the real kernel: every kind of effect the record must hold —
 * files opened for writing, created, truncated, linked, renamed, deleted, directories made,
 * programs executed, connections — each allowed and each refused, made by a child of a child of
 * the command (so what the recorder watches is the whole tree, not the process it started).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { helperPath } from '../src/agent/confine/helper.js';
import { resolveScope } from '../src/agent/confine/resolveScope.js';
import { readEffects } from '../src/agent/confine/effects.js';
import type { ExecScope } from '../src/protocol/scope.js';

// A program whose grandchild does one of each watched call inside the scope (argv[1], the
// project) and outside it (argv[2]), connects to a granted and a refused port, writes its pid, and
// execs a program under ~/.ssh (refused) and then /bin/true.
const PROGRAM = `#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
static void effects(const char *dir) {
  char a[4096], b[4096];
  snprintf(a, sizeof a, "%s/existing.txt", dir);
  close(open(a, O_WRONLY));                              /* write */
  snprintf(a, sizeof a, "%s/new.txt", dir);
  close(open(a, O_WRONLY | O_CREAT | O_EXCL, 0644));     /* create */
  truncate(a, 0);                                        /* truncate */
  snprintf(b, sizeof b, "%s/renamed.txt", dir);
  rename(a, b);                                          /* rename (-> renamed.txt, or refused) */
  snprintf(a, sizeof a, "%s/hard.txt", dir);
  link(b, a);                                            /* link */
  snprintf(a, sizeof a, "%s/soft.txt", dir);
  symlink("renamed.txt", a);                             /* symlink */
  snprintf(a, sizeof a, "%s/sub", dir);
  mkdir(a, 0755);                                        /* mkdir */
  snprintf(a, sizeof a, "%s/doomed.txt", dir);
  unlink(a);                                             /* delete */
}
static void connect_to(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
  connect(s, (struct sockaddr *)&in, sizeof in);
  close(s);
}
int main(int argc, char **argv) {
  if (argc < 6) return 2;
  pid_t child = fork();
  if (child == 0) {
    pid_t grandchild = fork();
    if (grandchild == 0) {
      effects(argv[1]);
      effects(argv[2]);
      connect_to(atoi(argv[3]));
      connect_to(atoi(argv[4]));
      FILE *f = fopen("grandchild.pid", "w");                   /* create, in the project */
      fprintf(f, "%d\\n", (int)getpid());
      fclose(f);
      execl(argv[5], argv[5], (char *)0);                       /* refused: under ~/.ssh */
      execl("/bin/true", "true", (char *)0);
      _exit(127);
    }
    int st;
    waitpid(grandchild, &st, 0);
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
  }
  int st;
  waitpid(child, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
`;

describe('the effects recorder (real kernel)', () => {
  let root: string;
  let project: string;
  let outside: string;
  let home: string;
  let bin: string;
  let server: Server;
  let port: number;

  before(async () => {
    assert.ok(helperPath(), 'the helper is built (npm ci builds it; CI installs a compiler)');
    root = mkdtempSync(join(tmpdir(), 'expacti-recorder-'));
    project = join(root, 'project');
    outside = join(root, 'outside');
    home = join(root, 'home');
    for (const d of [join(project, '.git'), outside, join(root, 'tmp'), join(home, '.ssh')])
      mkdirSync(d, { recursive: true });
    for (const d of [project, outside])
      for (const f of ['existing.txt', 'doomed.txt']) writeFileSync(join(d, f), 'x');
    writeFileSync(join(home, '.ssh', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    const src = join(root, 'effects.c');
    writeFileSync(src, PROGRAM);
    bin = join(root, 'effects');
    const cc = spawnSync(process.env['CC'] ?? 'cc', ['-O2', '-o', bin, src]);
    assert.equal(cc.status, 0, String(cc.stderr));
    server = createServer((s) => s.end());
    port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
  });
  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('records each kind of effect a grandchild makes, allowed inside the scope and refused outside', () => {
    const scope: ExecScope = {
      read: 'default',
      readSecrets: [],
      write: ['.', '$TMP'],
      remove: [],
      network: { mode: 'tcp', ports: [port] },
      unix: 'none',
      keepEnv: [],
      why: [],
    };
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TMPDIR: join(root, 'tmp') };
    const resolved = resolveScope(scope, project, env);
    const file = join(root, 'record.jsonl');
    const refusedPort = port === 65535 ? port - 1 : port + 1;
    const r = spawnSync(
      helperPath() as string,
      [
        '--scope',
        resolved.text,
        '--record',
        file,
        '--',
        bin,
        project,
        outside,
        String(port),
        String(refusedPort),
        join(home, '.ssh', 'tool'),
      ],
      { cwd: project, env: resolved.env },
    );
    assert.equal(r.status, 0, String(r.stderr));
    const text = readFileSync(file, 'utf8');
    const grandchild = Number(readFileSync(join(project, 'grandchild.pid'), 'utf8'));
    // The raw lines: each of the grandchild's calls, with its pid.
    const raw = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { op?: string; pid?: number; path?: string; port?: number });
    const byGrandchild = raw.filter((l) => l.pid === grandchild);
    const kinds = new Set(byGrandchild.map((l) => l.op));
    for (const k of [
      'write',
      'create',
      'truncate',
      'rename',
      'link',
      'symlink',
      'mkdir',
      'delete',
      'connect',
      'exec',
    ])
      assert.ok(
        kinds.has(k),
        `${k} by the grandchild (pid ${grandchild}) in ${JSON.stringify(byGrandchild)}`,
      );
    // A symlink's target is recorded as the link holds it (relative to the link, not the cwd).
    const links = raw.filter((l) => l.op === 'symlink' && l.pid === grandchild) as Array<{ target?: string }>;
    assert.ok(links.length >= 2 && links.every((l) => l.target === 'renamed.txt'), JSON.stringify(links));
    // What the agent makes of it: each effect marked allowed or refused by the scope.
    const record = readEffects(text, scope, resolved, home);
    const seen = record.entries.map(
      (e) =>
        `${e.allowed ? 'allowed' : 'refused'} ${e.op} ${(e.path ?? e.addr ?? '').replace(root, '')}${e.port ? `:${e.port}` : ''}`,
    );
    const expected: string[] = [];
    for (const [where, verdict] of [
      ['/project', 'allowed'],
      ['/outside', 'refused'],
    ] as const)
      expected.push(
        `${verdict} write ${where}/existing.txt`,
        `${verdict} create ${where}/new.txt`,
        `${verdict} truncate ${where}/new.txt`,
        `${verdict} rename ${where}/new.txt`,
        `${verdict} link ${where}/hard.txt`,
        `${verdict} symlink ${where}/soft.txt`,
        `${verdict} mkdir ${where}/sub`,
        `${verdict} delete ${where}/doomed.txt`,
      );
    expected.push(
      `allowed connect 127.0.0.1:${port}`,
      `refused connect 127.0.0.1:${refusedPort}`,
      'allowed create /project/grandchild.pid',
      'refused exec /home/.ssh/tool',
      'allowed exec /bin/true',
    );
    for (const e of expected) assert.ok(seen.includes(e), `${e} in\n${seen.join('\n')}`);
    // The kernel enforced what the record says: nothing changed outside the scope.
    assert.equal(readFileSync(join(outside, 'doomed.txt'), 'utf8'), 'x');
  });
});
