/*
 * expacti-fast: the native fast path of `expacti run` and the `expacti-sh` shim (issue 26).
 *
 *   expacti-fast run [--reason TEXT] -- CMD [ARGS...]
 *   expacti-fast run [--reason TEXT] -c 'SHELL'
 *   expacti-fast sh -c 'SHELL'             (also: expacti-sh -c 'SHELL', a link to this program)
 *   expacti-fast hook claude [--timeout S] (Claude Code's PreToolUse hook: see hook_main below)
 *   expacti-fast exec-confined --request ID --plan B64 -c SHELL
 *                                          (what the hooks rewrite to: see exec_confined_main below)
 *   expacti-fast ANYTHING ELSE             (handed to the Node CLI as it is)
 *
 * The install makes it the package's own commands (scripts/build-native.mjs copies it over
 * bin/expacti and bin/expacti-sh, the "bin" of package.json): so every `expacti ...` starts here.
 *
 * It does exactly what the Node path (src/cli/gatedExec.ts) does for one case only: a command a
 * whitelist entry allows at once, run unconfined (no confinement helper on this machine, or
 * EXPACTI_CONFINE=off) — and it costs about a millisecond instead of Node's start. Everything else
 * is HANDED OVER: this process becomes `node <package>/bin/expacti.js <the same arguments>` with
 * the environment unchanged, and the Node path decides, waits, prints and exits as it always does.
 *
 * The hand-over happens only while nothing was created on the server, so nothing is asked twice:
 *  - before any network call: an argument form, configuration, URL, environment or text it does
 *    not handle exactly as Node would (help, --record, shell options, https, a config file it
 *    cannot read, non-ASCII host names, a confinement helper present, reports waiting in the spool);
 *  - when the server cannot be reached at all (nothing was sent; Node tries again and says why);
 *  - when the server refuses the submission (4xx: nothing is created before validation passes);
 *  - when the server answers 200 {"created": false}: the submission carried onlyIfAllowedAtOnce
 *    (src/protocol/api.ts), which makes the server create nothing — no request, no audit record —
 *    unless a whitelist entry allows the command at once without confinement or an output scan.
 * After the server may have created something (a 201, a 5xx, a connection lost after sending),
 * there is no hand-over: an answer this program does not fully understand fails closed — nothing
 * runs, the Node path's words are printed and its exit code returned (docs/exit-codes.md).
 *
 * The allowed command runs exactly as the answer says (an argv through a PATH search like Node's
 * spawn, or shell text under /bin/bash -c, else /bin/sh -c), with inherited stdio and signals
 * forwarded; then how it ended is reported on the same kept-alive connection. A report the server
 * cannot take is written to the spool that the Node path drains (src/agent/reportSpool.ts, same
 * format); this program hands over to Node whenever that spool holds a report, so it is sent.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

/* docs/exit-codes.md (src/protocol/exitCodes.ts) */
#define EXIT_SOFTWARE 70
#define EXIT_UNAVAILABLE 69

#ifndef EXPACTI_NODE
#define EXPACTI_NODE "node" /* the build bakes in the Node that ran `npm install` */
#endif

#define CALL_TIMEOUT_MS 30000 /* per HTTP call, as the Node client (src/client/client.ts) */
#define MAX_ANSWER (4 << 20)

extern char **environ;

/* ---------------------------------------------------------------------------------------------
 * Small growable buffers.
 */

typedef struct {
  char *p;
  size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) abort();
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string, escaped as JSON.stringify does for valid UTF-8 (the only text we send). */
static void put_json_string(buf *b, const char *s) {
  puts_(b, "\"");
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    char esc[8];
    switch (*c) {
    case '"': puts_(b, "\\\""); break;
    case '\\': puts_(b, "\\\\"); break;
    case '\b': puts_(b, "\\b"); break;
    case '\f': puts_(b, "\\f"); break;
    case '\n': puts_(b, "\\n"); break;
    case '\r': puts_(b, "\\r"); break;
    case '\t': puts_(b, "\\t"); break;
    default:
      if (*c < 0x20) {
        snprintf(esc, sizeof esc, "\\u%04x", *c);
        puts_(b, esc);
      } else
        put(b, (const char *)c, 1);
    }
  }
  puts_(b, "\"");
}

