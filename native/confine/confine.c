/*
 * expacti-confine: runs one approved command held to the scope a reviewer saw.
 *
 *   expacti-confine --probe
 *   expacti-confine --scope TEXT [--status-fd N] [--record FILE | --record-fd N] [--record-limit N]
 *                   -- PROGRAM [ARGS...]
 *
 * The scope is line-oriented text (written by src/agent/confine/scopeText.ts):
 *   fs <hex mask> <path>     Landlock rights beneath a path (read, write, remove, ... bits)
 *   tcp-connect <port>       allow TCP connect to a port (Landlock ABI >= 4)
 *   tcp-bind <port>          allow TCP bind to a port
 *   net none|tcp|any         none: no IP sockets (seccomp); tcp: TCP by the ports above; any: open
 *   unix none|any            none: no new AF_UNIX sockets (socketpair still works)
 *
 * Order: no_new_privs, Landlock ruleset (every right the kernel knows is handled, only the listed
 * ones granted), seccomp filter, then exec. Without --record nothing forks: the helper becomes the
 * command. With --record a supervisor stays as the parent and writes one JSON line per watched
 * call (writes, creates, deletes, renames, executions, connects), each let through at once —
 * Landlock decides, the record only observes.
 *
 * Exit codes before the command runs: 121 confinement unavailable (no Landlock), 122 bad usage or
 * scope, 123 setup failed. After: the command's own status (a signal is re-raised). With
 * --status-fd the caller also reads, on that descriptor, "confined" once the command is about to
 * run (or "unavailable" / "failed" when it never will): a status the command's own exit code
 * cannot be mistaken for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#define EXIT_UNAVAILABLE 121
#define EXIT_USAGE 122
#define EXIT_SETUP 123

/* Declared here: Debian's kernel headers predate Landlock's later ABIs. */
struct ll_ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};
struct ll_net_port_attr {
  uint64_t allowed_access;
  uint64_t port;
};
#define LL_RULE_PATH_BENEATH 1
#define LL_RULE_NET_PORT 2
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)
/* Rights that apply to a file (not a directory). */
#define LL_FILE_RIGHTS                                                                          \
  (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
   LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "expacti-confine supports x86_64 and aarch64"
#endif

#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U
#endif

static int landlock_abi(void) {
  long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int)abi;
}

static uint64_t fs_rights_for(int abi) {
  uint64_t all = (1ULL << 13) - 1; /* ABI 1: execute .. make_sym */
  if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) all |= LL_FS_TRUNCATE;
  if (abi >= 5) all |= LL_FS_IOCTL_DEV;
  return all;
}

/* ---- scope ---------------------------------------------------------------------------- */

struct fs_rule {
  uint64_t mask;
  char *path;
};

#define MAX_FS_RULES 16384

struct scope {
  struct fs_rule *fs;
  int nfs, capfs;
  int connect_ports[64];
  int nconnect;
  int bind_ports[64];
  int nbind;
  enum { NET_NONE, NET_TCP, NET_ANY } net;
  int unix_any;
};

static int parse_scope(char *text, struct scope *s) {
  memset(s, 0, sizeof *s);
  s->net = NET_NONE;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (strncmp(line, "fs ", 3) == 0) {
      char *end;
      uint64_t mask = strtoull(line + 3, &end, 16);
      if (end == line + 3 || *end != ' ') return -1;
      if (s->nfs == s->capfs) {
        if (s->capfs >= MAX_FS_RULES) {
          fprintf(stderr, "expacti-confine: more than %d path rules\n", MAX_FS_RULES);
          return -1;
        }
        s->capfs = s->capfs ? 2 * s->capfs : 256;
        s->fs = realloc(s->fs, (size_t)s->capfs * sizeof *s->fs);
        if (!s->fs) return -1;
      }
      s->fs[s->nfs].mask = mask;
      s->fs[s->nfs].path = end + 1;
      s->nfs++;
    } else if (strncmp(line, "tcp-connect ", 12) == 0) {
      if (s->nconnect >= 64) return -1;
      s->connect_ports[s->nconnect++] = atoi(line + 12);
    } else if (strncmp(line, "tcp-bind ", 9) == 0) {
      if (s->nbind >= 64) return -1;
      s->bind_ports[s->nbind++] = atoi(line + 9);
    } else if (strcmp(line, "net none") == 0) {
      s->net = NET_NONE;
    } else if (strcmp(line, "net tcp") == 0) {
      s->net = NET_TCP;
    } else if (strcmp(line, "net any") == 0) {
      s->net = NET_ANY;
    } else if (strcmp(line, "unix none") == 0) {
      s->unix_any = 0;
    } else if (strcmp(line, "unix any") == 0) {
      s->unix_any = 1;
    } else if (line[0] != '\0' && line[0] != '#') {
      fprintf(stderr, "expacti-confine: unknown scope line: %s\n", line);
      return -1;
    }
  }
  return 0;
}

