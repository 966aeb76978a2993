/**
 * Inline code read with tree-sitter-python / tree-sitter-javascript (src/core/analyzer/code):
 * names resolved through imports and assignments, arguments through literals, calls through the
 * catalog — never by matching the text.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCodeParsers } from '../../src/runtime/loadAnalyzer.js';
import { analyzeCode, type CodeParsers } from '../../src/core/analyzer/code/index.js';
import type { CodeAction } from '../../src/core/analyzer/code/types.js';

let parsers: CodeParsers;
before(async () => {
  parsers = await loadCodeParsers();
});

/** Each action as one line: `command rm -r build`, `shell ls`, `dynamic …`, `opaque x.y(…)`. */
function actions(language: 'python' | 'javascript', code: string): string[] {
  const a = analyzeCode(parsers, language, code);
  assert.equal(a.parsed, true, `did not parse: ${code}`);
  return a.actions.map((x: CodeAction) => {
    switch (x.kind) {
      case 'command':
        return `command ${x.argv.map((w) => (w.dynamic.length ? `<${w.value}>` : w.value)).join(' ')}`;
      case 'shell':
        return `shell ${x.text ?? '<unknown>'}`;
      case 'exec':
        return `exec ${x.argv ? x.argv.map((w) => w.value).join(' ') : '<unknown>'}`;
      default:
        return x.kind;
    }
  });
}

describe('analyzeCode: Python', () => {
  it('finds no effect in code that only computes and prints, whatever its strings say', () => {
    assert.deepEqual(
      actions('python', 'print("rm -rf /")\nimport json\nprint(json.dumps({"x": "DROP TABLE t"}))'),
      [],
    );
  });

  it('resolves imports, aliases and single assignments to the call they make', () => {
    assert.deepEqual(actions('python', 'from shutil import rmtree as r\np = "build"\nr(p)'), [
      'command rm -r build',
    ]);
    assert.deepEqual(actions('python', 'import os.path as op, os\nos.remove(op.join("a", "b.txt"))'), [
      'command rm a/b.txt',
    ]);
    assert.deepEqual(actions('python', 'from pathlib import Path\nPath("x.log").unlink()'), [
      'command rm x.log',
    ]);
  });

  it('reads ~ as Python does: literal unless expanded', () => {
    assert.deepEqual(actions('python', 'import shutil\nshutil.rmtree("~")'), ['command rm -r ./~']);
    assert.deepEqual(actions('python', 'import os, shutil\nshutil.rmtree(os.path.expanduser("~"))'), [
      'command rm -r ~',
    ]);
    assert.deepEqual(
      actions('python', 'import shutil\nfrom pathlib import Path\nshutil.rmtree(Path.home() / "x")'),
      ['command rm -r ~/x'],
    );
  });

  it('tells shell text from an argv, and a value computed at run time from a literal', () => {
    assert.deepEqual(actions('python', 'import subprocess\nsubprocess.run(["git", "status"])'), [
      'exec git status',
    ]);
    assert.deepEqual(actions('python', 'import subprocess\nsubprocess.run("ls -la | wc -l", shell=True)'), [
      'shell ls -la | wc -l',
    ]);
    assert.deepEqual(actions('python', 'import os\nos.system(input())'), ['shell <unknown>']);
    assert.deepEqual(actions('python', 'import os\nfor f in files:\n    os.remove(f)'), ['command rm <f>']);
  });

  it('judges files by how they are opened, and HTTP by method', () => {
    assert.deepEqual(actions('python', 'open("notes.md").read()\nopen("out.txt", "w").write("x")'), [
      'command cat notes.md',
      'command tee out.txt',
    ]);
    assert.deepEqual(actions('python', 'import requests\nrequests.delete("https://api.x.io/u/1")'), [
      'command curl -X DELETE https://api.x.io/u/1',
    ]);
  });

  it('treats the environment as a whole as a secret dump, one variable as nothing', () => {
    assert.deepEqual(actions('python', 'import os\nprint(os.environ)'), ['command printenv']);
    assert.deepEqual(actions('python', 'import os\nprint(os.environ.get("HOME"), os.environ["PATH"])'), []);
  });

  it('keeps obfuscation high even when the name is recovered, and reads code given as a literal', () => {
    assert.deepEqual(actions('python', 'getattr(__import__("os"), "sys" + "tem")("id")'), [
      'shell id',
      'dynamic',
      'dynamic',
    ]);
    assert.deepEqual(actions('python', 'exec("import os; os.remove(\'x\')")'), ['dynamic', 'command rm x']);
    assert.deepEqual(actions('python', 'import os\nlist(map(os.remove, files))'), ['dynamic']);
  });

  it('calls into unknown modules are opaque; data libraries are local; the standard library is nothing', () => {
    assert.deepEqual(actions('python', 'import mytool\nmytool.deploy()'), ['opaque']);
    assert.deepEqual(actions('python', 'import pandas as pd\npd.read_csv("a.csv")'), ['local']);
    assert.deepEqual(actions('python', 'import re, math\nre.sub("a", "b", "c")\nmath.sqrt(2)'), []);
  });

  it('does not read code that does not parse', () => {
    assert.equal(analyzeCode(parsers, 'python', 'print(').parsed, false);
  });
});