/* Strict UTF-8 (no overlongs, no surrogates): Node would replace anything else, so we hand over. */
static int valid_utf8(const char *s) {
  const unsigned char *c = (const unsigned char *)s;
  while (*c) {
    if (*c < 0x80) {
      c++;
      continue;
    }
    int n = (*c & 0xe0) == 0xc0 ? 1 : (*c & 0xf0) == 0xe0 ? 2 : (*c & 0xf8) == 0xf0 ? 3 : -1;
    if (n < 0) return 0;
    uint32_t cp = *c & (0x3f >> n);
    for (int i = 1; i <= n; i++) {
      if ((c[i] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (c[i] & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    c += n + 1;
  }
  return 1;
}

static int printable_ascii(const char *s) {
  for (; *s; s++)
    if (*s < 0x20 || *s > 0x7e) return 0;
  return 1;
}

/* Printable ASCII and ASCII white space only (JavaScript's trim and \s agree on these). */
static int printable_or_space(const char *s) {
  for (; *s; s++)
    if ((*s < 0x20 || *s > 0x7e) && !strchr("\t\n\r\v\f", *s)) return 0;
  return 1;
}

/* An absolute path, one line (an optional final newline), no ".", ".." or empty parts. */
static int plain_path_line(const char *s) {
  size_t n = strcspn(s, "\n");
  if (s[n] && s[n + 1]) return 0;
  if (n < 2 || s[0] != '/' || s[n - 1] == ' ' || s[n - 1] == '/') return 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < 0x20 || s[i] > 0x7e) return 0;
    if (s[i] == '/' && (s[i + 1] == '/' || (s[i + 1] == '.' && (s[i + 2] == '/' || i + 2 == n)) ||
                        (s[i + 1] == '.' && s[i + 2] == '.' && (s[i + 3] == '/' || i + 3 == n))))
      return 0;
  }
  return 1;
}

/* ---------------------------------------------------------------------------------------------
 * Handing over to the Node path: this process becomes `node <pkg>/bin/expacti.js ARGS...`.
 */

static char pkg[PATH_MAX]; /* the package root: the nearest directory up with bin/expacti.js */
static int g_argc;
static char **g_argv;
static int g_sh_name; /* started as expacti-sh: the arguments are sh's */

/*
 * Where this program lives: <pkg>/native/fast/build/ as built, or <pkg>/bin/ when the install made
 * it the package's own `expacti` / `expacti-sh` command (scripts/build-native.mjs). The package is
 * the nearest directory above holding bin/expacti.js, the Node CLI it hands over to.
 */
static void find_package(void) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = 0;
  for (int up = 0; up < 4; up++) { /* up from build, fast, native (or bin) */
    char *slash = strrchr(self, '/');
    if (!slash) return;
    *slash = 0;
    char script[PATH_MAX + 32];
    snprintf(script, sizeof script, "%s/bin/expacti.js", self[0] ? self : "");
    if (access(script, F_OK) == 0) {
      snprintf(pkg, sizeof pkg, "%s", self[0] ? self : "/");
      return;
    }
  }
}

static int may_hand_over = 1; /* cleared once the server may have created a request */

#ifndef EXPACTI_SH
static int hook_mode; /* `hook claude`: every failure answers deny in Claude Code's form, exit 0 */
static void hook_failed(const char *why) __attribute__((noreturn));
static void hook_restore_stdin(void);
static void hook_pass_start(void);
#endif

static void hand_over(const char *why) __attribute__((noreturn));
static void hand_over(const char *why) {
  if (!may_hand_over) { /* never: a second submission of the same command */
    fprintf(stderr, "expacti: internal error after the request was made (%s); nothing more runs\n", why);
    exit(EXIT_SOFTWARE);
  }
  if (getenv("EXPACTI_FAST_DEBUG")) fprintf(stderr, "expacti-fast: handing over to Node: %s\n", why);
  char script[PATH_MAX + 32];
  snprintf(script, sizeof script, "%s/bin/expacti.js", pkg);
  if (access(script, R_OK) != 0) { /* copied out of its package: nothing to hand over to */
#ifndef EXPACTI_SH
    if (hook_mode) hook_failed("the Node CLI (bin/expacti.js) is missing beside the native hook");
#endif
    fprintf(stderr, "expacti: internal error, nothing ran: %s is missing (run this program from its package)\n",
            script);
    exit(EXIT_SOFTWARE);
  }
#ifndef EXPACTI_SH
  if (hook_mode) { /* the Node hook reads the same stdin and counts from our start */
    hook_restore_stdin();
    hook_pass_start();
  }
#endif
  char **args = calloc((size_t)g_argc + 4, sizeof *args);
  if (!args) abort();
  int k = 0;
  args[k++] = "node";
  args[k++] = script;
  if (g_sh_name) args[k++] = "sh";
  for (int i = 1; i < g_argc; i++) args[k++] = g_argv[i];
  args[k] = NULL;
  signal(SIGPIPE, SIG_DFL);
  execv(EXPACTI_NODE, args);
  execvp("node", args); /* the Node that installed us is gone: the one on PATH */
#ifndef EXPACTI_SH
  if (hook_mode) hook_failed("cannot start Node for the hook");
#endif
  fprintf(stderr, "expacti: internal error, nothing ran: cannot start Node (%s) for %s\n", strerror(errno),
          script);
  exit(EXIT_SOFTWARE);
}

/* A path built from parts; one that would not fit is never used cut short: Node takes over. */
static void path_fmt(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void path_fmt(char *out, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(out, size, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= size) hand_over("a path too long for the fast path");
}

/* ---------------------------------------------------------------------------------------------
 * JSON, just enough to check an answer: a validating skipper and member lookup over spans.
 */

typedef struct {
  const char *p, *end; /* the value's text, p == NULL when absent */
} span;

static const char *ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

static const char *skip_value(const char *p, const char *e, int depth);

static const char *skip_string(const char *p, const char *e) {
  if (p >= e || *p != '"') return NULL;
  for (p++; p < e; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"') return p + 1;
    if (c < 0x20) return NULL;
    if (c == '\\') {
      if (++p >= e) return NULL;
      if (*p == 'u') {
        for (int i = 0; i < 4; i++)
          if (++p >= e || !strchr("0123456789abcdefABCDEF", *p) || !*p) return NULL;
      } else if (!strchr("\"\\/bfnrt", *p) || !*p)
        return NULL;
    }
  }
  return NULL;
}

static const char *skip_number(const char *p, const char *e) {
  if (p < e && *p == '-') p++;
  if (p >= e) return NULL;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9')
    while (p < e && *p >= '0' && *p <= '9') p++;
  else
    return NULL;
  if (p < e && *p == '.') {
    if (++p >= e || *p < '0' || *p > '9') return NULL;
    while (p < e && *p >= '0' && *p <= '9') p++;
  }
  if (p < e && (*p == 'e' || *p == 'E')) {
    if (++p < e && (*p == '+' || *p == '-')) p++;
    if (p >= e || *p < '0' || *p > '9') return NULL;
    while (p < e && *p >= '0' && *p <= '9') p++;
  }
  return p;
}

static const char *skip_value(const char *p, const char *e, int depth) {
  if (depth > 64) return NULL;
  p = ws(p, e);
  if (p >= e) return NULL;
  if (*p == '"') return skip_string(p, e);
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    p = ws(p + 1, e);
    if (p < e && *p == close) return p + 1;
    for (;;) {
      if (close == '}') {
        if (!(p = skip_string(p, e))) return NULL;
        p = ws(p, e);
        if (p >= e || *p++ != ':') return NULL;
      }
      if (!(p = skip_value(p, e, depth + 1))) return NULL;
      p = ws(p, e);
      if (p < e && *p == ',') {
        p = ws(p + 1, e);
        continue;
      }
      return p < e && *p == close ? p + 1 : NULL;
    }
  }
  if (e - p >= 4 && !memcmp(p, "true", 4)) return p + 4;
  if (e - p >= 5 && !memcmp(p, "false", 5)) return p + 5;
  if (e - p >= 4 && !memcmp(p, "null", 4)) return p + 4;
  return skip_number(p, e);
}

/* Is the whole text one JSON value (JSON.parse would accept it)? */
static int json_valid(const char *p, size_t n) {
  const char *e = p + n, *end = skip_value(p, e, 0);
  return end && ws(end, e) == e;
}

/* Decodes a JSON string value into `out` (UTF-8); 0 when it is not a string. */
static int json_text(span v, buf *out) {
  out->n = 0;
  put(out, "", 0);
  if (!v.p || *v.p != '"') return 0;
  for (const char *p = v.p + 1; p < v.end - 1; p++) {
    if (*p != '\\') {
      put(out, p, 1);
      continue;
    }
    p++;
    const char *simple = strchr("\"\"\\\\//b\bf\fn\nr\rt\t", *p);
    if (*p != 'u' && simple) {
      put(out, simple + 1, 1);
      continue;
    }
    uint32_t cp = (uint32_t)strtoul((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
    p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff && p + 6 < v.end && p[1] == '\\' && p[2] == 'u') {
      uint32_t lo = (uint32_t)strtoul((char[]){p[3], p[4], p[5], p[6], 0}, NULL, 16);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        p += 6;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) return 0; /* a lone surrogate: never what we sent */
    char u[4];
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1) u[0] = (char)cp;
    else {
      for (int i = n - 1; i > 0; i--, cp >>= 6) u[i] = (char)(0x80 | (cp & 0x3f));
      u[0] = (char)((n == 2 ? 0xc0 : n == 3 ? 0xe0 : 0xf0) | cp);
    }
    put(out, u, (size_t)n);
  }
  return 1;
}

/* The member `key` of an object (the last one, as JSON.parse keeps); absent: p == NULL. */
static span json_get(span obj, const char *key) {
  span found = {NULL, NULL};
  if (!obj.p || *obj.p != '{') return found;
  const char *p = ws(obj.p + 1, obj.end), *e = obj.end;
  buf name = {0};
  while (p < e && *p == '"') {
    const char *k = p;
    p = skip_string(p, e);
    json_text((span){k, p}, &name);
    p = ws(p, e) + 1; /* the colon */
    p = ws(p, e);
    const char *v = p;
    p = skip_value(p, e, 0);
    if (!strcmp(name.p, key) && strlen(key) == name.n) found = (span){v, p};
    p = ws(p, e);
    if (p < e && *p == ',') p = ws(p + 1, e);
  }
  free(name.p);
  return found;
}

static int is_kind(span v, char c) { return v.p && *v.p == c; }

static int is_false(span v) { return v.p && v.end - v.p == 5 && !memcmp(v.p, "false", 5); }

static int absent_or_false(span v) { return !v.p || is_false(v); }

/* ---------------------------------------------------------------------------------------------
 * What was asked, and of whom.
 */

static const char *shell_text;  /* -c 'SHELL', or NULL */
static char **argv_cmd;          /* -- CMD ARGS..., or NULL */
static int argv_len;
static const char *reason;
static int sh_mode; /* `sh -c`: quiet, and dies by the command's signal */

static const char *url_text, *token;
static char host[256], origin[300];
static char port[8];

#ifndef EXPACTI_SH
/* `run` arguments as src/cli/run.ts parseRunArgs reads them; anything unusual goes to Node. */
static void parse_run(int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      if (i + 1 >= argc) hand_over("no command after --");
      argv_cmd = argv + i + 1;
      argv_len = argc - i - 1;
      return;
    }
    if (!strcmp(a, "-c")) {
      if (i + 2 != argc || !argv[i + 1][0]) hand_over("-c usage");
      shell_text = argv[i + 1];
      return;
    }
    if (!strcmp(a, "--reason") || !strcmp(a, "-r")) {
      if (++i >= argc) hand_over("--reason usage");
      reason = argv[i];
      continue;
    }
    if (!strncmp(a, "--reason=", 9)) {
      reason = a + 9;
      continue;
    }
    if (a[0] == '-') hand_over("an option the fast path does not take (--record, --help, ...)");
    argv_cmd = argv + i;
    argv_len = argc - i;
    return;
  }
  hand_over("no command given");
}
#endif

/* `sh` arguments: only the plain `-c STRING` (src/cli/sh.ts submits it as shell text). */
static void parse_sh(int argc, char **argv) {
  if (argc != 2 || strcmp(argv[0], "-c")) hand_over("shell options or arguments");
  /* An empty (or blank) string runs nothing in Node without asking: leave that to Node. */
  int visible = 0;
  for (const char *c = argv[1]; *c; c++)
    if (*c > 0x20 && *c < 0x7f) visible = 1;
  if (!visible) hand_over("a blank command string");
  /* sh.ts reads a string that starts like an option (-e, --login, -) as one, not as the command. */
  if (argv[1][0] == '-' || argv[1][0] == '+') hand_over("a command string that starts like an option");
  shell_text = argv[1];
  sh_mode = 1;
}

static int getenv_set(const char *name, const char **out) {
  const char *v = getenv(name);
  if (v && *v) *out = v;
  return v && *v;
}

/* $HOME, as Node's `env.HOME || homedir()` would find it; we hand over when it is not set. */
static const char *home_dir(void) {
  const char *h = getenv("HOME");
  if (!h || !*h) hand_over("HOME is not set");
  return h;
}

static char *read_file(const char *path, size_t *len, int *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return NULL;
  }
  buf b = {0};
  char tmp[4096];
  ssize_t n;
  while ((n = read(fd, tmp, sizeof tmp)) > 0) put(&b, tmp, (size_t)n);
  *err = n < 0 ? errno : 0;
  close(fd);
  if (n < 0) {
    free(b.p);
    return NULL;
  }
  if (!b.p) put(&b, "", 0);
  *len = b.n;
  return b.p;
}

