/**
 * Commands run through another program reach what the outer words hide: a remote command behind a
 * host only known at run time, every submodule, find's paths handed to xargs, a container's
 * command on host paths it mounts, Django's and PHP's own shells. Judged on the parsed command.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../src/core/analyzer/types.js';
import { getAnalyzer } from '../support/shellAnalyzer.js';

let analyzer: CommandAnalyzer;
before(async () => {
  analyzer = await getAnalyzer();
});
const tier = (shell: string) => analyzer.analyze({ shell }).risk.tier;
const codes = (shell: string) => analyzer.analyze({ shell }).risk.reasons.map((r) => r.code);

describe('commands behind runners', () => {
  it('reads the remote command of ssh whose host is only known at run time', () => {
    assert.equal(tier("ssh $HOST 'sudo reboot'"), 'critical');
    assert.equal(tier("cat hosts.txt | xargs -P8 -I{} ssh {} 'rm -rf ~'"), 'critical');
    // Options held in a variable: the host is the word after them.
    assert.equal(tier("ssh $SSH_OPTS db1 'rm -rf /var/lib/mysql'"), 'critical');
    assert.equal(tier('ssh "$h" uptime'), 'medium');
  });

  it('reads the command git submodule foreach runs in every submodule', () => {
    assert.equal(tier('git submodule foreach git reset --hard'), 'high');
    assert.equal(tier("git submodule foreach --recursive 'rm -rf ~'"), 'critical');
    assert.equal(tier("git -C lib submodule foreach 'git status'"), 'safe');
    assert.equal(tier('git submodule update --init'), 'low');
  });

  it("judges find's output fed to xargs as find -exec, exactly only with -print0 and -0", () => {
    assert.equal(tier("find . -name '*.tmp' -print0 | xargs -0 rm -f"), 'medium');
    assert.equal(tier("find . -name '*.tmp' -delete"), 'medium');
    // Split at blanks, a file name can stand for other paths: unknown targets stay high.
    assert.equal(tier("find . -name '*.tmp' | xargs rm -f"), 'high');
    assert.equal(tier("find ~ -name '*.log' | xargs rm -f"), 'critical');
    assert.equal(tier("find / -name '*.bak' -print0 | xargs -0 -I{} rm -rf {}"), 'critical');
    assert.equal(tier("find . -name '*.ts' | xargs grep -l TODO"), 'safe');
    // A find that acts itself is not rewritten.
    assert.equal(tier("find . -name '*.o' -delete -print | xargs echo"), 'medium');
  });

  it("judges a container's command on the host paths it bind-mounts", () => {
    assert.equal(tier('docker run --rm -v "$HOME":/h alpine rm -rf /h'), 'critical');
    assert.equal(tier('podman run -v /var/lib/postgresql/data:/data busybox rm -rf /data/base'), 'critical');
    assert.equal(
      tier('docker run --rm --mount type=bind,source=/srv,target=/s alpine rm -rf /s/app'),
      tier('rm -rf /srv/app'),
    );
    assert.ok(codes('docker run --rm -v ~/.ssh:/keys alpine cat /keys/id_rsa').includes('secrets.read-file'));
    // Paths inside the container only, and named volumes, stay the container's business.
    assert.equal(tier('docker run --rm alpine rm -rf /'), 'medium');
    assert.equal(tier('docker run --rm -v pgdata:/data alpine rm -rf /data'), 'medium');
    // docker run itself is still judged (the host root mounted).
    assert.ok(codes('docker run --rm -v /:/host alpine ls /host').includes('priv.container-host-access'));
  });

  it("reads the code given to Django's shell and to PHP", () => {
    assert.equal(
      tier('python3 manage.py shell -c "from app.models import User; User.objects.all().delete()"'),
      'critical',
    );
    assert.equal(
      tier(
        './manage.py shell --command="from s.models import Order; Order.objects.filter(paid=False).delete()"',
      ),
      'high',
    );
    assert.equal(
      tier('python manage.py shell -c "from app.models import User; print(User.objects.count())"'),
      'safe',
    );
    assert.equal(tier("php -r 'echo PHP_VERSION;'"), 'safe');
    assert.equal(tier('php -r \'system("rm -rf /var/www");\''), 'critical');
    assert.equal(tier('php artisan tinker --execute="App\\\\Models\\\\User::truncate();"'), 'critical');
    assert.equal(tier("php -r 'not valid php ((('"), 'high');
    assert.equal(tier('php artisan cache:clear'), 'low');
  });
});

describe('spellings that hide what runs', () => {
  it('expands braces before the tilde and globs of the word', () => {
    assert.equal(tier('rm -rf ~/{,.}*'), 'critical');
    assert.equal(tier('rm -rf ~/{a,b}'), 'high');
    assert.equal(tier('ls ~/{src,docs}'), 'safe');
  });

  it('splits words at an unquoted $IFS, judging both readings', () => {
    assert.equal(tier('rm${IFS}-rf${IFS}~'), 'critical');
    // As written the program is only known at run time: never below high.
    assert.equal(tier('cat${IFS}README.md'), 'high');
  });

  it('reads eval of an unquoted substitution whose output is known', () => {
    assert.equal(tier('eval $(echo "rm -rf ~")'), 'critical');
    assert.equal(tier('eval $(printf "ls")'), 'high');
  });

  it('judges a Makefile given on standard input by its recipes, never below high', () => {
    assert.equal(tier("make -f - <<< $'all:\\n\\trm -rf ~'"), 'critical');
    assert.equal(tier("make -f - <<'EOF'\nall:\n\techo hi\nEOF"), 'high');
  });

  it('judges shipping targets, data resources replaced, selected pods and removed protections', () => {
    assert.equal(tier('make deploy-prod'), 'high');
    assert.equal(tier('npm run deploy'), 'high');
    assert.equal(tier('npm run predeploy-check'), 'low');
    assert.equal(tier('terraform apply -replace=aws_db_instance.prod -auto-approve'), 'critical');
    assert.equal(tier('terraform apply -replace=aws_instance.web'), 'high');
    assert.equal(tier('kubectl delete pods -l app=api -n prod'), 'high');
    assert.equal(tier('kubectl delete pod api-123'), 'medium');
    assert.equal(
      tier(
        'aws rds modify-db-instance --db-instance-identifier prod --no-deletion-protection --apply-immediately',
      ),
      'high',
    );
  });
});
