/** The option table: per program (lower-case name, as rules look programs up), how it reads its options. */
import type { CommandOptions } from './spec.js';
import * as core from './coreutils.js';
import { git } from './git.js';
import { diff, go, make } from './build.js';
import { helm, terraform } from './infra.js';
import { cargo, npm, pip, pnpm, pytest, yarn } from './packages.js';
import { curl, docker, jq, kubectl, psql, rg, tar, wget, zip } from './tools.js';

export const OPTION_TABLE: Readonly<Record<string, CommandOptions>> = {
  ls: core.ls,
  cat: core.cat,
  head: core.head,
  tail: core.tail,
  wc: core.wc,
  mkdir: core.mkdir,
  rm: core.rm,
  cp: core.cp,
  mv: core.mv,
  chmod: core.chmod,
  du: core.du,
  grep: core.grep,
  egrep: core.grep,
  fgrep: core.grep,
  sed: core.sed,
  sort: core.sort,
  tee: core.tee,
  base64: core.base64,
  touch: core.touch,
  ln: core.ln,
  nl: core.nl,
  git,
  npm,
  pnpm,
  yarn,
  pytest,
  'py.test': pytest,
  cargo,
  curl,
  rg,
  jq,
  psql,
  tar,
  docker,
  kubectl,
  make,
  gmake: make,
  go,
  diff,
  cut: core.cut,
  xargs: core.xargs,
  terraform,
  tofu: terraform,
  helm,
  pip,
  pip3: pip,
  wget,
  zip,
};