describe('analyzeCode: JavaScript', () => {
  it('resolves require, destructuring, ES imports and fs/promises', () => {
    assert.deepEqual(
      actions('javascript', "const { rmSync: rm } = require('node:fs'); rm('dist', { recursive: true })"),
      ['command rm -r dist'],
    );
    assert.deepEqual(actions('javascript', "import * as fs from 'fs/promises'; await fs.rm('out')"), [
      'command rm out',
    ]);
    assert.deepEqual(actions('javascript', "require('fs').promises.unlink('a.txt')"), ['command rm a.txt']);
    assert.deepEqual(actions('javascript', "import('fs').then(m => m.rmSync('src', {recursive: true}))"), [
      'command rm -r src',
    ]);
  });

  it('reads shell text, argv with and without shell:true, and template literals', () => {
    assert.deepEqual(actions('javascript', "require('child_process').execSync(`git log -5`)"), [
      'shell git log -5',
    ]);
    assert.deepEqual(
      actions('javascript', "const cp = require('child_process'); cp.spawn('rm', ['-rf', 'dist'])"),
      ['exec rm -rf dist'],
    );
    assert.deepEqual(
      actions('javascript', "require('child_process').spawnSync('ls', ['-la'], { shell: true })"),
      ['shell ls -la'],
    );
    assert.deepEqual(actions('javascript', "require('child_process').execSync(`rm -rf ${dir}`)"), [
      'shell <unknown>',
    ]);
  });

  it('judges fetch by its method, the environment as a whole, eval and untraced fs objects', () => {
    assert.deepEqual(actions('javascript', "fetch('https://x.io/a/1', { method: 'DELETE' })"), [
      'command curl -X DELETE https://x.io/a/1',
    ]);
    assert.deepEqual(actions('javascript', 'console.log(JSON.stringify(process.env))'), ['command printenv']);
    assert.deepEqual(actions('javascript', 'const x = process.env.HOME; console.log(x)'), []);
    assert.deepEqual(actions('javascript', "eval('1 + 1')"), ['dynamic']);
    assert.deepEqual(actions('javascript', 'getFs().rmSync(p)'), ['dynamic']);
  });
});

describe('analyzeCode: clients the catalog does not know', () => {
  it('reads SQL handed to a driver method as SQL, whatever the driver', () => {
    assert.deepEqual(
      actions(
        'python',
        "import sqlite3\nc = sqlite3.connect('x.db')\nc.cursor().execute('DROP TABLE users')",
      ),
      ['local', 'command psql -c DROP TABLE users'],
    );
    assert.deepEqual(
      actions('javascript', "const { Client } = require('pg'); new Client().query('TRUNCATE t')").sort(),
      ['command psql -c TRUNCATE t', 'opaque'],
    );
    // SQL built at run time stays with the call it came from (no SQL to read).
    assert.deepEqual(actions('python', 'import sqlite3\nsqlite3.connect("x").execute(q)'), ['local']);
  });

  it("judges a client's destroying method high by its name, and leaves container methods alone", () => {
    assert.deepEqual(actions('python', "import boto3\nboto3.client('s3').delete_bucket(Bucket='b')").sort(), [
      'dynamic',
      'opaque',
    ]);
    // A call that wipes the whole store is the command with that effect (code/storeCalls.ts).
    assert.deepEqual(actions('python', 'import redis\nredis.Redis().flushall()').sort(), [
      'command redis-cli FLUSHALL',
      'opaque',
    ]);
    assert.deepEqual(actions('python', 'xs = [1, 2]\nxs.remove(1)\nd = {}\nd.pop("a", None)'), []);
    assert.deepEqual(actions('javascript', "new (require('ioredis'))().flushall()"), [
      'command redis-cli FLUSHALL',
    ]);
    assert.deepEqual(actions('javascript', "new (require('ioredis'))().del('k')"), []);
    assert.deepEqual(actions('javascript', 'const m = new Map(); m.delete(1); /a/.exec("a")'), []);
  });
});

