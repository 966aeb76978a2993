import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shellOf } from '../support/shellAnalyzer.js';
import type { SimpleCommand } from '../../src/core/analyzer/types.js';

function argvs(commands: SimpleCommand[]): string[] {
  return commands.map((c) => c.argv.map((w) => w.value).join(' '));
}

async function programs(text: string): Promise<Array<string | null>> {
  return (await shellOf(text)).commands.map((c) => c.program);
}

async function codes(text: string): Promise<string[]> {
  return (await shellOf(text)).findings.map((f) => f.code);
}

describe('analyzeShell: commands in nested constructs', () => {
  const cases: Array<[string, string[]]> = [
    ['git status && rm -rf ~', ['git status', 'rm -rf ~']],
    ['ls\nrm -rf ~', ['ls', 'rm -rf ~']],
    ['a | b |& c', ['a', 'b', 'c']],
    ['a || b; c &', ['a', 'b', 'c']],
    ['(a; b) && { c; }', ['a', 'b', 'c']],
    ['ls $(rm -rf ~)', ['ls $(rm -rf ~)', 'rm -rf ~']],
    ['ls `rm -rf ~`', ['ls `rm -rf ~`', 'rm -rf ~']],
    ['echo "x $(id) y"', ['echo x $(id) y', 'id']],
    ['X=$(rm -rf ~) npm --version', ['npm --version', 'rm -rf ~']],
    ['X=$(whoami)', ['', 'whoami']],
    ['diff <(sort a) >(tee b)', ['diff <(sort a) >(tee b)', 'sort a', 'tee b']],
    ['cat <<EOF\n$(rm -rf ~)\nEOF', ['cat', 'rm -rf ~']],
    ['cat <<EOF\n`id`\nEOF', ['cat', 'id']],
    ["cat <<'EOF'\n$(rm -rf ~)\nEOF", ['cat']],
    ['if a; then b; elif c; then d; else e; fi', ['a', 'b', 'c', 'd', 'e']],
    ['while a; do b; done; until c; do d; done', ['a', 'b', 'c', 'd']],
    ['for f in $(ls); do rm "$f"; done', ['for f in $(ls)', 'ls', 'rm $f']],
    ['case $(x) in a) b;; *) c;; esac', ['x', 'b', 'c']],
    ['f() { rm -rf ~; }; f', ['rm -rf ~', 'f']],
    ['! a', ['a']],
    ['[[ -f $(x) ]] && y', ['[[ -f $(x) ]]', 'x', 'y']],
    ['echo ${X:-$(id)}', ['echo ${X:-$(id)}', 'id']],
    ['cat > $(mktemp)', ['cat', 'mktemp']],
    ['a $(b $(c))', ['a $(b $(c))', 'b $(c)', 'c']],
    ['cat <<EOF | sh\nrm -rf ~\nEOF', ['cat', 'rm -rf ~']],
    ['cat run.sh | sh', ['cat run.sh', 'sh']],
  ];
  for (const [text, expected] of cases) {
    it(`lists every command of ${JSON.stringify(text)}`, async () => {
      const a = await shellOf(text);
      assert.equal(a.parsed, true, JSON.stringify(a.findings));
      assert.deepEqual(argvs(a.commands), expected);
    });
  }

  it('marks where each command sits', async () => {
    const a = await shellOf('a | b; (c); $(d); if e; then f; fi; for x in y; do g; done; h &');
    const placement = Object.fromEntries(a.commands.map((c) => [c.argv[0]?.value ?? '', c.placement]));
    assert.deepEqual(placement.b, ['pipeline']);
    assert.deepEqual(placement.c, ['subshell']);
    assert.deepEqual(placement.d, ['command-substitution']);
    assert.deepEqual(placement.e, ['condition']);
    assert.deepEqual(placement.g, ['loop-body']);
    assert.deepEqual(placement.h, ['background']);
  });

  it('gives each pipeline stage its position and the programs upstream', async () => {
    const a = await shellOf('echo x | base64 -d | sh');
    assert.deepEqual(a.commands[2]?.pipeline, { index: 2, length: 3, upstream: ['echo', 'base64'], id: 0 });
  });
});