static int apply_landlock(const struct scope *s, int abi) {
  struct ll_ruleset_attr attr = {0};
  size_t size = sizeof(uint64_t);
  attr.handled_access_fs = fs_rights_for(abi);
  if (abi >= 4 && s->net != NET_ANY) {
    attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
    size = 2 * sizeof(uint64_t);
  }
  if (abi >= 6) {
    attr.scoped = LL_SCOPE_SIGNAL | (s->unix_any ? 0 : LL_SCOPE_ABSTRACT_UNIX);
    size = 3 * sizeof(uint64_t);
  }
  int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
  if (ruleset < 0) {
    perror("expacti-confine: landlock_create_ruleset");
    return -1;
  }
  for (int i = 0; i < s->nfs; i++) {
    int fd = open(s->fs[i].path, O_PATH | O_CLOEXEC);
    if (fd < 0) continue; /* not there (yet): nothing to grant beneath it */
    struct stat st;
    uint64_t mask = s->fs[i].mask & attr.handled_access_fs;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) mask &= LL_FILE_RIGHTS;
    struct landlock_path_beneath_attr rule = {.allowed_access = mask, .parent_fd = fd};
    if (mask && syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0) != 0) {
      fprintf(stderr, "expacti-confine: cannot grant %s: %s\n", s->fs[i].path, strerror(errno));
      close(fd);
      close(ruleset);
      return -1;
    }
    close(fd);
  }
  if (attr.handled_access_net) {
    for (int i = 0; i < s->nconnect + s->nbind; i++) {
      int connect = i < s->nconnect;
      struct ll_net_port_attr rule = {
          .allowed_access = connect ? LL_NET_CONNECT_TCP : LL_NET_BIND_TCP,
          .port = (uint64_t)(connect ? s->connect_ports[i] : s->bind_ports[i - s->nconnect])};
      if (s->net == NET_TCP &&
          syscall(__NR_landlock_add_rule, ruleset, LL_RULE_NET_PORT, &rule, 0) != 0) {
        perror("expacti-confine: landlock_add_rule (port)");
        close(ruleset);
        return -1;
      }
    }
  }
  if (syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
    perror("expacti-confine: landlock_restrict_self");
    close(ruleset);
    return -1;
  }
  close(ruleset);
  return 0;
}

/* ---- seccomp ---------------------------------------------------------------------------- */

#define MAX_FILTER 160
static struct sock_filter prog[MAX_FILTER];
static int plen;

static void emit(struct sock_filter f) {
  if (plen < MAX_FILTER) prog[plen++] = f;
}
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LD_ARG(n) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[n]))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define ALLOW RET(SECCOMP_RET_ALLOW)
#define NOTIFY RET(SECCOMP_RET_USER_NOTIF)
#define ERRNO(e) RET(SECCOMP_RET_ERRNO | ((e)&SECCOMP_RET_DATA))

/* nr -> action, with the accumulator holding nr before and after. */
static void on_nr(int nr, uint32_t action) {
  emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1));
  emit((struct sock_filter)RET(action));
}