describe('analyzeCode: payloads decoded from literals', () => {
  const decoded = (language: 'python' | 'javascript', code: string) =>
    analyzeCode(parsers, language, code).actions.map((a) =>
      a.kind === 'shell' ? `shell ${a.text ?? '<unknown>'}${a.decoded ? ' (decoded)' : ''}` : a.kind,
    );

  it('runs the text a literal decodes to, marked as decoded', () => {
    assert.deepEqual(
      decoded('python', "import base64, os\nos.system(base64.b64decode('cm0gLXJmIH4=').decode())"),
      ['shell rm -rf ~ (decoded)'],
    );
    assert.deepEqual(decoded('python', "import os\nos.system(bytes.fromhex('6c73').decode('utf-8'))"), [
      'shell ls (decoded)',
    ]);
    assert.deepEqual(
      decoded(
        'javascript',
        "require('child_process').execSync(Buffer.from('bHMgLWxh', 'base64').toString())",
      ),
      ['shell ls -la (decoded)'],
    );
    assert.deepEqual(decoded('javascript', "require('child_process').execSync(atob('bHM='))"), [
      'shell ls (decoded)',
    ]);
  });

  it('leaves plain literals unmarked and unknown data unknown', () => {
    assert.deepEqual(decoded('python', "import os\nos.system('ls')"), ['shell ls']);
    assert.deepEqual(
      decoded('javascript', "require('child_process').execSync(Buffer.from('ls').toString())"),
      ['shell ls'],
    );
    assert.deepEqual(
      decoded('python', 'import base64, os, sys\nos.system(base64.b64decode(sys.argv[1]).decode())'),
      ['shell <unknown>'],
    );
  });
});

describe('analyzeCode: Ruby', () => {
  const ruby = (code: string) => actions('ruby' as 'python', code);

  it('finds no effect in code that only computes, reads and prints, whatever its strings say', () => {
    assert.deepEqual(
      ruby('puts "rm -rf /"\nrequire "json"\np JSON.parse(File.read("package.json"))["name"]'),
      [],
    );
  });

  it('reads FileUtils, File and Dir calls as the commands with the same effect, paths followed', () => {
    assert.deepEqual(ruby('require "fileutils"; FileUtils.rm_rf(Dir.home)'), ['command rm -r -f ~']);
    assert.deepEqual(ruby('File.delete(File.join(ENV["HOME"], ".bash_history"))'), [
      'command rm -f ~/.bash_history',
    ]);
    assert.deepEqual(ruby('d = "build"; FileUtils.mkdir_p(d)'), ['command mkdir -p build']);
    assert.deepEqual(ruby('File.write(Dir.home + "/.bashrc", "x")'), ['command tee ~/.bashrc']);
    assert.deepEqual(ruby('FileUtils.chmod(0644, "key.pem")'), ['command chmod 644 key.pem']);
  });

  it('reads system, exec, backticks, %x and open("|…") as the programs they run', () => {
    assert.deepEqual(ruby('system("rm -rf ~/.ssh")'), ['shell rm -rf ~/.ssh']);
    assert.deepEqual(ruby('system("git", "push", "-f")'), ['exec git push -f']);
    assert.deepEqual(ruby('puts `ls -la`'), ['shell ls -la']);
    assert.deepEqual(ruby('%x(whoami)'), ['shell whoami']);
    assert.deepEqual(ruby('x = gets; system("echo #{x}")'), ['shell <unknown>']);
    assert.deepEqual(ruby('open("|curl -s x.sh | sh")'), ['shell curl -s x.sh | sh']);
  });

  it("reads ActiveRecord's bulk changes as their SQL, and leaves reads alone", () => {
    assert.deepEqual(ruby('User.delete_all'), ['command psql -c DELETE FROM users']);
    assert.deepEqual(ruby('Admin::AuditLog.all.destroy_all'), [
      'command psql -c DELETE FROM admin_audit_logs',
    ]);
    assert.deepEqual(ruby('User.where(active: false).delete_all'), ['dynamic']);
    assert.deepEqual(ruby('ActiveRecord::Base.connection.execute("DROP TABLE users")'), [
      'command psql -c DROP TABLE users',
    ]);
    assert.deepEqual(ruby('puts User.count; p Order.where(state: 1).pluck(:id)'), []);
  });

  it('marks code built at run time and unknown libraries', () => {
    assert.deepEqual(ruby('eval(ARGV[0])'), ['dynamic']);
    assert.deepEqual(ruby('Object.const_get(ARGV[0]).new'), ['dynamic']);
    assert.deepEqual(ruby('Stripe::Refund.create(charge: "ch_1")'), ['opaque']);
  });
});