/* URL and token as src/client/config.ts resolves them for an agent: environment, then the file. */
#ifdef EXPACTI_STATIC
static int static_can_resolve(void);
#endif
static void resolve_config(void) {
  getenv_set("EXPACTI_URL", &url_text);
  getenv_set("EXPACTI_TOKEN", &token);
  if (!url_text || !token) {
    char path[PATH_MAX];
    const char *cfg, *xdg;
    if (getenv_set("EXPACTI_CONFIG", &cfg)) path_fmt(path, sizeof path, "%s", cfg);
    else if (getenv_set("XDG_CONFIG_HOME", &xdg)) path_fmt(path, sizeof path, "%s/expacti/config.json", xdg);
    else path_fmt(path, sizeof path, "%s/.config/expacti/config.json", home_dir());
    size_t len = 0;
    int err = 0;
    char *text = read_file(path, &len, &err);
    if (!text) hand_over(err == ENOENT ? "not configured" : "the config file cannot be read");
    span root = {ws(text, text + len), text + len};
    if (memchr(text, 0, len) || !valid_utf8(text) || !json_valid(text, len) || !is_kind(root, '{'))
      hand_over("the config file is not a JSON object");
    buf v = {0};
    if (!url_text) {
      span u = json_get(root, "url");
      if (!json_text(u, &v) || !v.n) hand_over("no URL in the config file");
      url_text = strdup(v.p);
    }
    if (!token) {
      span t = json_get(root, "token");
      if (!json_text(t, &v) || !v.n) hand_over("no token in the config file");
      token = strdup(v.p);
    }
    free(v.p);
    free(text);
  }
  /* Only the plain form: http://HOST[:PORT][/...] with a lowercase name, IPv4 or [IPv6]. */
  if (strncmp(url_text, "http://", 7)) hand_over("not an http:// URL");
  const char *h = url_text + 7, *p = h;
  if (*p == '[') {
    while (*p && *p != ']') {
      if (!strchr("0123456789abcdef:.[", *p)) hand_over("an IPv6 address form the fast path does not take");
      p++;
    }
    if (*p++ != ']') hand_over("a bad IPv6 address");
  } else
    while (*p && strchr("abcdefghijklmnopqrstuvwxyz0123456789.-", *p)) p++;
  if (p == h || (size_t)(p - h) >= sizeof host) hand_over("a URL host the fast path does not take");
  memcpy(host, h, (size_t)(p - h));
  host[p - h] = 0;
  snprintf(port, sizeof port, "80");
  if (*p == ':') {
    const char *d = ++p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == d || p - d > 5 || *d == '0' || atol(d) > 65535)
      hand_over("a URL port the fast path does not take");
    memcpy(port, d, (size_t)(p - d));
    port[p - d] = 0;
  }
  if (*p && *p != '/') hand_over("a URL form the fast path does not take");
  if (!printable_ascii(p) || strchr(p, ' ')) hand_over("a URL path the fast path does not take");
#ifdef EXPACTI_STATIC
  struct in6_addr probe;
  if (host[0] != '[' && inet_pton(AF_INET, host, &probe) != 1 && !static_can_resolve())
    hand_over("a host name this build does not resolve (nsswitch.conf names more than files and dns)");
#endif
  int default_port = !strcmp(port, "80"); /* new URL() leaves it out of the origin */
  snprintf(origin, sizeof origin, "http://%s%s%s", host, default_port ? "" : ":", default_port ? "" : port);
  for (const char *t = token; *t; t++)
    if (*t <= 0x20 || *t > 0x7e) hand_over("a token with characters the fast path does not send");
}

/* ---------------------------------------------------------------------------------------------
 * The facts `expacti run` sends with every command (src/agent/context.ts).
 */

static uint64_t fnv1a64(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

static char cwd[PATH_MAX], hostname_[256], os_user[256], session[300], branch[256];

/* A session per parent process: host, parent pid and the parent's start time, hashed. */
static void parent_session(void) {
  char path[64], key[512], started[32] = "";
  pid_t ppid = getppid();
  snprintf(path, sizeof path, "/proc/%d/stat", (int)ppid);
  size_t len = 0;
  int err = 0;
  char *stat = read_file(path, &len, &err);
  if (stat) {
    /* Field 22, counted from after the command name (field 2, which may hold spaces). */
    char *close = strrchr(stat, ')');
    if (close && close[1]) {
      char *f = close + 2;
      for (int i = 0; i < 19 && f; i++) f = strchr(f, ' ') ? strchr(f, ' ') + 1 : NULL;
      if (f) snprintf(started, sizeof started, "%.*s", (int)strcspn(f, " "), f);
    }
    free(stat);
  }
  int n = snprintf(key, sizeof key, "%s%c%d%c%s", hostname_, 0, (int)ppid, 0, started);
  snprintf(session, sizeof session, "p-%016llx", (unsigned long long)fnv1a64(key, (size_t)n));
}

/* The current branch (or short commit) of the repository holding cwd, as context.ts gitBranch. */
static void git_branch(void) {
  char dir[PATH_MAX];
  path_fmt(dir, sizeof dir, "%s", cwd);
  for (int i = 0; i < 64; i++) {
    char dot_git[PATH_MAX + 8], head_path[PATH_MAX + 16];
    struct stat st;
    path_fmt(dot_git, sizeof dot_git, "%s%s.git", dir, strcmp(dir, "/") ? "/" : "");
    if (stat(dot_git, &st) == 0) {
      char git_dir[PATH_MAX];
      path_fmt(git_dir, sizeof git_dir, "%s", dot_git);
      size_t len = 0;
      int err = 0;
      char *text = NULL;
      int ok = 1;
      if (S_ISREG(st.st_mode)) {
        /* A worktree's .git file: only the plain "gitdir: /absolute/path" form is read here. */
        text = read_file(dot_git, &len, &err);
        if (text) {
          if (memchr(text, 0, len) || strncmp(text, "gitdir: ", 8) || !plain_path_line(text + 8))
            hand_over("a .git file the fast path does not read");
          path_fmt(git_dir, sizeof git_dir, "%.*s", (int)strcspn(text + 8, "\n"), text + 8);
          free(text);
        } else
          ok = 0;
      }
      if (ok) {
        path_fmt(head_path, sizeof head_path, "%s/HEAD", git_dir);
        char *head = read_file(head_path, &len, &err);
        if (head) {
          if (memchr(head, 0, len) || !printable_or_space(head))
            hand_over("a HEAD the fast path does not read");
          char *h = head, *e = head + len;
          while (h < e && strchr(" \t\n\r\v\f", *h)) h++;
          while (e > h && strchr(" \t\n\r\v\f", e[-1])) *--e = 0;
          if (!strncmp(h, "ref:", 4)) {
            char *r = h + 4;
            while (*r && strchr(" \t\n\r\v\f", *r)) r++;
            if (!strncmp(r, "refs/heads/", 11) && r[11] && !strpbrk(r + 11, "\n\r")) {
              if (strlen(r + 11) >= sizeof branch) hand_over("a long branch name");
              snprintf(branch, sizeof branch, "%s", r + 11);
            }
          } else if (e - h >= 40 && e - h <= 64 && strspn(h, "0123456789abcdef") == (size_t)(e - h))
            snprintf(branch, sizeof branch, "%.12s", h);
          free(head);
          return;
        }
      }
    }
    if (!strcmp(dir, "/")) return;
    char *slash = strrchr(dir, '/');
    if (slash == dir) dir[1] = 0;
    else *slash = 0;
  }
}

/* ---------------------------------------------------------------------------------------------
 * Names, without loading anything: the static build (scripts/build-native.mjs links statically
 * when it can: no dynamic loader at start, ~1 ms less per run on the project's VM).
 *
 * A statically linked glibc has the "files" and "dns" sources built in; any other source (systemd,
 * sss, ldap, mdns, myhostname) it would load from the system's shared libraries, which need not
 * match the glibc linked in after an upgrade. So the static build never lets glibc load one: it
 * reads a user name from /etc/passwd itself when nsswitch.conf says "files" first, resolves a host
 * name only when nsswitch.conf names nothing but files and dns for hosts, and otherwise hands over
 * to Node — which answers as getpwuid/getaddrinfo with every source would, as before.
 */
#ifdef EXPACTI_STATIC
#ifndef EXPACTI_ETC
#define EXPACTI_ETC "/etc" /* test builds point it elsewhere (test/nativeFast.spawn.e2e.test.ts) */
#endif
/* The words after "DB:" in /etc/nsswitch.conf (comments cut); 0 when the file or the line is missing. */
static int nss_sources(const char *db, char *out, size_t size) {
  size_t len = 0;
  int err = 0;
  char *text = read_file(EXPACTI_ETC "/nsswitch.conf", &len, &err);
  if (!text) return 0;
  int found = 0;
  size_t dbn = strlen(db);
  for (char *line = text; line && *line && !found;) {
    char *next = strchr(line, '\n');
    if (next) *next++ = 0;
    char *hash = strchr(line, '#');
    if (hash) *hash = 0;
    while (*line == ' ' || *line == '\t') line++;
    if (!strncmp(line, db, dbn) && line[dbn] == ':') {
      snprintf(out, size, "%s", line + dbn + 1);
      found = 1;
    }
    line = next;
  }
  free(text);
  return found;
}

/* The user name of `uid` as glibc's files source finds it: the first /etc/passwd line with it. */
static void static_user_name(uid_t uid, char *out, size_t size) {
  char sources[512], first[32] = "";
  if (!nss_sources("passwd", sources, sizeof sources) || sscanf(sources, " %31s", first) != 1 ||
      strcmp(first, "files"))
    hand_over("the passwd database is not looked up in files first");
  size_t len = 0;
  int err = 0;
  char *text = read_file(EXPACTI_ETC "/passwd", &len, &err);
  if (!text || memchr(text, 0, len)) hand_over("/etc/passwd cannot be read");
  for (char *line = text; line && *line;) {
    char *next = strchr(line, '\n');
    if (next) *next++ = 0;
    char *f[4] = {line, NULL, NULL, NULL};
    for (int i = 1; i < 4 && f[i - 1]; i++) f[i] = strchr(f[i - 1], ':') ? strchr(f[i - 1], ':') + 1 : NULL;
    if (f[3]) {
      char *end;
      unsigned long id = strtoul(f[2], &end, 10);
      if (end != f[2] && *end == ':' && id == (unsigned long)uid && f[1] - f[0] > 1 &&
          (size_t)(f[1] - f[0]) <= size) {
        snprintf(out, (size_t)(f[1] - f[0]), "%s", f[0]);
        free(text);
        return;
      }
    }
    line = next;
  }
  free(text);
  hand_over("the user is not in /etc/passwd");
}

/* May getaddrinfo look `name` up here without loading a source? Only files and dns, no actions. */
static int static_can_resolve(void) {
  char sources[512];
  if (!nss_sources("hosts", sources, sizeof sources)) return 0;
  int words = 0;
  for (char *w = strtok(sources, " \t\r"); w; w = strtok(NULL, " \t\r"), words++)
    if (strcmp(w, "files") && strcmp(w, "dns")) return 0;
  return words > 0;
}
#endif

/* ---------------------------------------------------------------------------------------------
 * What only the Node path does, found out before asking.
 */

/* Would the Node path confine it? As src/agent/confine/helper.ts helperPath looks for the helper. */
static int helper_present(void) {
  const char *v = getenv("EXPACTI_CONFINE");
  if (v && !strcmp(v, "off")) return 0;
  if (getenv_set("EXPACTI_CONFINE_HELPER", &v)) return 1;
  char dir[PATH_MAX], candidate[PATH_MAX + 48];
  path_fmt(dir, sizeof dir, "%s/dist", pkg); /* where the Node bundle looks from */
  for (int i = 0; i < 6; i++) {
    path_fmt(candidate, sizeof candidate, "%s%snative/confine/build/expacti-confine", dir,
             strcmp(dir, "/") ? "/" : "");
    if (access(candidate, F_OK) == 0) return 1;
    char *slash = strrchr(dir, '/');
    if (!slash) break;
    if (slash == dir) dir[1] = 0;
    else *slash = 0;
  }
  return 0;
}

static char spool[PATH_MAX];

/* Does a report wait in the spool (src/agent/reportSpool.ts)? Then Node runs this one and sends it. */
static int spool_waiting(void) {
  const char *state;
  char base[PATH_MAX];
  if (getenv_set("XDG_STATE_HOME", &state)) path_fmt(base, sizeof base, "%s", state);
  else path_fmt(base, sizeof base, "%s/.local/state", home_dir());
  path_fmt(spool, sizeof spool, "%s/expacti/reports", base);
  DIR *d = opendir(spool);
  if (!d) return errno != ENOENT; /* unreadable: let Node deal with it */
  int found = 0;
  struct dirent *e;
  while (!found && (e = readdir(d))) {
    size_t n = strlen(e->d_name);
    found = n >= 5 && !strcmp(e->d_name + n - 5, ".json");
  }
  closedir(d);
  return found;
}

/* ---------------------------------------------------------------------------------------------
 * HTTP/1.1 on one kept-alive connection, as src/client/netHttp.ts speaks it.
 */

enum { CALL_OK, CALL_NOT_SENT, CALL_LOST };

static int sock = -1;

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static const char *errno_name(int e) {
  const char *n = strerrorname_np(e);
  return n ? n : "ECONNRESET";
}

static void unreachable(buf *why, const char *code) {
  why->n = 0;
  putf(why, "cannot reach the expacti server at %s (%s)", origin,
       !strcmp(code, "ECONNREFUSED") ? "connection refused" : code);
}

/* Connects within the deadline; on failure says why in the Node client's words. */
static int connect_server(long long deadline, buf *why) {
  char name[256];
  snprintf(name, sizeof name, "%s", host[0] == '[' ? host + 1 : host);
  if (host[0] == '[') name[strlen(name) - 1] = 0;
  struct addrinfo hints = {0}, *list = NULL;
  hints.ai_socktype = SOCK_STREAM;
  /* An address needs no lookup (as Node connects to one): no resolver, no interface dump. */
  struct in6_addr probe;
  hints.ai_flags = inet_pton(AF_INET, name, &probe) == 1 || inet_pton(AF_INET6, name, &probe) == 1
                       ? AI_NUMERICHOST | AI_NUMERICSERV
                       : AI_ADDRCONFIG;
  int gai = getaddrinfo(name, port, &hints, &list);
  if (gai) {
    unreachable(why, gai == EAI_AGAIN ? "EAI_AGAIN" : "ENOTFOUND");
    return -1;
  }
  int err = ECONNREFUSED;
  for (struct addrinfo *a = list; a; a = a->ai_next) {
    int fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
      err = errno;
      continue;
    }
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
      struct pollfd p = {fd, POLLOUT, 0};
      long long left = deadline - now_ms();
      socklen_t len = sizeof err;
      if (poll(&p, 1, left > 0 ? (int)left : 0) != 1) err = ETIMEDOUT;
      else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
      if (err) {
        close(fd);
        continue;
      }
    } else if (rc < 0) {
      err = errno;
      close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    freeaddrinfo(list);
    return fd;
  }
  freeaddrinfo(list);
  unreachable(why, errno_name(err));
  return -1;
}