/* A call whose flags argument decides: notify when any of `mask` is set, else allow. */
static void on_flags(int nr, int arg, uint32_t mask) {
  emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 4));
  emit((struct sock_filter)LD_ARG(arg));
  emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, mask, 0, 1));
  emit((struct sock_filter)NOTIFY);
  emit((struct sock_filter)ALLOW);
}

static int build_filter(const struct scope *s, int record) {
  plen = 0;
  emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
  emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0));
  emit((struct sock_filter)RET(SECCOMP_RET_KILL_PROCESS));
  emit((struct sock_filter)LD_NR);
  /* io_uring can open sockets and files without the calls this filter sees. */
  on_nr(__NR_io_uring_setup, SECCOMP_RET_ERRNO | ENOSYS);
  /* socket(domain, ...): no IP sockets without network, no AF_UNIX without local IPC. */
  int deny_ip = s->net == NET_NONE;
  int deny_unix = !s->unix_any;
  if (deny_ip || deny_unix) {
    int checks = (deny_ip ? 3 : 0) + (deny_unix ? 1 : 0);
    emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0,
                                      (uint8_t)(2 + 2 * checks)));
    emit((struct sock_filter)LD_ARG(0));
    int families[4];
    int n = 0;
    if (deny_ip) {
      families[n++] = AF_INET;
      families[n++] = AF_INET6;
      families[n++] = AF_PACKET;
    }
    if (deny_unix) families[n++] = AF_UNIX;
    for (int i = 0; i < n; i++) {
      emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)families[i], 0, 1));
      emit((struct sock_filter)ERRNO(EACCES));
    }
    emit((struct sock_filter)ALLOW);
  }
  if (record) {
    uint32_t wflags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;
    on_flags(__NR_openat, 2, wflags);
#ifdef __NR_open
    on_flags(__NR_open, 1, wflags);
#endif
#ifdef __NR_creat
    on_nr(__NR_creat, SECCOMP_RET_USER_NOTIF);
#endif
    int watched[] = {
        __NR_unlinkat, __NR_renameat2, __NR_mkdirat, __NR_execve, __NR_execveat, __NR_connect,
        __NR_truncate, __NR_symlinkat, __NR_linkat, __NR_openat2,
#ifdef __NR_unlink
        __NR_unlink, __NR_rmdir, __NR_rename, __NR_renameat, __NR_mkdir, __NR_symlink, __NR_link,
#endif
    };
    for (size_t i = 0; i < sizeof watched / sizeof watched[0]; i++)
      on_nr(watched[i], SECCOMP_RET_USER_NOTIF);
  }
  emit((struct sock_filter)ALLOW);
  return plen < MAX_FILTER ? 0 : -1;
}

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

static int install_filter(int record) {
  struct sock_fprog fprog = {.len = (unsigned short)plen, .filter = prog};
  unsigned int flags = record ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
  /*
   * Kernel >= 5.19: once the supervisor holds a call, only a fatal signal interrupts the caller's
   * wait. Without it, a signal in that window (a Go program's preemption signal, a timer) makes
   * the call start over: notified, and recorded, twice. Older kernels refuse the flag.
   */
  int fd = -1;
  if (record)
    fd = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
                      flags | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &fprog);
  if (fd < 0) fd = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
  if (fd < 0) perror("expacti-confine: seccomp");
  return fd;
}

/* ---- the recorder ----------------------------------------------------------------------- */

static FILE *record_out;
/* Calls the supervisor answered (each a round trip), recorded or not (an exec of a missing path). */
static long recorded, dropped, answered, record_limit = 10000;

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

/*
 * Reading the caller's memory. The caller is paused in the watched call until it is answered, so
 * what is read here is what the kernel is about to use (a multi-threaded program can still change
 * it from another thread: see docs/confinement.md). process_vm_readv needs no descriptor per
 * process: one system call per read, nothing to reopen after an exec or a reused pid — and on a
 * virtual machine each system call is a microsecond or more, paid for every watched call.
 */
#define PAGE 4096 /* a boundary of every page size (4K, 16K, 64K): a read within it is one page */

