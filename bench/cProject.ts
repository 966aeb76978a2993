/**
 * A small generated C project for the confinement benchmark (issue 21: "unpacking and building a
 * small project"): `modules` modules (a .c and a .h each, ~120 lines of ordinary code: a table, a
 * parser loop, string handling, a qsort comparator), a common header, a main that calls every
 * module, and a Makefile that compiles each module to an object and links one program. Written
 * into `dir`; deterministic (the same text every run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function moduleSource(i: number, modules: number): string {
  const next = (i + 1) % modules;
  return `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "common.h"
#include "mod${i}.h"
#include "mod${next}.h"

struct entry${i} {
  char name[32];
  int weight;
  double score;
};

static struct entry${i} table${i}[64];

static int cmp${i}(const void *a, const void *b) {
  const struct entry${i} *x = a, *y = b;
  if (x->weight != y->weight) return x->weight - y->weight;
  return strcmp(x->name, y->name);
}

static unsigned hash${i}(const char *s) {
  unsigned h = 2166136261u + ${i}u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static int parse${i}(const char *text, int *out, int max) {
  int n = 0;
  while (*text && n < max) {
    while (*text && !isdigit((unsigned char)*text) && *text != '-') text++;
    if (!*text) break;
    char *end;
    long v = strtol(text, &end, 10);
    if (end == text) { text++; continue; }
    out[n++] = (int)v;
    text = end;
  }
  return n;
}

static void fill${i}(int seed) {
  for (int k = 0; k < 64; k++) {
    snprintf(table${i}[k].name, sizeof table${i}[k].name, "m${i}_%d_%u", k, hash${i}("seed") ^ (unsigned)seed);
    table${i}[k].weight = (int)((hash${i}(table${i}[k].name) >> 3) % 1000);
    table${i}[k].score = table${i}[k].weight / 7.0 + k;
  }
  qsort(table${i}, 64, sizeof table${i}[0], cmp${i});
}

double mod${i}_summary(const struct options *opt) {
  int values[32];
  char text[256];
  snprintf(text, sizeof text, "%d, %d; %d - %d / %d", opt->level, ${i}, opt->level * ${i}, -${i}, ${i * 3 + 1});
  int n = parse${i}(text, values, 32);
  fill${i}(opt->level + n);
  double total = 0;
  for (int k = 0; k < 64; k++) {
    if (opt->verbose > 1) printf("%s %d %.2f\\n", table${i}[k].name, table${i}[k].weight, table${i}[k].score);
    total += table${i}[k].score * (k % 3 == 0 ? 1.0 : 0.5);
  }
  for (int k = 0; k < n; k++) total += values[k];
  return total;
}

int mod${i}_check(const char *name) {
  size_t len = strlen(name);
  if (len == 0 || len > 31) return -1;
  for (size_t k = 0; k < len; k++)
    if (!isalnum((unsigned char)name[k]) && name[k] != '_') return -1;
  return (int)(hash${i}(name) % 97) + (mod${next}_id() & 1);
}

int mod${i}_id(void) { return ${i}; }
`;
}

function moduleHeader(i: number): string {
  return `#ifndef MOD${i}_H
#define MOD${i}_H
#include "common.h"
double mod${i}_summary(const struct options *opt);
int mod${i}_check(const char *name);
int mod${i}_id(void);
#endif
`;
}

/** Writes the project's files beneath `dir` (which must exist). */
export function writeCProject(dir: string, modules: number): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'src', 'common.h'),
    '#ifndef COMMON_H\n#define COMMON_H\nstruct options { int level; int verbose; };\n#endif\n',
  );
  const calls: string[] = [];
  for (let i = 0; i < modules; i++) {
    writeFileSync(join(dir, 'src', `mod${i}.c`), moduleSource(i, modules));
    writeFileSync(join(dir, 'src', `mod${i}.h`), moduleHeader(i));
    calls.push(`  total += mod${i}_summary(&opt) + mod${i}_check("name${i}");`);
  }
  const includes = Array.from({ length: modules }, (_, i) => `#include "mod${i}.h"`).join('\n');
  writeFileSync(
    join(dir, 'src', 'main.c'),
    `#include <stdio.h>\n${includes}\nint main(int argc, char **argv) {\n  struct options opt = { argc, 0 };\n  double total = 0;\n  (void)argv;\n${calls.join('\n')}\n  printf("%.1f\\n", total);\n  return 0;\n}\n`,
  );
  const objects = ['main', ...Array.from({ length: modules }, (_, i) => `mod${i}`)].map(
    (m) => `build/${m}.o`,
  );
  writeFileSync(
    join(dir, 'Makefile'),
    `CC ?= cc
CFLAGS = -O2 -Wall -Wextra -Isrc
OBJS = ${objects.join(' ')}

all: build/app

build/app: $(OBJS)
\t$(CC) -o $@ $(OBJS)

build/%.o: src/%.c src/common.h | build
\t$(CC) $(CFLAGS) -MMD -c -o $@ $<

build:
\tmkdir -p build

-include $(OBJS:.o=.d)

clean:
\trm -rf build
.PHONY: all clean
`,
  );
}
