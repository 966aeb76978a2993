/** Redis and MongoDB graded by their commands (arguments or stdin), and dump/restore tools. */
import type { RiskRule } from '../rule.js';
import { all, eq, not, re } from '../dsl.js';

const REDIS = ['redis-cli', 'valkey-cli', 'keydb-cli'];
const MONGO = ['mongosh', 'mongo'];
const REDIS_WIPE = /^(FLUSHALL|FLUSHDB|SHUTDOWN|SWAPDB)$/i;
const REDIS_WIPE_LINE = /(^|\n)\s*(FLUSHALL|FLUSHDB|SHUTDOWN|SWAPDB)\b/i;
const REDIS_DANGER =
  /^(CONFIG|EVAL|EVALSHA|FCALL|SCRIPT|MODULE|DEBUG|SLAVEOF|REPLICAOF|MIGRATE|RESTORE|ACL|CLIENT)$/i;
const REDIS_DANGER_LINE =
  /(^|\n)\s*(CONFIG\s+SET|EVAL|EVALSHA|FCALL|SCRIPT|MODULE|DEBUG|SLAVEOF|REPLICAOF|MIGRATE|ACL\s+SETUSER)\b/i;
const REDIS_READ =
  /^(GET|MGET|KEYS|SCAN|HGET|HGETALL|HKEYS|HVALS|HLEN|LRANGE|LLEN|SMEMBERS|SCARD|SISMEMBER|ZRANGE|ZCARD|ZSCORE|TTL|PTTL|TYPE|EXISTS|INFO|PING|DBSIZE|MONITOR|SLOWLOG|STRLEN|XRANGE|XLEN|XINFO|MEMORY|LATENCY|OBJECT|TIME|ECHO|CLUSTER|COMMAND|PUBSUB|SUBSCRIBE|RANDOMKEY|HEXISTS|GETRANGE|ZRANGEBYSCORE|LINDEX|SSCAN|HSCAN|ZSCAN)$/i;