/* Up to `size` bytes at `addr` in process `pid`, stopping at the first page that cannot be read. */
static ssize_t read_mem(pid_t pid, uint64_t addr, void *buf, size_t size) {
  struct iovec local = {.iov_base = buf, .iov_len = size};
  struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = size};
  return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/*
 * The NUL-terminated string at `addr` in process `pid`, or "" when it cannot be read. Read a page
 * piece at a time (a string may end just before an unmapped page, and a read that crosses into one
 * fails): most paths are short and need one read of at most 256 bytes.
 */
static void read_string(pid_t pid, uint64_t addr, char *buf, size_t size) {
  size_t got = 0;
  buf[0] = '\0';
  while (got < size - 1) {
    size_t to_page_end = PAGE - (size_t)((addr + got) % PAGE);
    size_t want = got == 0 && to_page_end > 256 ? 256 : to_page_end;
    if (want > size - 1 - got) want = size - 1 - got;
    ssize_t n = read_mem(pid, addr + got, buf + got, want);
    if (n <= 0) break;
    if (memchr(buf + got, '\0', (size_t)n)) return;
    got += (size_t)n;
  }
  buf[got] = '\0';
}

/* `rel` made absolute against directory fd `dirfd` (or the cwd) of process `pid`. */
static void absolute(pid_t pid, int dirfd, const char *rel, char *out, size_t size) {
  if (rel[0] == '/' || rel[0] == '\0') {
    snprintf(out, size, "%s", rel);
    return;
  }
  char link[64], base[4096];
  if (dirfd == AT_FDCWD) snprintf(link, sizeof link, "/proc/%d/cwd", pid);
  else snprintf(link, sizeof link, "/proc/%d/fd/%d", pid, dirfd);
  ssize_t n = readlink(link, base, sizeof base - 1);
  if (n < 0) {
    snprintf(out, size, "%s", rel);
    return;
  }
  base[n] = '\0';
  snprintf(out, size, "%s/%s", base, rel);
}

/** dirfd2 for a second path recorded as written: a symlink's target is read relative to the link, not the cwd. */
#define AS_WRITTEN (-2)

static void record_path(const char *op, pid_t pid, int dirfd, uint64_t addr, const char *op2,
                        int dirfd2, uint64_t addr2) {
  char rel[4096], path[8192];
  read_string(pid, addr, rel, sizeof rel);
  absolute(pid, dirfd, rel, path, sizeof path);
  fprintf(record_out, "{\"op\":\"%s\",\"pid\":%d,\"path\":", op, pid);
  json_str(record_out, path);
  if (op2) {
    read_string(pid, addr2, rel, sizeof rel);
    if (dirfd2 == AS_WRITTEN) snprintf(path, sizeof path, "%s", rel);
    else absolute(pid, dirfd2, rel, path, sizeof path);
    fprintf(record_out, ",\"%s\":", op2);
    json_str(record_out, path);
  }
  fputs("}\n", record_out);
}

static void record_connect(pid_t pid, uint64_t addr, uint64_t len) {
  struct sockaddr_storage sa;
  memset(&sa, 0, sizeof sa);
  size_t n = len < sizeof sa ? len : sizeof sa;
  if (read_mem(pid, addr, &sa, n) <= 0) return;
  char text[INET6_ADDRSTRLEN] = "";
  if (sa.ss_family == AF_INET) {
    struct sockaddr_in *in = (struct sockaddr_in *)&sa;
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    fprintf(record_out, "{\"op\":\"connect\",\"pid\":%d,\"family\":\"inet\",\"addr\":\"%s\",\"port\":%d}\n",
            pid, text, ntohs(in->sin_port));
  } else if (sa.ss_family == AF_INET6) {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&sa;
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    fprintf(record_out, "{\"op\":\"connect\",\"pid\":%d,\"family\":\"inet6\",\"addr\":\"%s\",\"port\":%d}\n",
            pid, text, ntohs(in6->sin6_port));
  } else if (sa.ss_family == AF_UNIX) {
    struct sockaddr_un *un = (struct sockaddr_un *)&sa;
    fprintf(record_out, "{\"op\":\"connect\",\"pid\":%d,\"family\":\"unix\",\"path\":", pid);
    if (un->sun_path[0] == '\0') {
      char name[sizeof un->sun_path + 2] = "@";
      memcpy(name + 1, un->sun_path + 1, sizeof un->sun_path - 1);
      name[sizeof un->sun_path] = '\0';
      json_str(record_out, name);
    } else {
      un->sun_path[sizeof un->sun_path - 1] = '\0';
      json_str(record_out, un->sun_path);
    }
    fputs("}\n", record_out);
  }
}