typedef struct {
  int status;
  buf body;
  int keep_alive;
} answer;

/* Parses a whole response in b; 0 while incomplete, -1 when it is not HTTP we understand. */
static int parse_answer(buf *b, answer *a) {
  char *end = b->p ? memmem(b->p, b->n, "\r\n\r\n", 4) : NULL;
  if (!end) return b->n > 64 * 1024 ? -1 : 0;
  if (b->n < 12 || strncmp(b->p, "HTTP/1.", 7) || (b->p[7] != '0' && b->p[7] != '1') || b->p[8] != ' ')
    return -1;
  a->status = atoi(b->p + 9);
  long long length = -1;
  int chunked = 0;
  a->keep_alive = 1;
  if (memchr(b->p, 0, (size_t)(end - b->p))) return -1;
  for (char *line = strstr(b->p, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
    char *colon = memchr(line, ':', (size_t)(strstr(line, "\r\n") - line));
    if (!colon) continue;
    char *v = colon + 1;
    while (*v == ' ' || *v == '\t') v++;
    size_t name = (size_t)(colon - line);
    if (name == 14 && !strncasecmp(line, "content-length", 14)) length = atoll(v);
    if (name == 17 && !strncasecmp(line, "transfer-encoding", 17)) chunked = !strncasecmp(v, "chunked", 7);
    if (name == 10 && !strncasecmp(line, "connection", 10)) a->keep_alive = strncasecmp(v, "close", 5) != 0;
  }
  const char *body = end + 4, *stop = b->p + b->n;
  a->body.n = 0;
  if (length >= 0) {
    if (length > MAX_ANSWER) return -1;
    if (stop - body < length) return 0;
    put(&a->body, body, (size_t)length);
    if (stop - body > length) a->keep_alive = 0; /* more than one answer: not ours */
    return 1;
  }
  if (!chunked) return 0; /* the body would end when the server closes: never complete */
  for (const char *at = body;;) {
    const char *eol = memmem(at, (size_t)(stop - at), "\r\n", 2);
    if (!eol) return 0;
    char *after;
    long size = strtol(at, &after, 16);
    if (after == at || size < 0 || size > MAX_ANSWER) return -1;
    if (size == 0) return memmem(eol, (size_t)(stop - eol), "\r\n\r\n", 4) ? 1 : 0;
    if (stop - eol < 2 + size + 2) return 0;
    put(&a->body, eol + 2, (size_t)size);
    at = eol + 2 + size + 2;
  }
}

/*
 * One request. CALL_NOT_SENT: no connection could be made (nothing reached the server).
 * CALL_LOST: sent, and no whole answer came back — the server may have acted on it.
 * A kept-alive connection the server closed meanwhile is retried once on a new one, as Node does.
 */
static long long call_timeout_ms = CALL_TIMEOUT_MS; /* the hook bounds it by its deadline */

static int call(const char *method, const char *path, const char *payload, answer *a, buf *why) {
  long long deadline = now_ms() + call_timeout_ms;
  for (int attempt = 0; attempt < 2; attempt++) {
    int reused = sock >= 0;
    if (!reused && (sock = connect_server(deadline, why)) < 0) return CALL_NOT_SENT;
    buf req = {0};
    putf(&req, "%s %s HTTP/1.1\r\nhost: %s:%s\r\nconnection: keep-alive\r\n", method, path, host, port);
    putf(&req, "accept: application/json\r\nauthorization: Bearer ");
    puts_(&req, token);
    putf(&req, "\r\ncontent-type: application/json\r\ncontent-length: %zu\r\n\r\n", strlen(payload));
    puts_(&req, payload);
    int failed = 0, got = 0, err = 0;
    for (size_t off = 0; off < req.n && !failed;) {
      ssize_t n = send(sock, req.p + off, req.n - off, MSG_NOSIGNAL);
      if (n > 0) off += (size_t)n;
      else if (n < 0 && errno == EAGAIN) {
        struct pollfd p = {sock, POLLOUT, 0};
        long long left = deadline - now_ms();
        if (left <= 0 || poll(&p, 1, (int)left) != 1) failed = err = ETIMEDOUT;
      } else if (n < 0 && errno != EINTR)
        failed = err = errno;
    }
    free(req.p);
    buf in = {0};
    int parsed = 0;
    while (!failed) {
      struct pollfd p = {sock, POLLIN, 0};
      long long left = deadline - now_ms();
      if (left <= 0) {
        failed = err = ETIMEDOUT;
        break;
      }
      int r = poll(&p, 1, (int)left);
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) continue;
      char tmp[16384];
      ssize_t n = recv(sock, tmp, sizeof tmp, 0);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        failed = err = n == 0 ? ECONNRESET : errno;
        break;
      }
      got = 1;
      put(&in, tmp, (size_t)n);
      parsed = parse_answer(&in, a);
      if (parsed != 0) break;
    }
    free(in.p);
    if (parsed == 1) {
      if (!a->keep_alive) {
        close(sock);
        sock = -1;
      }
      return CALL_OK;
    }
    close(sock);
    sock = -1;
    if (parsed < 0) {
      unreachable(why, "EPROTO");
      return CALL_LOST;
    }
    if (reused && !got && err != ETIMEDOUT && attempt == 0) continue;
    why->n = 0;
    if (err == ETIMEDOUT) putf(why, "no answer from %s within %lld ms", origin, call_timeout_ms);
    else unreachable(why, errno_name(err));
    return CALL_LOST;
  }
  return CALL_LOST;
}