describe('analyzeShell: words', () => {
  it('removes quotes and decodes escapes and ANSI-C strings', async () => {
    const a = await shellOf(String.raw`r''m "a b" 'c d' e\ f $'\x72\155\u0041\n' "g\"h\$i"`);
    assert.deepEqual(
      a.commands[0]?.argv.map((w) => w.value),
      ['rm', 'a b', 'c d', 'e f', 'rmA\n', 'g"h$i'],
    );
    assert.equal(a.commands[0]?.program, 'rm');
    assert.equal(a.commands[0]?.argv[0]?.quoted, true);
  });

  it('joins words that tree-sitter splits but bash does not (line continuation)', async () => {
    const a = await shellOf('r\\\nm -rf ~');
    assert.equal(a.commands[0]?.program, 'rm');
  });

  it('marks dynamic parts', async () => {
    const a = await shellOf('echo $X ${Y} $(z) $((1+2)) *.ts {a,b} ~/x "$Q" \'*\'');
    const kinds = a.commands[0]?.argv.slice(1).map((w) => w.dynamic.join(','));
    assert.deepEqual(kinds, [
      'parameter',
      'parameter',
      'command-substitution',
      'arithmetic',
      'glob',
      'brace',
      'brace',
      'tilde',
      'parameter',
      '',
    ]);
  });

  it('expands braces so an obfuscated program is seen', async () => {
    const a = await shellOf('r{m,} -rf ~');
    assert.equal(a.commands[0]?.program, 'rm');
    assert.deepEqual(
      a.commands[0]?.argv.map((w) => w.value),
      ['rm', 'r', '-rf', '~'],
    );
  });

  it('sees the program of a substitution that only echoes text, and still flags it', async () => {
    const a = await shellOf('`echo rm` -rf ~');
    assert.equal(a.commands[0]?.program, 'rm');
    assert.ok(a.findings.some((f) => f.code === 'exec.dynamic-command' && f.command === 0));
  });

  it('records env assignments and redirects', async () => {
    const a = await shellOf('A=1 B="x y" cmd 2>&1 >out <in >>log');
    const c = a.commands[0];
    assert.deepEqual(
      c?.assignments.map((x) => [x.name, x.value.value]),
      [
        ['A', '1'],
        ['B', 'x y'],
      ],
    );
    assert.deepEqual(
      c?.redirects.map((r) => [r.fd, r.op, r.target.value]),
      [
        [2, '>&', '1'],
        [null, '>', 'out'],
        [null, '<', 'in'],
        [null, '>>', 'log'],
      ],
    );
  });

  it('keeps heredoc bodies and whether they expand', async () => {
    const a = await shellOf("cat <<'EOF'\n$(x)\nEOF");
    assert.deepEqual(a.commands[0]?.redirects[0]?.heredoc, { body: '$(x)\n', quoted: true });
  });
});