const MONGO_WIPE =
  /\.(dropDatabase|drop)\s*\(|\.(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)|\.updateMany\s*\(\s*\{\s*\}/;
const MONGO_WRITE =
  /\.(deleteOne|deleteMany|remove|updateOne|updateMany|replaceOne|findOneAndDelete|findOneAndUpdate|findOneAndReplace|findAndModify|renameCollection|dropIndex|dropIndexes|bulkWrite|update)\s*\(|dropUser|dropRole|createUser|grantRolesToUser|shutdownServer|adminCommand/;
const MONGO_ADD = /\.(insert|insertOne|insertMany|createIndex|createCollection|save)\s*\(/;

export const datastoreRules: RiskRule[] = [
  {
    id: 'db.redis-read',
    category: 'database',
    tier: 'safe',
    reason: 'Reads Redis keys or server information',
    match: { program: REDIS, sub: [re(REDIS_READ)] },
    examples: ['redis-cli GET session:1', 'redis-cli -h cache INFO', 'redis-cli KEYS "user:*"'],
    counterExamples: ['redis-cli FLUSHALL'],
  },
  {
    id: 'db.redis-write',
    category: 'database',
    tier: 'medium',
    reason: 'Writes or deletes Redis keys',
    match: {
      program: REDIS,
      anyOf: [
        { sub: [all(re(/^[A-Za-z]+$/), not(re(REDIS_READ)), not(re(REDIS_WIPE)), not(re(REDIS_DANGER)))] },
        { stdin: re(/\S/) },
      ],
    },
    examples: ['redis-cli DEL session:1', 'redis-cli SET k v', 'echo "SET a 1" | redis-cli'],
    counterExamples: ['redis-cli GET k'],
  },
  {
    id: 'db.redis-config',
    category: 'database',
    tier: 'high',
    reason: 'Runs Redis server commands that change configuration, replication or run scripts',
    match: { program: REDIS, anyOf: [{ sub: [re(REDIS_DANGER)] }, { stdin: re(REDIS_DANGER_LINE) }] },
    examples: ['redis-cli CONFIG SET dir /tmp', 'redis-cli EVAL "return 1" 0'],
    counterExamples: ['redis-cli INFO'],
  },
  {
    id: 'db.redis-trim-all',
    category: 'database',
    tier: 'critical',
    reason: 'Trims a Redis stream to nothing (XTRIM MAXLEN 0): every entry of the stream is deleted',
    match: { program: REDIS, sub: [re(/^xtrim$/i), re(/./), re(/^maxlen$/i)], anyWord: eq('0') },
    examples: ['redis-cli -h redis.prod XTRIM events MAXLEN 0', 'redis-cli xtrim events maxlen 0'],
    counterExamples: ['redis-cli XTRIM events MAXLEN 1000', 'redis-cli XLEN events'],
    weight: 15,
  },
  {
    id: 'db.redis-write-files',
    category: 'persistence',
    tier: 'critical',
    reason:
      "Points Redis's dump file at a cron, SSH or start-up location: the next SAVE writes attacker-chosen content there (code run as the Redis user, often root)",
    match: {
      program: REDIS,
      sub: [re(/^config$/i), re(/^set$/i)],
      anyWord: re(
        /^(\/var\/spool\/cron(\/crontabs)?|\/etc\/cron\.d|\/etc\/cron\.(hourly|daily)|\/root\/\.ssh|.*\/\.ssh|authorized_keys|\/etc\/profile\.d|\/var\/www(\/html)?)\/?$/,
      ),
    },
    examples: [
      'redis-cli -h 10.0.0.5 CONFIG SET dir /var/spool/cron/crontabs',
      'redis-cli CONFIG SET dbfilename authorized_keys',
    ],
    counterExamples: ['redis-cli CONFIG SET dir /var/lib/redis', 'redis-cli CONFIG GET dir'],
    weight: 17,
  },
  {
    id: 'db.redis-wipe',
    category: 'database',
    tier: 'critical',
    reason: 'Deletes every key (FLUSHALL/FLUSHDB) or shuts the Redis server down',
    match: { program: REDIS, anyOf: [{ sub: [re(REDIS_WIPE)] }, { stdin: re(REDIS_WIPE_LINE) }] },
    examples: [
      'redis-cli FLUSHALL',
      'echo FLUSHALL | redis-cli',
      'redis-cli -n 2 flushdb',
      'redis-cli <<EOF\nFLUSHALL\nEOF',
      'printf "FLUSHDB\\n" | redis-cli -h cache',
    ],
    counterExamples: ['redis-cli GET k', 'echo "GET k" | redis-cli'],
    weight: 18,
  },
  {
    id: 'db.mongo-read',
    category: 'database',
    tier: 'safe',
    reason: 'Runs read-only MongoDB queries',
    match: {
      program: MONGO,
      anyOf: [
        {
          flagValue: {
            flags: ['--eval'],
            test: all(not(re(MONGO_WRITE)), not(re(MONGO_WIPE)), not(re(MONGO_ADD))),
          },
        },
      ],
    },
    examples: ['mongosh --eval "db.users.find().limit(5)"', 'mongosh app --eval "db.stats()"'],
    counterExamples: ['mongosh --eval "db.users.drop()"'],
  },
  {
    id: 'db.mongo-add',
    category: 'database',
    tier: 'medium',
    reason: 'Inserts documents or creates indexes/collections in MongoDB',
    match: {
      program: MONGO,
      anyOf: [{ flagValue: { flags: ['--eval'], test: re(MONGO_ADD) } }, { stdin: re(MONGO_ADD) }],
    },
    examples: ['mongosh --eval "db.users.insertOne({a: 1})"'],
    counterExamples: ['mongosh --eval "db.users.find()"'],
  },
  {
    id: 'db.mongo-write',
    category: 'database',
    tier: 'high',
    reason: 'Updates or deletes MongoDB documents or users',
    match: {
      program: MONGO,
      anyOf: [{ flagValue: { flags: ['--eval'], test: re(MONGO_WRITE) } }, { stdin: re(MONGO_WRITE) }],
    },
    examples: [
      'mongosh --eval "db.users.deleteOne({_id: 1})"',
      'mongosh --eval "db.users.updateMany({active: false}, {$set: {x: 1}})"',
    ],
    counterExamples: ['mongosh --eval "db.users.find()"'],
  },
  {
    id: 'db.mongo-wipe',
    category: 'database',
    tier: 'critical',
    reason: 'Drops a MongoDB database or collection, or deletes/updates every document',
    match: {
      program: MONGO,
      anyOf: [{ flagValue: { flags: ['--eval'], test: re(MONGO_WIPE) } }, { stdin: re(MONGO_WIPE) }],
    },
    examples: [
      'mongosh --eval "db.dropDatabase()"',
      'mongosh app --eval "db.users.drop()"',
      'mongosh --eval "db.users.deleteMany({})"',
    ],
    counterExamples: ['mongosh --eval "db.users.deleteOne({_id: 1})"'],
    weight: 18,
  },
  {
    id: 'db.restore-replace',
    category: 'database',
    tier: 'high',
    reason:
      'Restores a dump over a live database, dropping what is there first: every change since the dump is lost',
    match: {
      anyOf: [{ program: ['pg_restore', 'mongorestore'], anyFlag: ['-c', '--clean', '--drop'] }],
    },
    examples: ['pg_restore --clean -d app dump.pgdump', 'mongorestore --drop --uri "$PROD_URI" dump/'],
    counterExamples: [
      'pg_restore -d app dump.pgdump',
      'pg_restore -C -d postgres dump.pgdump',
      'mongorestore dump/',
    ],
  },
  {
    id: 'db.drop-role',
    category: 'database',
    tier: 'high',
    reason: 'Drops a database role',
    match: { program: ['dropuser'] },
    examples: ['dropuser app'],
    counterExamples: ['pg_dump app > app.sql'],
  },
  {
    id: 'db.dump',
    category: 'database',
    tier: 'medium',
    reason: 'Dumps or restores a database (reads all data, or writes it)',
    match: {
      program: [
        'pg_dump',
        'pg_dumpall',
        'mysqldump',
        'mongodump',
        'mongorestore',
        'pg_restore',
        'createdb',
        'redis-dump',
      ],
      // Prints the archive's table of contents and restores nothing.
      noneOf: [{ program: ['pg_restore'], anyFlag: ['-l', '--list'], noFlag: ['-d', '--dbname'] }],
    },
    examples: ['pg_dump app > app.sql', 'mysqldump app'],
    counterExamples: ['psql -c "SELECT 1"', 'pg_restore --list backups/shop.dump'],
  },
  {
    id: 'db.redis-delete-key',
    category: 'database',
    tier: 'high',
    reason: 'Deletes Redis keys or their fields (one item, gone for good)',
    match: {
      program: REDIS,
      anyOf: [
        {
          sub: [
            re(
              /^(DEL|UNLINK|HDEL|GETDEL|SREM|ZREM|LREM|XDEL|LTRIM|ZREMRANGEBYSCORE|ZREMRANGEBYRANK|EXPIRE|PEXPIRE|RENAME)$/i,
            ),
          ],
        },
        { stdin: re(/(^|\n)\s*(DEL|UNLINK|HDEL|GETDEL)\s/i) },
      ],
    },
    examples: [
      'redis-cli -h cache.prod.internal DEL session:9f3a2c71',
      'redis-cli UNLINK a b',
      'echo "DEL k" | redis-cli',
    ],
    counterExamples: ['redis-cli SET k v', 'redis-cli GET k'],
  },
  {
    id: 'db.server-stop',
    category: 'availability',
    tier: 'high',
    reason:
      'Stops, restarts or promotes a database server directly (every client loses its connection; `-m immediate` skips the clean shutdown)',
    match: {
      anyOf: [
        { program: ['pg_ctl', 'pg_ctlcluster'], anyWord: eq('stop', 'restart', 'kill', 'promote') },
        { program: ['mysqladmin', 'mariadb-admin'], operand: eq('shutdown', 'kill') },
        { program: ['mongod', 'mongos'], anyFlag: ['--shutdown'] },
      ],
    },
    examples: [
      'pg_ctl stop -D /var/lib/postgresql/data -m immediate',
      'pg_ctlcluster 15 main restart',
      'mysqladmin -u root shutdown',
      'mongod --shutdown --dbpath /data/db',
    ],
    counterExamples: ['pg_ctl status -D /var/lib/postgresql/data', 'mysqladmin status'],
  },
  {
    id: 'db.storage-reset',
    category: 'database',
    tier: 'critical',
    reason:
      "Rewrites a database server's own storage state (PostgreSQL's write-ahead log, a repair that drops what it cannot read): committed data can be lost or the cluster left inconsistent",
    match: {
      anyOf: [
        { program: ['pg_resetwal', 'pg_resetxlog'], noFlag: ['-n', '--dry-run'] },
        { program: ['mongod'], anyFlag: ['--repair'] },
        { program: ['mysqlcheck', 'mariadb-check'], anyFlag: ['--repair', '-r'], flags: [['--use-frm']] },
      ],
    },
    examples: ['pg_resetwal -f /var/lib/postgresql/data', 'mongod --repair --dbpath /data/db'],
    counterExamples: ['pg_resetwal -n /var/lib/postgresql/data', 'pg_controldata /var/lib/postgresql/data'],
    weight: 14,
  },
];
