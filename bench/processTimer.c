/*
 * Whole-process timer for bench/gate.bench.ts: starts each program with posix_spawn (a vfork, as
 * cheap as a process start gets) and times it from just before the spawn to the end of waitpid,
 * so the floor is the kernel's process start, not the harness's own (Node's spawnSync added ~5 ms
 * to every sample on the project's VM, more than the native client costs).
 *
 *   process-timer ROUNDS [--stdin FILE] PROGRAM ARGS... [';' [--stdin FILE] PROGRAM ARGS...]...
 *
 * Runs the programs in turn, ROUNDS times (alternating: a slow moment of the machine falls on all
 * of them alike), stdout and stderr to /dev/null, stdin from FILE or /dev/null. Prints one line
 * per program: its times in ms, space-separated. Any program that exits other than 0 stops it
 * (exit 1, which program on stderr): a failed run is not a time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

typedef struct {
  char **argv;
  const char *input;
  double *ms;
} program;

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: process-timer ROUNDS [--stdin FILE] PROGRAM ARGS... [';' ...]\n", stderr);
    return 2;
  }
  int rounds = atoi(argv[1]);
  program list[32];
  int count = 0;
  for (int i = 2; i < argc && count < 32;) {
    program *p = &list[count++];
    p->input = "/dev/null";
    if (!strcmp(argv[i], "--stdin") && i + 1 < argc) {
      p->input = argv[i + 1];
      i += 2;
    }
    p->argv = argv + i;
    while (i < argc && strcmp(argv[i], ";")) i++;
    if (i < argc) argv[i++] = NULL; /* the separator ends this program's arguments */
    p->ms = calloc((size_t)rounds, sizeof *p->ms);
    if (!p->ms || !p->argv[0]) return 2;
  }
  for (int r = 0; r < rounds; r++)
    for (int k = 0; k < count; k++) {
      program *p = &list[k];
      posix_spawn_file_actions_t fa;
      posix_spawn_file_actions_init(&fa);
      posix_spawn_file_actions_addopen(&fa, 0, p->input, O_RDONLY, 0);
      posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
      struct timespec a, b;
      pid_t pid;
      int status = 0;
      clock_gettime(CLOCK_MONOTONIC, &a);
      int failed = posix_spawnp(&pid, p->argv[0], &fa, NULL, p->argv, environ);
      if (!failed) waitpid(pid, &status, 0);
      clock_gettime(CLOCK_MONOTONIC, &b);
      posix_spawn_file_actions_destroy(&fa);
      if (failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "process-timer: %s failed (spawn %d, status %d)\n", p->argv[0], failed, status);
        return 1;
      }
      p->ms[r] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    }
  for (int k = 0; k < count; k++) {
    for (int r = 0; r < rounds; r++) printf(r ? " %.3f" : "%.3f", list[k].ms[r]);
    putchar('\n');
  }
  return 0;
}