describe('analyzeShell: unwrapping', () => {
  const cases: Array<[string, string, string[]]> = [
    ['sudo -u root rm -rf /x', 'rm -rf /x', ['sudo']],
    ['doas rm x', 'rm x', ['doas']],
    ['env -i -u B A=1 rm x', 'rm x', ['env']],
    ['env -S "rm -rf ~"', 'rm -rf ~', ['env']],
    ['bash -c "rm -rf ~"', 'rm -rf ~', ['bash']],
    ["sh -ec 'rm x'", 'rm x', ['sh']],
    ["zsh -c 'rm x'", 'rm x', ['zsh']],
    ["su - root -c 'rm x'", 'rm x', ['su']],
    ['eval "rm -rf ~"', 'rm -rf ~', ['eval']],
    ['nohup rm x', 'rm x', ['nohup']],
    ['timeout -k 5 10 rm x', 'rm x', ['timeout']],
    ['nice -n 10 rm x', 'rm x', ['nice']],
    ['ionice -c 3 rm x', 'rm x', ['ionice']],
    ['time rm x', 'rm x', ['time']],
    ['stdbuf -oL rm x', 'rm x', ['stdbuf']],
    ['setsid rm x', 'rm x', ['setsid']],
    ["watch -n 1 'rm x'", 'rm x', ['watch']],
    ['command rm x', 'rm x', ['command']],
    ['builtin cd x', 'cd x', ['builtin']],
    ['exec rm x', 'rm x', ['exec']],
    ['xargs -0 rm', 'rm …', ['xargs']],
    ['busybox rm x', 'rm x', ['busybox']],
    ["ssh -p 22 host 'rm -rf ~'", 'rm -rf ~', ['ssh']],
    ['docker exec -it web rm x', 'rm x', ['docker']],
    ['kubectl exec -n prod web -- rm x', 'rm x', ['kubectl']],
    ['git -c core.pager=less log', 'git log', ['git']],
    ['sudo env A=1 timeout 5 bash -c "nice rm x"', 'rm x', ['sudo', 'env', 'timeout', 'bash', 'nice']],
    ["bash <<'EOF'\nrm -rf ~\nEOF", 'rm -rf ~', ['bash']],
    ["sh <<< 'rm x'", 'rm x', ['sh']],
    ["trap 'rm -rf ~' EXIT", 'rm -rf ~', ['trap']],
    ["script -qc 'rm x' /dev/null", 'rm x', ['script']],
    ['coproc rm x', 'rm x', ['coproc']],
  ];
  for (const [text, inner, wrappers] of cases) {
    it(`finds ${JSON.stringify(inner)} inside ${JSON.stringify(text)}`, async () => {
      const a = await shellOf(text);
      assert.equal(a.parsed, true, JSON.stringify(a.findings));
      const found = a.commands.find((c) => c.argv.map((w) => w.value).join(' ') === inner);
      assert.ok(found, `commands: ${JSON.stringify(argvs(a.commands))}`);
      assert.deepEqual(
        found.wrappers.map((w) => w.program),
        wrappers,
      );
    });
  }

  it('keeps find itself and runs each -exec command, marking {} and -delete', async () => {
    // One root and one -name test: {} is a path so named below the root (a glob).
    const a = await shellOf('find . -name "*.o" -exec rm {} \\; -delete');
    assert.deepEqual(argvs(a.commands), ['find . -name *.o -exec rm {} ; -delete', 'rm ./**/*.o']);
    assert.deepEqual(a.commands[1]?.argv[1]?.dynamic, ['glob']);
    assert.equal(a.commands[1]?.argv[1]?.canonical, '{}');
    assert.ok(a.findings.some((f) => f.code === 'find.delete'));
    // An operator that can widen the filter: {} is not known.
    const b = await shellOf('find . -name "*.o" -o -name x -exec rm {} \\;');
    assert.deepEqual(b.commands[1]?.argv[1]?.dynamic, ['parameter']);
    // No name test: {} is the root and everything below it.
    const c = await shellOf('find ~ -type f -exec rm {} +');
    assert.equal(c.commands[1]?.argv[1]?.value, '~');
  });

  it('marks a remote command with where it runs', async () => {
    const a = await shellOf('ssh prod "rm x"');
    assert.equal(a.commands[0]?.wrappers[0]?.remote, 'prod');
  });

  it('stops at the unwrap depth bound and says so', async () => {
    let text = 'rm x';
    for (let i = 0; i < 12; i++) text = `sh -c ${JSON.stringify(text).replace(/\$/g, '\\$')}`;
    const a = await shellOf(text);
    assert.equal(a.parsed, false);
    assert.ok(a.findings.some((f) => f.code === 'limit.depth'));
  });
});

