/**
 * HTTP requests judged by method and path, whatever the client (curl, wget, HTTPie, xh,
 * PowerShell): DELETE at least high, PUT/PATCH at least medium, a destroying action in the path
 * (`/_delete_by_query`, `/purge`) high, and DELETE of a root or `_all`/wildcard path critical.
 */
import type { ArgTest, Match, RiskRule } from '../rule.js';
import { all, any, dynamic, eqi, not, re } from '../dsl.js';
import { CAMEL_DESTROYING_VERB, DESTROYING_VERBS } from './generic.js';

const HTTPIE = ['http', 'https', 'xh', 'xhs'];
const POWERSHELL = ['invoke-restmethod', 'invoke-webrequest', 'irm', 'iwr'];
const DATA = [
  '-d',
  '--data',
  '--data-binary',
  '--data-raw',
  '--data-ascii',
  '--data-urlencode',
  '--json',
  '-F',
  '--form',
  '-T',
  '--upload-file',
];

/** A URL with no path, or only `/`. */
const ROOT_URL = re(/^([a-z][\w+.-]*:\/\/)?(\[[^\]]*\]|[^/\s?#@]+@)?[^/\s?#]+\/?([?#].*)?$/i);
/** A URL with an `_all` segment or a wildcard in a segment (`/logs-*`, `/*`, `%2A`). */
const WIDE_URL = re(
  /^([a-z][\w+.-]*:\/\/)?[^/\s]+\/([^\s?#]*\/)?(_all|[^/?#\s]*(\*|%2a)[^/?#\s]*)(\/|[?#]|$)/i,
);
/** Query parameters that widen a DELETE to everything below the path (`?recurse`, `?all=true`). */
const RECURSIVE_QUERY = re(/[?&](recurse|recursive|all|purge_all|cascade)(=(true|1|yes))?(&|#|$)/i);
/** A query in the URL whose selector matches every series or label value (`{__name__=~".+"}`). */
const SELECT_ALL_QUERY = re(/\?[^#]*=~\s*\\?["'`]\.[*+]\\?["'`]/);
/** A query body that selects every document. */
const MATCH_ALL = re(/match_all/);
/** Solr's update handler told to delete every document. */
const SOLR_DELETE_ALL = re(
  /<delete>\s*<query>\s*\*:\*\s*<\/query>|"delete"\s*:\s*\{\s*"query"\s*:\s*"\*:\*"/,
);
/** Actions that take a service or its data offline (`/_close` an index, `/shutdown`, `/suspend`). */
const TAKE_DOWN_VERBS =
  'close|shutdown|stop|kill|suspend|freeze|halt|poweroff|mute|mute_all|silence|silences';
/** A path segment that names a destroying action (`/v1/cache/purge`, `/_delete_by_query`). */
const VERB_URL = re(
  new RegExp(
    `^([a-z][\\w+.-]*:\\/\\/)?[^/\\s]+(\\/[^\\s?#]*)?[/_.:-](${DESTROYING_VERBS}|${TAKE_DOWN_VERBS})([-_.:/?#]|$)`,
    'i',
  ),
);
/** A camelCase action in the path (`/job/x/doDelete`, `/api/forceRemove`). */
const CAMEL_URL = re(
  new RegExp(`^([a-z][\\w+.-]*:\\/\\/)?[^/\\s]+\\/[^\\s?#]*${CAMEL_DESTROYING_VERB.source}`),
);
/** A URL as written, or one only known at run time (`"$API/projects/$ID"`). */
const URL_LIKE = any(
  re(/^([a-z][\w+.-]*:\/\/|localhost|[\w-]+(\.[\w-]+)+|\d+\.\d+\.\d+\.\d+|:\d+)/i),
  dynamic,
);

/** A request with this method (a test on the method word) by any of the clients. */
function method(test: ArgTest, url?: ArgTest): Match {
  const target = url ?? URL_LIKE;
  return {
    anyOf: [
      {
        program: ['curl'],
        flagValue: { flags: ['-X', '--request'], test },
        anyOf: [{ operand: target }, { flagValue: { flags: ['--url'], test: target } }],
      },
      { program: ['wget'], flagValue: { flags: ['--method'], test }, operand: target },
      { program: HTTPIE, sub: [test, target] },
      {
        program: POWERSHELL,
        flagValue: { flags: ['-method'], test },
        anyOf: [{ operand: target }, { flagValue: { flags: ['-uri'], test: target } }],
      },
    ],
  };
}

const DELETE = eqi('DELETE');
const WRITE = any(eqi('PUT'), eqi('PATCH'), eqi('POST'));

export const httpRules: RiskRule[] = [
  {
    id: 'http.remote-code',
    category: 'remote-code',
    tier: 'high',
    reason:
      "Calls an endpoint that runs the code or command it is sent on the server (Jenkins' script console, Docker's exec API)",
    match: {
      program: ['curl', 'wget', ...HTTPIE, ...POWERSHELL],
      anyWord: re(
        /^([a-z][\w+.-]*:\/\/)?[^/\s?#]+(\/[^\s?#]*)?\/(scriptText|script|computer\/[^/]+\/scriptText)(\?.*)?$|\/containers\/[^/\s]+\/exec(\?.*)?$|\/exec\/[^/\s]+\/start(\?.*)?$/i,
      ),
    },
    examples: [
      "curl -u admin:admin -X POST http://jenkins.internal:8080/scriptText --data-urlencode 'script=println 1'",
      'curl --unix-socket /var/run/docker.sock -X POST http://localhost/containers/web/exec -d @cmd.json',
    ],
    counterExamples: [
      'curl https://cdn.example.com/assets/script.js',
      'curl http://jenkins.internal:8080/job/app/lastBuild/api/json',
      'curl --unix-socket /var/run/docker.sock http://localhost/containers/json',
    ],
  },
  {
    id: 'http.delete',
    category: 'network',
    tier: 'high',
    reason: 'Sends an HTTP DELETE: removes a resource on a remote service',
    match: method(DELETE),
    examples: [
      'curl -X DELETE https://api.example.com/v1/items/3',
      'curl -XDELETE localhost:9200/logs-2024.01',
      'curl --request delete https://api.x.io/users/7',
      'http DELETE api.example.com/users/7',
      'xh delete :8080/todos/1',
      'wget --method=DELETE -qO- https://api.x.io/a/1',
      'Invoke-RestMethod -Method Delete -Uri https://api.x.io/items/9',
      'curl -sX DELETE "$API/projects/$ID" -H "Authorization: Bearer $TOKEN"',
    ],
    counterExamples: ['curl https://api.example.com/v1/items/3', 'http GET api.example.com/users'],
  },
  {
    id: 'http.delete-wide',
    category: 'network',
    tier: 'critical',
    reason:
      'Sends an HTTP DELETE to a root, `_all` or wildcard path: removes everything the service holds there',
    match: method(DELETE, any(ROOT_URL, WIDE_URL, RECURSIVE_QUERY)),
    examples: [
      'curl -X DELETE http://localhost:9200/_all',
      "curl -XDELETE 'http://es:9200/logs-*'",
      'curl -X DELETE https://api.example.com/',
      'http DELETE es.internal:9200/*',
      'curl -X DELETE http://consul:8500/v1/kv/app?recurse',
    ],
    counterExamples: ['curl -X DELETE https://api.example.com/v1/items/3', 'curl https://x.io/_all'],
    weight: 18,
  },
  {
    id: 'http.write',
    category: 'network',
    tier: 'medium',
    reason: 'Sends an HTTP PUT or PATCH: replaces or changes a resource on a remote service',
    match: method(any(eqi('PUT'), eqi('PATCH'))),
    examples: [
      'curl -X PUT https://api.x.io/items/3 -d @item.json',
      'http PATCH api.x.io/users/7 name=x',
      'Invoke-RestMethod -Method Put -Uri https://api.x.io/a -Body $b',
    ],
    counterExamples: ['curl -X GET https://api.x.io/items'],
  },
  {
    id: 'http.destroying-path',
    category: 'network',
    tier: 'high',
    reason:
      'Sends a request to an endpoint that deletes, purges, resets or takes something offline (by its path)',
    match: {
      anyOf: [
        method(WRITE, any(VERB_URL, CAMEL_URL)),
        { program: ['curl'], anyFlag: DATA, operand: any(VERB_URL, CAMEL_URL) },
        {
          program: ['wget'],
          anyFlag: ['--post-data', '--post-file', '--body-data'],
          operand: any(VERB_URL, CAMEL_URL),
        },
      ],
    },
    examples: [
      'curl -X POST localhost:9200/logs/_delete_by_query -d @q.json',
      'curl -d "" https://api.cloudflare.com/client/v4/zones/z/purge_cache',
      'http POST api.x.io/v1/cache/purge',
      'http POST api.x.io/v1/accounts/7/reset',
      'curl -XPOST localhost:9200/logs-2024/_close',
      'curl -X POST http://jenkins.local/job/deploy-prod/doDelete',
    ],
    counterExamples: [
      'curl -X POST https://api.x.io/v1/items -d @a.json',
      'curl https://x.io/docs/delete-api',
      'curl -X POST https://api.x.io/v1/closets -d @a.json',
      'curl -X POST https://api.x.io/v1/listDeleted',
    ],
  },
  {
    id: 'http.delete-by-query-all',
    category: 'network',
    tier: 'critical',
    reason:
      'Deletes by a query that selects everything (`match_all`, a `=~".+"` series selector, Solr\'s `*:*`): removes all the service holds there',
    match: {
      anyOf: [
        {
          program: ['curl'],
          operand: re(/_delete_by_query/),
          flagValue: { flags: DATA, test: all(MATCH_ALL, not(re(/^@/))) },
        },
        method(WRITE, all(any(VERB_URL, CAMEL_URL), SELECT_ALL_QUERY)),
        { program: ['curl'], anyFlag: DATA, operand: all(any(VERB_URL, CAMEL_URL), SELECT_ALL_QUERY) },
        { program: ['curl'], flagValue: { flags: DATA, test: SOLR_DELETE_ALL } },
      ],
    },
    examples: [
      `curl -X POST 'localhost:9200/logs/_delete_by_query' -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}'`,
      `curl -X POST 'http://prometheus:9090/api/v1/admin/tsdb/delete_series?match[]={__name__=~".+"}'`,
      `curl -g -XPOST 'http://localhost:9090/api/v1/admin/tsdb/delete_series?match[]={job=~".*"}'`,
      `curl 'http://solr:8983/solr/core/update?commit=true' -H 'Content-Type: text/xml' -d '<delete><query>*:*</query></delete>'`,
    ],
    counterExamples: [
      `curl -X POST localhost:9200/logs/_delete_by_query -d '{"query":{"term":{"id":1}}}'`,
      `curl -X POST 'http://prometheus:9090/api/v1/admin/tsdb/delete_series?match[]=up{job="old"}'`,
      `curl 'http://prometheus:9090/api/v1/series?match[]={__name__=~".+"}'`,
      `curl 'http://solr:8983/solr/core/select?q=*:*'`,
    ],
    weight: 17,
  },
];