/* ---------------------------------------------------------------------------------------------
 * The Node path's words for a failure (src/agent/messages.ts errorBlock, src/client/client.ts).
 */

typedef enum { E_UNAVAILABLE, E_UNAUTHORIZED, E_REJECTED, E_BAD_RESPONSE } failure;

/* Text from the server, shown on one line: printable ASCII as is, anything else escaped. */
static void put_inline(buf *b, const char *s) {
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c >= 0x20 && *c < 0x7f) put(b, (const char *)c, 1);
    else putf(b, "\xe2\x9f\xa8\\x%02x\xe2\x9f\xa9", *c); /* ⟨\xNN⟩ */
  }
}

static int fail_closed(failure f, const char *message) __attribute__((noreturn));
static int fail_closed(failure f, const char *message) {
  static const char *what[] = {
      [E_UNAVAILABLE] = NULL,
      [E_UNAUTHORIZED] =
          "the token was refused (unknown or revoked). Ask the user for a valid agent token (EXPACTI_TOKEN).",
      [E_REJECTED] = "the server refused the request; fix what the message says and try again.",
      [E_BAD_RESPONSE] = "the server answered something unexpected. Do not run the command another way; "
                         "ask the user to check the server.",
  };
  buf b = {0};
  puts_(&b, "expacti: NOT RUN — ");
  put_inline(&b, message);
  puts_(&b, "\nexpacti: what now: ");
  if (f == E_UNAVAILABLE)
    putf(&b,
         "the expacti server at %s could not be reached or is unavailable. Do not run the command another "
         "way; ask the user to check the server (expacti serve) or EXPACTI_URL, then try again.",
         url_text);
  else
    puts_(&b, what[f]);
  puts_(&b, "\n");
  if (write(2, b.p, b.n) < 0) { /* nothing more to say */
  }
  /* src/agent/exitFor.ts */
  exit(f == E_UNAVAILABLE    ? EXIT_UNAVAILABLE
       : f == E_BAD_RESPONSE ? EXIT_SOFTWARE
       : f == E_UNAUTHORIZED ? 78
                             : 65);
}

/* A non-2xx answer as the Node client classifies it (client.ts send), with the server's message. */
static failure status_failure(answer *a, buf *message) {
  message->n = 0;
  buf text = {0};
  span root = {a->body.p, a->body.p + a->body.n};
  if (json_text(json_get(json_get(root, "error"), "message"), &text)) puts_(message, text.p);
  else putf(message, "the server answered %d", a->status);
  free(text.p);
  if (a->status == 401) return E_UNAUTHORIZED;
  if (a->status >= 500 && a->status != 502 && a->status != 503 && a->status != 504) {
    buf m = {0};
    puts_(&m, "server error: ");
    put(&m, message->p, message->n);
    free(message->p);
    *message = m;
  }
  return a->status >= 500 ? E_UNAVAILABLE : E_REJECTED;
}

/* ---------------------------------------------------------------------------------------------
 * Running what was allowed (src/agent/exec.ts spawnInherited) and saying how it ended.
 */

static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
static volatile pid_t child = -1;

static void forward(int sig) {
  if (child > 0) kill(child, sig);
}

typedef struct {
  int exit_code; /* -1: killed by a signal */
  int signal;
  long long duration_ms;
  int spawn_errno; /* the program could not be started: ENOENT (127), EACCES, ... (126) */
} result;

static double mono_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/*
 * vfork, then in the child what libuv does before exec for Node's spawn: every signal 1-31 back to
 * its default, an empty signal mask, chdir to the approved cwd, execvp with our environment.
 *
 * vfork, not fork: the child borrows our memory until it execs, so nothing is copied and, above
 * all, neither process takes copy-on-write page faults afterwards — on the project's VM that was
 * 1-2 ms of the whole run (measured: fork+execvp of `true` 3.8-6.1 ms, vfork 2.7-4.1 ms). The
 * child only makes system calls (sigaction, sigprocmask, chdir, execvp: no allocation, no stdio)
 * and hands an exec failure back in `spawn_errno_shared` (our memory). All signals are
 * blocked around the vfork, so no handler of ours ever runs in the child; what arrives meanwhile
 * is delivered once the child runs the command, and forwarded to it.
 */
static volatile int spawn_errno_shared;

static result run_command(char **args) {
  result r = {0, 0, 0, 0};
  struct sigaction fw = {0};
  fw.sa_handler = forward;
  fw.sa_flags = SA_RESTART;
  sigemptyset(&fw.sa_mask);
  for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED; i++) sigaction(FORWARDED[i], &fw, NULL);
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  spawn_errno_shared = 0;
  double started = mono_ms();
  pid_t pid = vfork();
  if (pid == 0) {
    struct sigaction dfl = {0};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int n = 1; n < 32; n++)
      if (n != SIGKILL && n != SIGSTOP) sigaction(n, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (chdir(cwd) == 0) execvp(args[0], args);
    spawn_errno_shared = errno ? errno : ENOEXEC;
    _exit(127);
  }
  int vfork_errno = errno;
  if (pid > 0) child = pid;
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (pid < 0) {
    r.exit_code = 126;
    r.spawn_errno = vfork_errno;
    return r;
  }
  int e = spawn_errno_shared;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child = -1;
  for (size_t i = 0; i < sizeof FORWARDED / sizeof *FORWARDED; i++) signal(FORWARDED[i], SIG_DFL);
  r.duration_ms = (long long)(mono_ms() - started + 0.5); /* Math.round */
  if (e) {
    r.spawn_errno = e;
    r.exit_code = e == ENOENT ? 127 : 126;
  } else if (WIFSIGNALED(status)) {
    r.exit_code = -1;
    r.signal = WTERMSIG(status);
  } else
    r.exit_code = WEXITSTATUS(status);
  return r;
}

/* ---------------------------------------------------------------------------------------------
 * The report, and the spool when the server cannot take it (src/cli/gatedExec.ts reportResult).
 */

static void put_result(buf *b, const result *r) {
  if (r->exit_code >= 0) putf(b, "{\"exitCode\":%d,\"signal\":null", r->exit_code);
  else {
    const char *name = sigabbrev_np(r->signal);
    putf(b, "{\"exitCode\":null,\"signal\":\"SIG%s\"", name ? name : "KILL");
  }
  putf(b, ",\"durationMs\":%lld,\"confinement\":\"unconfined\"}", r->duration_ms);
}

/* Whole (temp file + rename), mode 600, in a 700 directory; at most 1000 wait (the oldest go). */
static int spool_report(const char *id, const char *body) {
  char dir[PATH_MAX];
  path_fmt(dir, sizeof dir, "%s", spool);
  for (char *s = dir + 1; *s; s++)
    if (*s == '/') {
      *s = 0;
      mkdir(dir, 0700);
      *s = '/';
    }
  mkdir(dir, 0700);
  buf doc = {0};
  puts_(&doc, "{\"url\":");
  put_json_string(&doc, url_text);
  char agent[17];
  snprintf(agent, sizeof agent, "%016llx", (unsigned long long)fnv1a64(token, strlen(token)));
  puts_(&doc, ",\"agent\":");
  put_json_string(&doc, agent);
  putf(&doc, ",\"id\":\"%s\",\"body\":%s}", id, body);
  char file[PATH_MAX + 64], tmp[PATH_MAX + 96];
  path_fmt(file, sizeof file, "%s/%s.json", spool, id);
  path_fmt(tmp, sizeof tmp, "%s.%d.tmp", file, (int)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int ok = fd >= 0 && write(fd, doc.p, doc.n) == (ssize_t)doc.n;
  if (fd >= 0) close(fd);
  ok = ok && rename(tmp, file) == 0;
  if (!ok) unlink(tmp);
  free(doc.p);
  /* Bounded: beyond 1000 waiting reports the oldest are dropped, as the Node spool does. */
  DIR *d = ok ? opendir(spool) : NULL;
  while (d) {
    int count = 0;
    char oldest[NAME_MAX + 1] = "";
    struct timespec when = {0, 0};
    struct dirent *e;
    rewinddir(d);
    while ((e = readdir(d))) {
      size_t n = strlen(e->d_name);
      if (n < 5 || strcmp(e->d_name + n - 5, ".json")) continue;
      count++;
      struct stat st;
      if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
          (!oldest[0] || st.st_mtim.tv_sec < when.tv_sec ||
           (st.st_mtim.tv_sec == when.tv_sec && st.st_mtim.tv_nsec < when.tv_nsec))) {
        when = st.st_mtim;
        snprintf(oldest, sizeof oldest, "%s", e->d_name);
      }
    }
    if (count <= 1000 || !oldest[0] || unlinkat(dirfd(d), oldest, 0) != 0) {
      closedir(d);
      break;
    }
  }
  return ok;
}