/* An execve of a path that does not exist (a PATH lookup trying each directory) is not recorded. */
static int exec_exists(const struct seccomp_notif *n) {
  char rel[4096], path[8192];
  int dirfd = n->data.nr == __NR_execveat ? (int)n->data.args[0] : AT_FDCWD;
  uint64_t addr = n->data.nr == __NR_execveat ? n->data.args[1] : n->data.args[0];
  read_string((pid_t)n->pid, addr, rel, sizeof rel);
  absolute((pid_t)n->pid, dirfd, rel, path, sizeof path);
  return access(path, F_OK) == 0;
}

static void record_call(const struct seccomp_notif *n) {
  if (recorded >= record_limit) {
    dropped++;
    return;
  }
  recorded++;
  const __u64 *a = n->data.args;
  pid_t pid = (pid_t)n->pid;
  int nr = n->data.nr;
  if ((nr == __NR_execve || nr == __NR_execveat) && !exec_exists(n)) {
    recorded--;
    return;
  }
  if (nr == __NR_openat) record_path((a[2] & O_CREAT) ? "create" : "write", pid, (int)a[0], a[1], NULL, 0, 0);
  else if (nr == __NR_openat2) record_path("open", pid, (int)a[0], a[1], NULL, 0, 0);
#ifdef __NR_open
  else if (nr == __NR_open) record_path((a[1] & O_CREAT) ? "create" : "write", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_creat) record_path("create", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_unlink) record_path("delete", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_rmdir) record_path("delete", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_rename) record_path("rename", pid, AT_FDCWD, a[0], "to", AT_FDCWD, a[1]);
  else if (nr == __NR_renameat) record_path("rename", pid, (int)a[0], a[1], "to", (int)a[2], a[3]);
  else if (nr == __NR_mkdir) record_path("mkdir", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_symlink) record_path("symlink", pid, AT_FDCWD, a[1], "target", AS_WRITTEN, a[0]);
  else if (nr == __NR_link) record_path("link", pid, AT_FDCWD, a[1], "target", AT_FDCWD, a[0]);
#endif
  else if (nr == __NR_unlinkat) record_path("delete", pid, (int)a[0], a[1], NULL, 0, 0);
  else if (nr == __NR_renameat2) record_path("rename", pid, (int)a[0], a[1], "to", (int)a[2], a[3]);
  else if (nr == __NR_mkdirat) record_path("mkdir", pid, (int)a[0], a[1], NULL, 0, 0);
  else if (nr == __NR_execve) record_path("exec", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_execveat) record_path("exec", pid, (int)a[0], a[1], NULL, 0, 0);
  else if (nr == __NR_truncate) record_path("truncate", pid, AT_FDCWD, a[0], NULL, 0, 0);
  else if (nr == __NR_symlinkat) record_path("symlink", pid, (int)a[1], a[2], "target", AS_WRITTEN, a[0]);
  else if (nr == __NR_linkat) record_path("link", pid, (int)a[2], a[3], "target", (int)a[0], a[1]);
  else if (nr == __NR_connect) record_connect(pid, a[1], a[2]);
  else recorded--;
}

static int status_fd = -1;
static void status(const char *what) {
  if (status_fd < 0) return;
  ssize_t ignored = write(status_fd, what, strlen(what));
  (void)ignored;
  close(status_fd);
  status_fd = -1;
}

static pid_t child;
static void forward(int sig) {
  if (child > 0) kill(child, sig);
}