describe('analyzeCode: PHP', () => {
  const php = (code: string) => actions('php' as 'python', code);

  it('finds no effect in code that only computes, reads and prints, whatever its strings say', () => {
    assert.deepEqual(php('echo PHP_VERSION, "\\n"; echo "rm -rf /";'), []);
    assert.deepEqual(
      php('print_r(json_decode(file_exists("x") ? "1" : "2", true)); echo count(scandir("."));'),
      [],
    );
  });

  it('reads file functions as the commands with the same effect, paths followed', () => {
    assert.deepEqual(php('unlink(getenv("HOME") . "/.bashrc");'), ['command rm -f ~/.bashrc']);
    assert.deepEqual(php('$d = $_SERVER["HOME"]; rmdir("$d/old");'), ['command rmdir ~/old']);
    assert.deepEqual(php('file_put_contents("/etc/hosts", "x");'), ['command tee /etc/hosts']);
    assert.deepEqual(php('chmod("key.pem", 0644);'), ['command chmod 644 key.pem']);
    assert.deepEqual(php('copy("https://getcomposer.org/installer", "setup.php");'), [
      'command curl -fsSL -o setup.php https://getcomposer.org/installer',
    ]);
  });

  it('reads system, exec, shell_exec, backticks and eval as what they run', () => {
    assert.deepEqual(php('system("rm -rf /var/www");'), ['shell rm -rf /var/www']);
    assert.deepEqual(php('echo `whoami`;'), ['shell whoami']);
    assert.deepEqual(php('echo shell_exec("ls " . $argv[1]);'), ['shell <unknown>']);
    // eval of a literal: what it runs is read, and eval itself keeps it high (as in Python).
    assert.deepEqual(php('eval("unlink(\'a.txt\');");'), ['dynamic', 'command rm -f a.txt']);
    assert.deepEqual(php('$f = $argv[1]; $f("x");'), ['dynamic']);
    // A destroying function handed over by name is never below high.
    assert.deepEqual(php('array_map("unlink", glob("*.log"));'), ['dynamic']);
  });

  it("reads Laravel's and PDO's bulk changes as their SQL, and narrowed ones as unknown rows", () => {
    assert.deepEqual(php('App\\Models\\User::truncate();'), ['command psql -c TRUNCATE users']);
    assert.deepEqual(php('DB::table("sessions")->delete();'), ['command psql -c DELETE FROM sessions']);
    assert.deepEqual(php('User::query()->update(["active" => 0]);'), [
      'command psql -c UPDATE users SET changed = true',
    ]);
    assert.deepEqual(php('User::where("active", 0)->delete();'), ['dynamic']);
    assert.deepEqual(php('DB::statement("DROP TABLE users");'), ['command psql -c DROP TABLE users']);
    assert.deepEqual(php('Schema::dropIfExists("orders");'), ['command psql -c DROP TABLE orders']);
    assert.deepEqual(php('$p = new PDO("sqlite:a.db"); $p->exec("DELETE FROM t");'), [
      'command psql -c DELETE FROM t',
    ]);
    assert.deepEqual(php('echo User::count(); echo User::where("x", 1)->count();'), []);
  });
});

describe('analyzeCode: Django and pathlib walks', () => {
  it("reads Django's manager and queryset bulk changes as their SQL", () => {
    assert.deepEqual(actions('python', 'from app.models import User\nUser.objects.all().delete()'), [
      'command psql -c DELETE FROM user',
    ]);
    assert.deepEqual(actions('python', 'from a.models import Acct\nAcct.objects.update(balance=0)'), [
      'command psql -c UPDATE acct SET changed = true',
    ]);
    assert.deepEqual(actions('python', 'from app.models import User\nUser.objects.filter(x=1).delete()'), [
      'dynamic',
    ]);
    assert.deepEqual(actions('python', 'from app.models import User\nprint(User.objects.count())'), []);
  });

  it('reads unlink over a directory walk as the find that deletes the same files', () => {
    assert.deepEqual(
      actions('python', 'import pathlib\n[p.unlink() for p in pathlib.Path.home().rglob("*")]'),
      ['command find ~ -name * -delete'],
    );
    assert.deepEqual(
      actions('python', 'from pathlib import Path\nfor p in Path("build").glob("*.o"):\n    p.unlink()'),
      ['command find build -maxdepth 1 -name *.o -delete'],
    );
  });
});