static void report(const char *id, const result *r) {
  buf body = {0}, path = {0}, why = {0}, warn = {0};
  put_result(&body, r);
  putf(&path, "/v1/requests/%s/result", id);
  answer a = {0};
  int refused = 0, outcome = call("POST", path.p, body.p, &a, &why);
  int delivered = outcome == CALL_OK && a.status >= 200 && a.status < 300;
  if (delivered && (!a.body.n || json_valid(a.body.p, a.body.n))) goto done;
  if (outcome == CALL_OK) {
    if (a.body.n && !json_valid(a.body.p, a.body.n)) {
      why.n = 0;
      putf(&why, "the server at %s answered %d with something that is not JSON", origin, a.status);
    } else {
      failure f = a.status >= 200 && a.status < 300 ? E_BAD_RESPONSE : status_failure(&a, &why);
      refused = f == E_REJECTED;
    }
  }
  /* Refused for good (already reported, unknown): nothing to keep. Otherwise the spool keeps it. */
  if (!refused) spool_report(id, body.p);
  puts_(&warn, "expacti: warning: could not report the exit code to the server (");
  put_inline(&warn, why.p ? why.p : "");
  puts_(&warn, refused ? ")\n" : "); kept to send with the next run\n");
  if (write(2, warn.p, warn.n) < 0) {
  }
done:
  free(body.p);
  free(path.p);
  free(why.p);
  free(warn.p);
  free(a.body.p);
}

/* ---------------------------------------------------------------------------------------------
 * The submission and its answer.
 */

/* 8-4-4-4-12 hex digits: the ids the server gives, and the only ones the spool keeps. */
static int is_uuid(const char *s) {
  static const int dash[] = {8, 13, 18, 23};
  if (strlen(s) != 36) return 0;
  for (int i = 0, d = 0; i < 36; i++) {
    if (d < 4 && i == dash[d]) {
      if (s[i] != '-') return 0;
      d++;
    } else if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
      return 0;
  }
  return 1;
}

static void put_command(buf *b) {
  if (shell_text) {
    puts_(b, "{\"shell\":");
    put_json_string(b, shell_text);
    puts_(b, "}");
    return;
  }
  puts_(b, "{\"argv\":[");
  for (int i = 0; i < argv_len; i++) {
    if (i) puts_(b, ",");
    put_json_string(b, argv_cmd[i]);
  }
  puts_(b, "]}");
}

/* Is `cmd` (a span of the answer) a CommandInput, and exactly the one we asked for? -1: not one. */
static int same_command(span cmd) {
  if (!is_kind(cmd, '{')) return -1;
  buf t = {0};
  int same;
  span list = json_get(cmd, "argv");
  if (list.p) {
    if (!is_kind(list, '[')) return -1;
    int i = 0;
    same = 1;
    const char *p = ws(list.p + 1, list.end);
    while (p < list.end && *p != ']') {
      const char *v = p;
      p = skip_value(p, list.end, 0);
      if (!json_text((span){v, p}, &t)) {
        free(t.p);
        return -1;
      }
      if (!argv_cmd || i >= argv_len || strlen(argv_cmd[i]) != t.n || strcmp(argv_cmd[i], t.p)) same = 0;
      i++;
      p = ws(p, list.end);
      if (*p == ',') p = ws(p + 1, list.end);
    }
    if (i == 0) same = -1;
    else if (i != argv_len) same = same < 0 ? same : 0;
  } else {
    if (!json_text(json_get(cmd, "shell"), &t)) {
      free(t.p);
      return -1;
    }
    same = shell_text && strlen(shell_text) == t.n && !strcmp(shell_text, t.p);
  }
  free(t.p);
  return same;
}

static int shape_ok(span answer_root) {
  /* src/client/guards.ts isSubmitResponse */
  span req = json_get(answer_root, "request");
  buf t = {0};
  int ok = is_kind(req, '{') && json_text(json_get(req, "id"), &t) &&
           json_text(json_get(req, "status"), &t) &&
           (!strcmp(t.p, "pending") || !strcmp(t.p, "approved") || !strcmp(t.p, "denied") ||
            !strcmp(t.p, "expired")) &&
           json_text(json_get(req, "expiresAt"), &t) && same_command(json_get(req, "command")) >= 0 &&
           is_kind(json_get(req, "analysis"), '{') && json_text(json_get(answer_root, "dashboardUrl"), &t);
  free(t.p);
  return ok;
}

/* The host and OS user sent with every request (src/agent/context.ts), into hostname_ and os_user. */
static void host_and_user(void) {
  if (gethostname(hostname_, sizeof hostname_) < 0 || !printable_ascii(hostname_)) hand_over("the host name");
#ifdef EXPACTI_STATIC
  char user[256];
  static_user_name(geteuid(), user, sizeof user);
#else
  struct passwd *pw = getpwuid(geteuid());
  const char *user = pw ? pw->pw_name : getenv("USER") ? getenv("USER") : "unknown";
#endif
  if (!valid_utf8(user) || strlen(user) >= sizeof os_user) hand_over("the OS user name");
  snprintf(os_user, sizeof os_user, "%s", user);
}

#ifndef EXPACTI_SH
/* ---------------------------------------------------------------------------------------------
 * `expacti hook claude`: Claude Code's PreToolUse hook (src/cli/hook.ts), for one case only — a
 * Bash call a whitelist entry allows at once. The input goes to the server as read (POST
 * /v1/hooks/claude, src/server/services/hookAtOnce.ts), which parses it with the Node hook's own
 * parser, submits it as that hook would (creating nothing unless allowed at once) and answers with
 * the hook's whole output, built by the same code (src/core/hooks): this program prints it. It
 * judges nothing and words nothing itself. EVERYTHING else — an option or environment it does not
 * read exactly as Node would, input that is not plain JSON, a server that cannot be reached or
 * refuses, {created: false}, an answer it does not fully understand — is handed to the Node hook
 * with the same stdin (kept in a pipe or memfd) and the host's clock (EXPACTI_HOOK_STARTED), which
 * answers as always. Where even that fails, the answer is a deny in Claude Code's form with exit 0,
 * as bin/expacti.js answers when the Node hook cannot load: a hook that fails lets the command run.
 */

#define HOOK_MAX_INPUT (4 * 1024 * 1024) /* src/cli/hook.ts MAX_INPUT_BYTES */

static buf hook_input;
static int hook_stdin_taken;        /* some of stdin was read: hand it over from hook_input */
static long long hook_started_wall; /* epoch ms at our start: the host's clock, near enough */

/* Writes all of `b` to `fd`; 0 on failure. */
static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return 0;
    p += w;
    n -= (size_t)w;
  }
  return 1;
}

/* Claude Code's deny (bin/expacti.js hookDeny: JSON.stringify, the same words), exit 0. */
static void hook_failed(const char *why) {
  buf reason = {0}, out = {0};
  puts_(&reason, "expacti: NOT RUN \xe2\x80\x94 the expacti hook failed internally (");
  puts_(&reason, why);
  puts_(&reason, ").\nexpacti: what now: do not run the command another way; ask the user to check the expacti "
                 "installation (npm run build, expacti init claude).");
  puts_(&out, "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
              "\"permissionDecisionReason\":");
  put_json_string(&out, reason.p);
  puts_(&out, "}}\n");
  write_all(1, out.p, out.n);
  _exit(0);
}

/* The Node hook's answer to SIGTERM (src/cli/hook.ts crash → badInputReason), written at once. */
static void hook_sigterm(int sig) {
  (void)sig;
  static const char out[] =
      "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
      "\"permissionDecisionReason\":\"expacti: NOT RUN \xe2\x80\x94 expacti failed internally (the hook was "
      "stopped (SIGTERM)).\\nexpacti: what now: this is a set-up problem, not a decision about the command: do "
      "not try to run it another way; ask the user to check the expacti hook (expacti init claude).\"}}\n";
  write_all(1, out, sizeof out - 1);
  _exit(0);
}

/* What we read of stdin becomes the Node hook's stdin: a pipe when it fits, else a memfd. */
static void hook_restore_stdin(void) {
  if (!hook_stdin_taken) return;
  int fd = -1;
  int p[2];
  if (hook_input.n <= 65536 && pipe(p) == 0) {
    if (write_all(p[1], hook_input.p ? hook_input.p : "", hook_input.n)) fd = p[0];
    else close(p[0]);
    close(p[1]);
  }
  if (fd < 0) {
    fd = memfd_create("expacti-hook-input", 0);
    if (fd >= 0 && (!write_all(fd, hook_input.p ? hook_input.p : "", hook_input.n) || lseek(fd, 0, SEEK_SET))) {
      close(fd);
      fd = -1;
    }
  }
  if (fd < 0 || dup2(fd, 0) < 0) hook_failed("cannot pass the hook input on to Node");
  if (fd != 0) close(fd);
}

static void hook_pass_start(void) {
  char v[32];
  snprintf(v, sizeof v, "%lld", hook_started_wall);
  setenv("EXPACTI_HOOK_STARTED", v, 1);
}