static int send_fd(int sock, int fd) {
  char dummy = 'x';
  struct iovec iov = {.iov_base = &dummy, .iov_len = 1};
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                       .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock) {
  char dummy;
  struct iovec iov = {.iov_base = &dummy, .iov_len = 1};
  char control[CMSG_SPACE(sizeof(int))];
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                       .msg_controllen = sizeof control};
  if (recvmsg(sock, &msg, 0) != 1) return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

/*
 * Kernel >= 6.6: with this flag the kernel wakes the supervisor on the caller's CPU (the caller is
 * about to wait), and the answer wakes the caller there too: the round trip stays on one CPU
 * instead of waking another twice per watched call. What remains are the two process switches,
 * ~12 µs on the project's VM (BENCHMARKS.md, issue 21). Declared here: the build machines'
 * headers may predate it.
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* Whether the filter has no users left: every process of the command tree is gone. */
static int tree_gone(int listener) {
  struct pollfd p = {.fd = listener, .events = POLLIN};
  return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Whether the running kernel's version is at least major.minor. */
static int kernel_at_least(int major, int minor) {
  struct utsname u;
  int ma = 0, mi = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2) return 0;
  return ma > major || (ma == major && mi >= minor);
}

/*
 * Answers each watched call at once, after recording it. The caller waits for the answer, so each
 * system call made here is paid by the command: the loop makes two (receive, answer) plus the
 * reads of the call's arguments, and writes the record through a large buffer.
 */
static int supervise(int listener) {
  struct seccomp_notif_sizes sizes;
  if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) return -1;
  struct seccomp_notif *req = calloc(1, sizes.seccomp_notif);
  struct seccomp_notif_resp *resp = calloc(1, sizes.seccomp_notif_resp);
  if (!req || !resp) return -1;
  /* EXPACTI_CONFINE_RECORDER_COMPAT: the path of kernels before 6.6, for the tests on newer ones. */
  int compat = getenv("EXPACTI_CONFINE_RECORDER_COMPAT") != NULL;
  uint64_t sync_flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
  if (!compat) ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, sync_flags); /* < 6.6: EINVAL */
  /*
   * From 6.11 ("seccomp: interrupt SECCOMP_IOCTL_NOTIF_RECV when all users have exited") a
   * receive that is waiting returns (ENOENT, and the descriptor polls as hung up) when the last
   * process of the tree is gone; before, it could wait forever, so poll first there —
   * one more system call per watched call. A kernel that backported the change without its
   * version still polls: slower, never stuck.
   */
  int blocking_recv = !compat && kernel_at_least(6, 11);
  for (;;) {
    if (!blocking_recv) {
      struct pollfd p = {.fd = listener, .events = POLLIN};
      if (poll(&p, 1, -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (!(p.revents & POLLIN)) {
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) break;
        continue;
      }
    }
    memset(req, 0, sizes.seccomp_notif);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) != 0) {
      if (errno == EINTR) continue;
      /* ENOENT: the caller was killed before we received its call, or the tree is gone. */
      if (errno == ENOENT && !(blocking_recv && tree_gone(listener))) continue;
      break;
    }
    answered++;
    record_call(req);
    memset(resp, 0, sizes.seccomp_notif_resp);
    resp->id = req->id;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp); /* ENOENT: the caller is gone */
  }
  free(req);
  free(resp);
  return 0;
}