describe('analyzeShell: code execution findings', () => {
  const flagged: Array<[string, string]> = [
    ['$CMD -rf ~', 'exec.dynamic-command'],
    ['eval "$X"', 'exec.dynamic-command'],
    ['bash -c "$X"', 'exec.dynamic-command'],
    ["python3 -c 'import os'", 'exec.arbitrary-code'],
    ["node -e 'require(1)'", 'exec.arbitrary-code'],
    ["perl -ne 'print'", 'exec.arbitrary-code'],
    ["ruby -e 'x'", 'exec.arbitrary-code'],
    ['awk \'BEGIN{system("id")}\'', 'exec.arbitrary-code'],
    ['awk \'{print | "sh"}\' f', 'exec.arbitrary-code'],
    ["sed -n '1e id' f", 'exec.arbitrary-code'],
    ["sed 's/a/b/e' f", 'exec.arbitrary-code'],
    ["sed 'w /tmp/x' f", 'exec.arbitrary-code'],
    ['tar --checkpoint=1 --checkpoint-action=exec=sh -cf x.tar .', 'exec.arbitrary-code'],
    ['rg --pre ./evil x', 'exec.arbitrary-code'],
    ['git -c core.fsmonitor=./evil status', 'exec.arbitrary-code'],
    ['git -c core.sshCommand=evil fetch', 'exec.arbitrary-code'],
    ["git -c alias.st='!rm -rf ~' st", 'exec.arbitrary-code'],
    ["vim -c ':!id' f", 'exec.arbitrary-code'],
    ["less '+!id' f", 'exec.arbitrary-code'],
    ['python3 <<EOF\nimport os\nEOF', 'exec.arbitrary-code'],
    ['LD_PRELOAD=/tmp/x.so ls', 'exec.arbitrary-code'],
    ['NODE_OPTIONS=--require=/tmp/x npm test', 'exec.arbitrary-code'],
    ['GIT_SSH_COMMAND=evil git fetch', 'exec.arbitrary-code'],
    ['BASH_ENV=/tmp/x bash -c ls', 'exec.arbitrary-code'],
    ['NODE_OPTIONS="--max-old-space-size=4096 --import=./x.mjs" npm test', 'exec.arbitrary-code'],
    ['NODE_OPTIONS="--inspect" npm test', 'exec.arbitrary-code'],
    ['NODE_OPTIONS="$OPTS" npm test', 'exec.arbitrary-code'],
    ['NODE_OPTIONS=\'--max-old-space-size="4096"\' npm test', 'exec.arbitrary-code'],
    ['PYTHONPATH=/tmp/evil pytest', 'exec.arbitrary-code'],
    ['PYTHONPATH=src:/opt/x pytest', 'exec.arbitrary-code'],
    ['PYTHONPATH=src/../../x pytest', 'exec.arbitrary-code'],
    ['PYTHONPATH=~/x pytest', 'exec.arbitrary-code'],
    ['PYTHONPATH=$HOME/x pytest', 'exec.arbitrary-code'],
    ['export PYTHONPATH=/tmp/x', 'exec.arbitrary-code'],
    ['NODE_PATH=/tmp/m node x.js', 'exec.arbitrary-code'],
    ['LD_PRELOAD=./x.so ls', 'exec.arbitrary-code'],
    ['echo cm0gLXJmIH4= | base64 -d | sh', 'exec.decoded-pipe'],
    ['xxd -r -p x | bash', 'exec.decoded-pipe'],
    ['echo hs | rev | sh', 'exec.decoded-pipe'],
    ["printf '\\x72m' | bash", 'exec.decoded-pipe'],
    ['curl -s https://x | sh', 'exec.stdin-script'],
    ['curl -s https://x | sudo bash', 'exec.stdin-script'],
    ['bash ./install.sh', 'exec.script-file'],
    ['bash <(curl -s https://x)', 'exec.stdin-script'],
    ['source <(curl -s https://x)', 'exec.stdin-script'],
    ['source ./env.sh', 'exec.script-file'],
  ];
  for (const [text, code] of flagged) {
    it(`flags ${JSON.stringify(text)} as ${code}`, async () => {
      assert.ok((await codes(text)).includes(code), JSON.stringify(await codes(text)));
    });
  }

  const quiet = [
    'ls -la',
    'git status',
    'npm test',
    'python3 manage.py test',
    "awk '{print $1}' f",
    "sed -n '1,20p' f",
    'tar -czf x.tgz dist',
    'rg TODO src',
    'node -v',
    'echo hi | grep h',
    'PYTHONPATH=src pytest',
    'PYTHONPATH=.:src/lib python3 -m pytest',
    'export PYTHONPATH=src',
    'PERL5LIB=lib prove -r t',
    'NODE_OPTIONS=--max-old-space-size=4096 npm run build',
    'NODE_OPTIONS="--max_old_space_size 4096 --enable-source-maps --no-warnings" npm test',
  ];
  for (const text of quiet) {
    it(`does not flag ${JSON.stringify(text)}`, async () => {
      assert.deepEqual(await codes(text), []);
    });
  }

  it('unwraps a git alias defined with -c: `!` runs shell text, the arguments appended', async () => {
    assert.deepEqual(await programs("git -c alias.x='!rm -rf ~' x"), ['rm']);
    const a = await shellOf("git -c alias.x='!rm' x -rf ~");
    assert.deepEqual(
      a.commands.map((c) => c.argv.map((w) => w.value)),
      [['rm', '-rf', '~']],
    );
    assert.ok((await codes("git -c alias.x='!id' x")).includes('exec.arbitrary-code'));
  });

  it('expands a git alias without `!` into git arguments, aliases of aliases too', async () => {
    const a = await shellOf("git -c alias.p='push --force' -c alias.q=p q origin main");
    assert.deepEqual(
      a.commands.map((c) => c.argv.map((w) => w.value)),
      [['git', 'push', '--force', 'origin', 'main']],
    );
  });

  it("leaves git's own commands alone: git runs them before an alias of the same name", async () => {
    const a = await shellOf("git -c alias.push='!true' push --force origin main");
    assert.deepEqual(
      a.commands.map((c) => c.argv.map((w) => w.value)),
      [['git', 'push', '--force', 'origin', 'main']],
    );
  });

  it('does not unwrap a loop of git aliases (git refuses it)', async () => {
    assert.deepEqual(await programs('git -c alias.a=b -c alias.b=a a'), ['git']);
  });

  it('sees wrappers under risk rules: the program stays visible', async () => {
    assert.deepEqual(await programs('sudo rm x'), ['rm']);
  });
});