/* A --timeout / EXPACTI_HOOK_TIMEOUT value as hook.ts parseTimeout reads it: plain digits only here. */
static int hook_seconds(const char *v) {
  if (!v || !*v || strlen(v) > 5 || strspn(v, "0123456789") != strlen(v)) hand_over("a hook timeout form");
  long n = atol(v);
  if (n < 3 || n > 86400) hand_over("a hook timeout out of range");
  return (int)n;
}

/* `hook claude [--timeout S] [--ask-up-to safe|low|medium]` (hook.ts hookOptions); anything else: Node. */
static int parse_hook(int argc, char **argv) {
  if (argc < 1 || strcmp(argv[0], "claude")) hand_over("a hook the fast path does not answer");
  const char *raw = getenv("EXPACTI_HOOK_TIMEOUT");
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *ask = NULL;
    if (!strcmp(a, "--timeout")) {
      if (++i >= argc) hand_over("--timeout usage");
      raw = argv[i];
    } else if (!strncmp(a, "--timeout=", 10))
      raw = a + 10;
    else if (!strcmp(a, "--ask-up-to")) {
      if (++i >= argc) hand_over("--ask-up-to usage");
      ask = argv[i];
    } else if (!strncmp(a, "--ask-up-to=", 12))
      ask = a + 12;
    else
      hand_over("a hook option the fast path does not take (--observe, --help, ...)");
    /* Only asked-for tiers of commands that would wait: never one we answer; checked as Node does. */
    if (ask && strcmp(ask, "safe") && strcmp(ask, "low") && strcmp(ask, "medium")) hand_over("--ask-up-to");
  }
  return raw && *raw ? hook_seconds(raw) : 60; /* claude.defaultTimeoutS */
}

/* A cwd that Node's path.resolve leaves as it is: absolute, printable ASCII, nothing to normalize. */
static int plain_cwd(const char *s) { return !strchr(s, '\n') && plain_path_line(s); }

static int hook_main(int argc, char **argv) {
  long long started = now_ms();
  struct timespec wall;
  clock_gettime(CLOCK_REALTIME, &wall);
  hook_started_wall = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
  hook_mode = 1;
  struct sigaction term = {0};
  term.sa_handler = hook_sigterm;
  sigemptyset(&term.sa_mask);
  sigaction(SIGTERM, &term, NULL);
  signal(SIGPIPE, SIG_IGN);

  int timeout = parse_hook(argc, argv);
  /* hook.ts hookBudgetMs: answer a little before the host gives up. */
  long long total = (long long)timeout * 1000, reserve = total / 10;
  if (reserve < 1500) reserve = 1500;
  if (reserve > 5000) reserve = 5000;
  long long deadline = started + total - reserve;

  /* The whole input, bounded in size and time (past either, the Node hook says what it says). */
  hook_stdin_taken = 1;
  put(&hook_input, "", 0);
  for (;;) {
    struct pollfd p = {0, POLLIN, 0};
    long long left = deadline - now_ms();
    if (left <= 0) hand_over("the hook input did not end in time");
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    char tmp[65536];
    ssize_t n = read(0, tmp, sizeof tmp);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) hand_over("stdin cannot be read");
    if (n == 0) break;
    put(&hook_input, tmp, (size_t)n);
    if (hook_input.n > HOOK_MAX_INPUT) hand_over("the hook input is over the limit");
  }
  const char *text = hook_input.p;
  size_t len = hook_input.n;
  span root = {ws(text, text + len), text + len};
  if (memchr(text, 0, len) || !valid_utf8(text) || !json_valid(text, len) || !is_kind(root, '{'))
    hand_over("the hook input is not a plain JSON object");
  buf v = {0};
  if (!json_text(json_get(root, "cwd"), &v) || !plain_cwd(v.p) || v.n >= sizeof cwd)
    hand_over("a hook input cwd the fast path does not send");
  snprintf(cwd, sizeof cwd, "%s", v.p);
  free(v.p);

  /*
   * The rewrite names what the Node hook's names (hook.ts selfCommand): this package's native
   * program as built, which runs an unconfined plan itself and hands the rest to Node; else its
   * Node and CLI.
   */
  char script[PATH_MAX + 32], real[PATH_MAX], native[PATH_MAX + 48], native_real[PATH_MAX];
  snprintf(script, sizeof script, "%s/bin/expacti.js", pkg);
  if (EXPACTI_NODE[0] != '/' || access(EXPACTI_NODE, X_OK) != 0 || !valid_utf8(EXPACTI_NODE))
    hand_over("the Node this was built with is not there");
  if (!realpath(script, real) || !valid_utf8(real)) hand_over("the Node CLI's path");
  snprintf(native, sizeof native, "%s/native/fast/build/expacti-fast", pkg);
  int by_native = realpath(native, native_real) && access(native_real, X_OK) == 0 && valid_utf8(native_real);

  resolve_config();
  host_and_user();
  git_branch();

  buf body = {0};
  puts_(&body, "{\"input\":");
  put(&body, text, len); /* checked above: one JSON object, valid UTF-8 */
  puts_(&body, ",\"cwd\":");
  put_json_string(&body, cwd);
  puts_(&body, ",\"host\":");
  put_json_string(&body, hostname_);
  puts_(&body, ",\"osUser\":");
  put_json_string(&body, os_user);
  if (branch[0]) {
    puts_(&body, ",\"gitBranch\":");
    put_json_string(&body, branch);
  }
  puts_(&body, ",\"self\":[");
  if (by_native) put_json_string(&body, native_real);
  else {
    put_json_string(&body, EXPACTI_NODE);
    puts_(&body, ",");
    put_json_string(&body, real);
  }
  puts_(&body, "]}");

  /* Leave the Node hook time to answer (it starts in ~0.1 s) if this takes too long. */
  call_timeout_ms = deadline - now_ms() - 1000;
  if (call_timeout_ms < 500) hand_over("too little time left");
  answer a = {0};
  buf why = {0};
  int outcome = call("POST", "/v1/hooks/claude", body.p, &a, &why);
  /*
   * Not sent, lost, refused, a server error, {created: false}: the Node hook asks (again) and
   * answers in its own words. After a lost or odd answer the server may hold one allowed request
   * that nothing runs (audited as allowed, no result): a cost paid only when the server misbehaves.
   */
  if (outcome != CALL_OK) hand_over(why.p);
  if (a.status != 201) hand_over(a.status == 200 ? "not allowed at once (the server created nothing)"
                                                 : "the server did not answer the hook at once");
  span r = {a.body.p, a.body.p + a.body.n};
  buf out = {0}, id = {0};
  if (!a.body.n || memchr(a.body.p, 0, a.body.n) || !json_valid(a.body.p, a.body.n) || !is_kind(r, '{') ||
      !json_text(json_get(r, "requestId"), &id) || !is_uuid(id.p) || !json_text(json_get(r, "stdout"), &out) ||
      out.n < 3 || out.p[0] != '{' || out.p[out.n - 1] != '\n' || memchr(out.p, 0, out.n) ||
      !json_valid(out.p, out.n - 1))
    hand_over("an answer the fast path does not understand");
  if (sock >= 0) close(sock);
  write_all(1, out.p, out.n);
  return 0;
}
#endif

#ifndef EXPACTI_SH
/* ---------------------------------------------------------------------------------------------
 * `expacti exec-confined --request ID --plan BASE64 -c SHELL` (src/cli/execConfined.ts): what a
 * hook rewrites an allowed call to (src/core/hooks/allowed.ts confinedCommand), naming this
 * program where it is built. The hook already asked and the server already started the single
 * execution; this runs exactly SHELL under bash and reports how it ended. It asks the server
 * nothing and decides nothing.
 *
 * For one case only: a plan that runs unconfined — no confinement helper on this machine (or
 * EXPACTI_CONFINE=off, as helper_present reads it), the plan does not require confinement and
 * asks for no checkpoint. EVERYTHING else is handed to the Node exec-confined with the same
 * arguments, before anything runs: a helper present (Node resolves the scope and runs the helper),
 * a required plan (Node refuses and reports why), a checkpoint, arguments or a plan it does not
 * read exactly as Node would (Node's usage error), no configuration, reports waiting in the spool.
 * Once the command has started there is no hand-over: it ran once, and its report is sent or
 * spooled (report above), as `expacti run` does.
 */

/* Strict base64url without padding (what allowed.ts base64url writes); 0 for anything else. */
static int base64url_decode(const char *in, buf *out) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t n = strlen(in);
  if (n % 4 == 1) return 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    const char *at = in[i] ? strchr(alphabet, in[i]) : NULL;
    if (!at) return 0;
    acc = (acc << 6) | (uint32_t)(at - alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      char byte = (char)((acc >> bits) & 0xff);
      put(out, &byte, 1);
    }
  }
  put(out, "", 0);
  return 1;
}

/* The arguments as execConfined.ts parse reads them; anything else: Node says what is wrong. */
static const char *ec_request, *ec_plan;