static int run_recorded(const struct scope *s, int abi, char **argv, const char *record_file, int record_fd) {
  /* A descriptor is better than a file: the confined command cannot reach it (closed at exec). */
  record_out = record_fd >= 0 ? fdopen(record_fd, "w") : fopen(record_file, "w");
  /* One write per 64 KiB of record (a pipe's capacity), not per 4 KiB: fewer calls, fewer wake-ups
     of the reader while the command runs. */
  if (record_out) setvbuf(record_out, NULL, _IOFBF, 1 << 16);
  int pair[2];
  if (!record_out || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    perror("expacti-confine: recorder");
    status("failed\n");
    return EXIT_SETUP;
  }
  child = fork();
  if (child < 0) {
    status("failed\n");
    return EXIT_SETUP;
  }
  if (child == 0) {
    close(pair[0]);
    if (apply_landlock(s, abi) != 0) {
      status("failed\n");
      _exit(EXIT_SETUP);
    }
    int listener = install_filter(1);
    if (listener < 0 || send_fd(pair[1], listener) != 0) {
      status("failed\n");
      _exit(EXIT_SETUP);
    }
    close(listener);
    close(pair[1]);
    status("confined\n");
    execvp(argv[0], argv);
    fprintf(stderr, "expacti-confine: %s: %s\n", argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  close(pair[1]);
  if (status_fd >= 0) {
    close(status_fd); /* the child holds its own copy and writes the status */
    status_fd = -1;
  }
  int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
  for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) signal(forwarded[i], forward);
  int listener = recv_fd(pair[0]);
  close(pair[0]);
  if (listener >= 0) {
    supervise(listener);
    close(listener);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  fprintf(record_out, "{\"summary\":true,\"recorded\":%ld,\"dropped\":%ld,\"calls\":%ld}\n", recorded,
          dropped, answered);
  fclose(record_out);
  if (listener < 0 && WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SETUP) return EXIT_SETUP;
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv) {
  char *scope_text = NULL;
  const char *record_file = NULL;
  int record_fd = -1;
  int i = 1;
  if (argc == 2 && strcmp(argv[1], "--probe") == 0) {
    int abi = landlock_abi();
    printf("{\"landlock\":%d,\"seccomp\":%s}\n", abi,
           prctl(PR_GET_SECCOMP) >= 0 ? "true" : "false");
    return abi > 0 ? 0 : EXIT_UNAVAILABLE;
  }
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--scope") == 0 && i + 1 < argc) scope_text = argv[++i];
    else if (strcmp(argv[i], "--record") == 0 && i + 1 < argc) record_file = argv[++i];
    else if (strcmp(argv[i], "--record-limit") == 0 && i + 1 < argc) record_limit = atol(argv[++i]);
    else if (strcmp(argv[i], "--record-fd") == 0 && i + 1 < argc) {
      record_fd = atoi(argv[++i]);
      fcntl(record_fd, F_SETFD, FD_CLOEXEC);
    } else if (strcmp(argv[i], "--status-fd") == 0 && i + 1 < argc) {
      status_fd = atoi(argv[++i]);
      fcntl(status_fd, F_SETFD, FD_CLOEXEC);
    }
    else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else {
      fprintf(stderr, "expacti-confine: unknown argument %s\n", argv[i]);
      return EXIT_USAGE;
    }
  }
  if (!scope_text || i >= argc) {
    fprintf(stderr, "usage: expacti-confine --scope TEXT [--record FILE] -- PROGRAM [ARGS...]\n");
    return EXIT_USAGE;
  }
  struct scope *s = calloc(1, sizeof *s);
  if (!s || parse_scope(scope_text, s) != 0) {
    status("failed\n");
    return EXIT_USAGE;
  }
  int abi = getenv("EXPACTI_CONFINE_FORCE_UNAVAILABLE") ? 0 : landlock_abi();
  if (abi < 1) {
    status("unavailable\n");
    fprintf(stderr, "expacti-confine: this kernel has no Landlock: the command cannot be confined\n");
    return EXIT_UNAVAILABLE;
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    perror("expacti-confine: no_new_privs");
    status("failed\n");
    return EXIT_SETUP;
  }
  int record = record_file != NULL || record_fd >= 0;
  if (build_filter(s, record) != 0) {
    status("failed\n");
    return EXIT_SETUP;
  }
  if (record) return run_recorded(s, abi, argv + i, record_file, record_fd);
  if (apply_landlock(s, abi) != 0 || install_filter(0) < 0) {
    status("failed\n");
    return EXIT_SETUP;
  }
  status("confined\n");
  execvp(argv[i], argv + i);
  fprintf(stderr, "expacti-confine: %s: %s\n", argv[i], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