describe('analyzeShell: limits and errors', () => {
  it('reports a syntax error as parsed: false', async () => {
    const a = await shellOf('echo $(( ');
    assert.equal(a.parsed, false);
    assert.equal(a.canonical, null);
    assert.ok(a.findings.some((f) => f.code === 'parse.error'));
  });

  it('refuses input over 64 KiB without parsing it', async () => {
    const a = await shellOf('echo ' + 'a'.repeat(70_000));
    assert.equal(a.parsed, false);
    assert.ok(a.findings.some((f) => f.code === 'limit.size'));
  });

  it('refuses deep nesting', async () => {
    const a = await shellOf('echo ' + '$('.repeat(300) + 'x' + ')'.repeat(300));
    assert.equal(a.parsed, false);
    assert.ok(a.findings.some((f) => f.code === 'limit.depth'));
  });

  it('refuses more commands than the bound', async () => {
    const a = await shellOf(Array.from({ length: 600 }, () => 'true').join(';'));
    assert.equal(a.parsed, false);
    assert.ok(a.findings.some((f) => f.code === 'limit.commands'));
  });

  it('gives back the bare `-` that tree-sitter drops before a heredoc, as the last argument', async () => {
    const a = await shellOf("cat - <<'EOF' > notes.txt\nhi\nEOF");
    assert.equal(a.parsed, true);
    assert.deepEqual(argvs(a.commands), ['cat -']);
    const piped = await shellOf('echo x | python3 - <<EOF\nprint(1)\nEOF');
    assert.deepEqual(argvs(piped.commands), ['echo x', 'python3 -']);
    const after = await shellOf('cat -- - <<EOF\nhi\nEOF');
    assert.deepEqual(argvs(after.commands), ['cat -- -']);
  });

  it('treats other text the parser skips as an error', async () => {
    assert.equal((await shellOf('cat - <<EOF; ls\nhi\nEOF')).parsed, false);
    assert.equal((await shellOf('cat - x <<EOF; ls\nhi\nEOF')).parsed, false);
  });

  it('splits at a newline before a backslash as bash does (the grammar alone glues the lines into one word)', async () => {
    const a = await shellOf('ls a\n\\rm -rf ~');
    assert.equal(a.parsed, true);
    assert.deepEqual(argvs(a.commands), ['ls a', 'rm -rf ~']);
  });

  it('refuses ;; outside a case', async () => {
    assert.equal((await shellOf('ls;;')).parsed, false);
  });

  it('reads words after a redirect as arguments, as bash does', async () => {
    const a = await shellOf('ls > out -a $(id)');
    assert.deepEqual(argvs(a.commands), ['ls -a $(id)', 'id']);
    assert.deepEqual(
      a.commands[0]?.redirects.map((r) => r.target.value),
      ['out'],
    );
  });

  it('ignores comments', async () => {
    const a = await shellOf('ls # rm -rf ~');
    assert.deepEqual(argvs(a.commands), ['ls']);
  });
});