static void parse_exec_confined(int argc, char **argv) {
  if (argc > 0 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) hand_over("--help");
  for (int i = 0; i < argc; i++) {
    const char **slot = !strcmp(argv[i], "--request") ? &ec_request
                        : !strcmp(argv[i], "--plan")  ? &ec_plan
                        : !strcmp(argv[i], "-c")      ? &shell_text
                                                      : NULL;
    if (!slot || i + 1 >= argc) hand_over("exec-confined usage");
    *slot = argv[++i]; /* the last one counts, as in Node */
  }
  if (!ec_request || !is_uuid(ec_request)) hand_over("exec-confined: a request id the fast path does not take");
  if (!ec_plan || !shell_text || !shell_text[0]) hand_over("exec-confined usage");
  if (!valid_utf8(shell_text)) hand_over("text that is not UTF-8");
}

/* Hands over unless the plan is a scope that runs unconfined here without a checkpoint. */
static void check_plan(void) {
  buf text = {0};
  if (!base64url_decode(ec_plan, &text) || memchr(text.p, 0, text.n) || !valid_utf8(text.p) ||
      !json_valid(text.p, text.n))
    hand_over("a plan the fast path does not read");
  span root = {ws(text.p, text.p + text.n), text.p + text.n};
  span scope = json_get(root, "scope");
  if (!is_kind(root, '{') || !is_kind(scope, '{') || !is_kind(json_get(scope, "write"), '['))
    hand_over("a plan that is not a scope");
  if (!absent_or_false(json_get(root, "required"))) hand_over("a plan that requires confinement");
  if (!absent_or_false(json_get(root, "checkpoint"))) hand_over("a plan with a checkpoint");
  free(text.p);
}

/* execConfined.ts shellStatus: the exit code, or 128 + the signal (never dies by it). */
static int exec_confined_main(int argc, char **argv) {
  parse_exec_confined(argc, argv);
  check_plan();
  if (helper_present()) hand_over("this machine confines commands (the helper is built)");
  resolve_config();
  if (spool_waiting()) hand_over("reports wait in the spool");
  if (!getcwd(cwd, sizeof cwd)) hand_over("no working directory");
  signal(SIGPIPE, SIG_IGN);
  may_hand_over = 0;
  char *shell = access("/bin/bash", F_OK) == 0 ? "/bin/bash" : "/bin/sh"; /* exec.ts shellFor */
  char *args[4] = {shell, "-c", (char *)shell_text, NULL};
  result r = run_command(args);
  report(ec_request, &r);
  if (sock >= 0) close(sock);
  return r.exit_code >= 0 ? r.exit_code : 128 + r.signal;
}
#endif

int main(int argc, char **argv) {
  g_argc = argc;
  g_argv = argv;
  find_package();
  if (!pkg[0]) {
    fputs("expacti: internal error, nothing ran: cannot find the expacti package (/proc/self/exe)\n", stderr);
    return EXIT_SOFTWARE;
  }
#ifdef EXPACTI_SH
  g_sh_name = 1;
  parse_sh(argc - 1, argv + 1);
#else
  if (argc >= 2 && !strcmp(argv[1], "run")) parse_run(argc - 2, argv + 2);
  else if (argc >= 2 && !strcmp(argv[1], "sh")) parse_sh(argc - 2, argv + 2);
  else if (argc >= 2 && !strcmp(argv[1], "hook")) return hook_main(argc - 2, argv + 2);
  else if (argc >= 2 && !strcmp(argv[1], "exec-confined")) return exec_confined_main(argc - 2, argv + 2);
  else hand_over("not a command the fast path handles");
#endif

  /* Everything the Node path would do more than ask, run and report: its own, from the start. */
  const char *rec = getenv("EXPACTI_RECORD");
  if (rec && !strcmp(rec, "1")) hand_over("EXPACTI_RECORD=1");
  if (shell_text && !valid_utf8(shell_text)) hand_over("text that is not UTF-8");
  for (int i = 0; i < argv_len; i++)
    if (!valid_utf8(argv_cmd[i])) hand_over("text that is not UTF-8");
  if (argv_cmd && !printable_ascii(argv_cmd[0])) hand_over("a program name with characters to escape");
  if (reason && !valid_utf8(reason)) hand_over("text that is not UTF-8");
  if (helper_present()) hand_over("this machine confines commands (the helper is built)");
  resolve_config();
  if (spool_waiting()) hand_over("reports wait in the spool");

  /* The facts sent with every command (src/agent/context.ts collectRunContext). */
  if (!getcwd(cwd, sizeof cwd) || !valid_utf8(cwd))
    hand_over("a working directory the fast path does not send");
  host_and_user();
  const char *s;
  if (getenv_set("EXPACTI_SESSION", &s)) {
    if (!valid_utf8(s) || strlen(s) >= sizeof session) hand_over("EXPACTI_SESSION");
    snprintf(session, sizeof session, "%s", s);
  } else
    parent_session();
  git_branch();

  buf body = {0};
  puts_(&body, "{\"command\":");
  put_command(&body);
  puts_(&body, ",\"cwd\":");
  put_json_string(&body, cwd);
  puts_(&body, ",\"host\":");
  put_json_string(&body, hostname_);
  puts_(&body, ",\"osUser\":");
  put_json_string(&body, os_user);
  puts_(&body, ",\"session\":");
  put_json_string(&body, session);
  if (branch[0]) {
    puts_(&body, ",\"gitBranch\":");
    put_json_string(&body, branch);
  }
  if (reason && reason[0]) {
    puts_(&body, ",\"reason\":");
    put_json_string(&body, reason);
  }
  puts_(&body, ",\"onlyIfAllowedAtOnce\":true}");

  signal(SIGPIPE, SIG_IGN); /* as in Node: a closed pipe is an error to handle, not a death */
  answer a = {0};
  buf why = {0};
  int outcome = call("POST", "/v1/requests", body.p, &a, &why);
  if (outcome == CALL_NOT_SENT) hand_over(why.p); /* nothing reached the server: Node tries and says */
  if (outcome == CALL_LOST) fail_closed(E_UNAVAILABLE, why.p);
  /* A refusal (4xx: invalid, too large, rate limit, bad token) created nothing: Node's words. */
  if (a.status >= 400 && a.status < 500) hand_over("the server refused the submission");
  if (a.body.n && (memchr(a.body.p, 0, a.body.n) || !json_valid(a.body.p, a.body.n))) {
    why.n = 0;
    putf(&why, "the server at %s answered %d with something that is not JSON", origin, a.status);
    fail_closed(E_BAD_RESPONSE, why.p);
  }
  if (a.status < 200 || a.status >= 300) {
    failure f = status_failure(&a, &why);
    fail_closed(f, why.p);
  }
  span root = {a.body.p, a.body.p + a.body.n};
  span created = json_get(root, "created");
  if (a.status == 200 && is_false(created))
    hand_over("not allowed at once as asked (the server created nothing)");
  may_hand_over = 0;
  if (!a.body.n || !is_kind(root, '{') || !shape_ok(root))
    fail_closed(E_BAD_RESPONSE, "the server answered the submission with an unexpected body");
  span exec = json_get(root, "exec");
  if (!is_kind(exec, '{') || !is_kind(json_get(json_get(root, "request"), "command"), '{'))
    fail_closed(E_BAD_RESPONSE, "the server answered the submission with an unexpected body");
  int same = same_command(json_get(exec, "command"));
  if (same < 0) fail_closed(E_BAD_RESPONSE, "the server answered the submission with an unexpected body");
  if (!same)
    fail_closed(E_BAD_RESPONSE,
                "the server approved a different command than the one asked for; refusing to run it");
  /* What onlyIfAllowedAtOnce rules out, checked again: never run what needs more than we do. */
  span confine = json_get(exec, "confine");
  if ((confine.p && !is_kind(confine, '{')) || !absent_or_false(json_get(confine, "required")) ||
      !absent_or_false(json_get(confine, "checkpoint")) || json_get(exec, "observe").p)
    fail_closed(E_BAD_RESPONSE,
                "the server's answer asks for confinement or an output scan, which this client cannot do");
  buf id = {0};
  json_text(json_get(json_get(root, "request"), "id"), &id);
  if (!is_uuid(id.p))
    fail_closed(E_BAD_RESPONSE, "the server answered the submission with an unexpected body");

  /* Run exactly what was allowed: the argv, or the text under bash (sh when there is none). */
  char *shell = access("/bin/bash", F_OK) == 0 ? "/bin/bash" : "/bin/sh"; /* exec.ts shellFor */
  char *shell_args[4] = {shell, "-c", (char *)shell_text, NULL};
  char **args = shell_text ? shell_args : argv_cmd;
  result r = run_command(args);
  if (r.spawn_errno) {
    buf m = {0};
    if (r.spawn_errno == ENOENT) putf(&m, "expacti: %s: command not found\n", args[0]);
    else if (r.spawn_errno == EACCES) putf(&m, "expacti: %s: permission denied\n", args[0]);
    else putf(&m, "expacti: spawn %s %s\n", args[0], errno_name(r.spawn_errno));
    if (write(2, m.p, m.n) < 0) {
    }
    free(m.p);
  }
  report(id.p, &r);
  if (sock >= 0) close(sock);
  if (confine.p)
    fputs("expacti: note: ran unconfined (this machine cannot confine commands; "
          "the org allows it for this tier)\n",
          stderr);
  if (r.exit_code >= 0) return r.exit_code;
  if (sh_mode && r.signal != SIGPIPE && r.signal != SIGUSR1) {
    /* Like sh: die by the same signal (Node ignores SIGPIPE and takes SIGUSR1 for its inspector). */
    fflush(stderr);
    signal(r.signal, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, r.signal);
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    kill(getpid(), r.signal);
  }
  return 128 + r.signal;
}
