/*
 * A fixed-rate HTTP/1.1 load generator for the gate bench, outside any Node event loop: request i
 * is due at start + i/rate (open loop), sent on an idle keep-alive connection of a small pool, and
 * its latency is measured from the moment it was DUE (so a stall of the server, or of this program,
 * counts for every request it delays: no coordinated omission) to the last byte of a 201 answer.
 *
 * usage: steady-load HOST PORT PATH TOKEN BODY RATE SECONDS CONNECTIONS [TRACE_FILE]
 * prints: "sent N errors E p50 P p90 P p99 P p999 P max M late L sent-after-due median S p99_ S"
 * (ms; L: requests sent more than 1 ms after they were due, for want of an idle connection or of
 * this program's CPU; S: how long after its due time a request went out); with TRACE_FILE, one line
 * per request: due time (CLOCK_REALTIME, ms) and latency (ms), to line stalls up with the server.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAXC 256

struct conn {
  int fd;
  int busy;
  double due;
  char buf[8192];
  size_t len;
};

static double now_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int connect_to(const char *host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, host, &sa.sin_addr);
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    perror("connect");
    exit(2);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/* A whole answer in buf: returns its length, 0 when more is needed; *status gets its code. */
static size_t whole_answer(const char *buf, size_t len, int *status) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  if (!end) return 0;
  size_t head = (size_t)(end - buf) + 4;
  const char *cl = memmem(buf, head, "ontent-Length:", 14);
  if (!cl) cl = memmem(buf, head, "ontent-length:", 14);
  size_t body = cl ? strtoul(cl + 14, NULL, 10) : 0;
  if (len < head + body) return 0;
  *status = atoi(buf + 9);
  return head + body;
}

int main(int argc, char **argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: steady-load HOST PORT PATH TOKEN BODY RATE SECONDS CONNECTIONS [TRACE]\n");
    return 2;
  }
  const char *host = argv[1], *path = argv[3], *token = argv[4], *body = argv[5];
  int port = atoi(argv[2]), nconn = atoi(argv[8]);
  double rate = atof(argv[6]), seconds = atof(argv[7]);
  if (nconn > MAXC) nconn = MAXC;
  char req[16384];
  int reqlen = snprintf(req, sizeof req,
                        "POST %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                        "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                        path, host, port, token, strlen(body), body);
  long total = (long)(rate * seconds);
  double *lat = calloc(total, sizeof *lat), *dues = calloc(total, sizeof *dues);
  double *sendlag = calloc(total, sizeof *sendlag);
  static struct conn c[MAXC];
  int ep = epoll_create1(0);
  for (int i = 0; i < nconn; i++) {
    c[i].fd = connect_to(host, port);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev);
  }
  /* Wake exactly when the next request is due: a timerfd armed at that absolute time, in the same
     epoll set (epoll_wait's own timeout is in whole ms, rounded up: requests went out up to a ms
     after they were due, and that wait was counted as the server's latency). */
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  struct epoll_event tev = {.events = EPOLLIN, .data.u32 = MAXC};
  epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
  double start = now_ms(CLOCK_MONOTONIC) + 5, wall0 = now_ms(CLOCK_REALTIME) + 5;
  long next = 0, done = 0, errors = 0, late = 0;
  while (done < total) {
    double t = now_ms(CLOCK_MONOTONIC);
    /* Send every request that is due, each on an idle connection (if none is idle, it waits and
       its latency, counted from when it was due, grows). */
    while (next < total && start + next * 1000.0 / rate <= t) {
      int k = -1;
      for (int i = 0; i < nconn; i++)
        if (!c[i].busy) { k = i; break; }
      if (k < 0) break; /* all connections busy: it waits, and its latency grows */
      c[k].busy = 1;
      c[k].due = start + next * 1000.0 / rate;
      if (t - c[k].due > 1) late++;
      sendlag[next] = t - c[k].due;
      c[k].len = 0;
      if (write(c[k].fd, req, reqlen) != reqlen) { perror("write"); return 2; }
      next++;
    }
    /* The next due time, if one is waiting to be sent and a connection may be idle by then. */
    if (next < total) {
      double due = start + next * 1000.0 / rate;
      struct itimerspec it = {.it_value = {.tv_sec = (time_t)(due / 1e3),
                                           .tv_nsec = (long)((due - (double)(time_t)(due / 1e3) * 1e3) * 1e6)}};
      if (it.it_value.tv_sec == 0 && it.it_value.tv_nsec == 0) it.it_value.tv_nsec = 1;
      timerfd_settime(tfd, TFD_TIMER_ABSTIME, &it, NULL);
    }
    struct epoll_event evs[MAXC + 1];
    int n = epoll_wait(ep, evs, MAXC + 1, next < total ? -1 : 50);
    for (int e = 0; e < n; e++) {
      if (evs[e].data.u32 == MAXC) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0) { /* not yet: nothing to read */ }
        continue;
      }
      struct conn *x = &c[evs[e].data.u32];
      ssize_t r = read(x->fd, x->buf + x->len, sizeof x->buf - x->len);
      if (r <= 0) { fprintf(stderr, "connection closed\n"); return 2; }
      x->len += r;
      int status = 0;
      size_t used = whole_answer(x->buf, x->len, &status);
      if (!used) continue;
      double l = now_ms(CLOCK_MONOTONIC) - x->due;
      if (status != 201) errors++;
      dues[done] = x->due;
      lat[done++] = l;
      x->busy = 0;
      x->len = 0;
    }
  }
  if (argc > 9) {
    FILE *f = fopen(argv[9], "w");
    for (long i = 0; i < total; i++) fprintf(f, "%.3f %.3f\n", wall0 + (dues[i] - start), lat[i]);
    fclose(f);
  }
  qsort(lat, total, sizeof *lat, cmp);
#define P(q) lat[(long)((q) / 100.0 * (total - 1))]
  printf("sent %ld errors %ld p50 %.3f p90 %.3f p99 %.3f p999 %.3f max %.3f late %ld", total, errors,
         P(50), P(90), P(99), P(99.9), lat[total - 1], late);
  qsort(sendlag, total, sizeof *sendlag, cmp);
  printf(" sent-after-due median %.3f p99_ %.3f\n", sendlag[total / 2], sendlag[(long)(0.99 * (total - 1))]);
  return errors ? 1 : 0;
}
