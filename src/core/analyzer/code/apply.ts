/** A catalog effect applied to one resolved call: the actions it stands for. */
import type { Effect } from './catalog.js';
import {
  dynamicWord,
  shorten,
  staticWord,
  wordOfValue,
  type CodeAction,
  type CodeLanguage,
  type ResolvedCall,
  type Value,
} from './types.js';
import type { Word } from '../types.js';

function truthy(v: Value | undefined): boolean {
  return v !== undefined && ((v.kind === 'bool' && v.value) || (v.kind === 'num' && v.value !== 0));
}

/** `0o777` / 511 → `777`; a mode the code computes stays dynamic. */
function octal(v: Value | undefined): Word {
  if (v?.kind === 'num') return staticWord(v.value.toString(8));
  return wordOfValue(v);
}

function likeArgv(tokens: readonly string[], call: ResolvedCall): Word[] {
  const out: Word[] = [];
  for (const t of tokens) {
    const option = /^(-[\w-]+)\?(\w+)$/.exec(t);
    if (option) {
      if (truthy(call.options.get(option[2] as string))) out.push(staticWord(option[1] as string));
      continue;
    }
    // `-C=$0|path?`: the option and its value, when the argument (positional or by keyword) is given.
    const valued = /^(-[\w-]+)=\$(\d+)(?:\|(\w+))?\?$/.exec(t);
    if (valued) {
      const v = call.args[Number(valued[2])] ?? (valued[3] ? call.options.get(valued[3]) : undefined);
      if (v !== undefined) out.push(staticWord(valued[1] as string), wordOfValue(v));
      continue;
    }
    const arg = /^\$(octal)?(\d+|self)(\?)?$/.exec(t);
    if (!arg) {
      out.push(staticWord(t));
      continue;
    }
    const v = arg[2] === 'self' ? call.self : call.args[Number(arg[2])];
    if (v === undefined && arg[3]) continue;
    out.push(arg[1] ? octal(v) : wordOfValue(v));
  }
  return out;
}

/** A list of words (an argv), or null when it is not a list of known length. */
function argvOf(v: Value | undefined): Word[] | null {
  if (!v || v.kind !== 'list') return null;
  return v.items.map(wordOfValue);
}

function textOf(v: Value | undefined): string | null {
  return v?.kind === 'str' && v.word.dynamic.length === 0 ? v.word.value : null;
}

/** Some part of the value was decoded from a literal by the code itself. */
function decodedIn(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'str') return v.decoded === true;
  return v.kind === 'list' && v.items.some(decodedIn);
}

function spawn(language: CodeLanguage, call: ResolvedCall): CodeAction {
  const action = spawnAction(language, call);
  return call.args.some(decodedIn) && action.kind !== 'dynamic'
    ? ({ ...action, decoded: true } as CodeAction)
    : action;
}

function spawnAction(language: CodeLanguage, call: ResolvedCall): CodeAction {
  if (language === 'ruby') {
    // system/exec/spawn/popen/Open3: one string runs through the shell, several are an argv; an
    // environment hash may come first.
    const args = call.args[0]?.kind === 'dict' ? call.args.slice(1) : call.args;
    if (args.length === 1 && args[0]?.kind === 'str')
      return { kind: 'shell', call: call.text, text: textOf(args[0]) };
    if (args.length === 1 && args[0]?.kind === 'list')
      return { kind: 'exec', call: call.text, argv: argvOf(args[0]) };
    if (args.length > 1) return { kind: 'exec', call: call.text, argv: args.map(wordOfValue) };
    return { kind: 'exec', call: call.text, argv: null };
  }
  const first = call.args[0];
  const shell = truthy(call.options.get('shell'));
  if (language === 'python') {
    if (shell) return { kind: 'shell', call: call.text, text: textOf(first) };
    if (first?.kind === 'str') return { kind: 'exec', call: call.text, argv: [first.word] };
    return { kind: 'exec', call: call.text, argv: argvOf(first) };
  }
  const rest = call.args[1]?.kind === 'list' ? argvOf(call.args[1]) : [];
  if (shell) {
    const words = first?.kind === 'str' && rest ? [first.word, ...rest] : null;
    const text = words?.every((w) => w.dynamic.length === 0) ? words.map((w) => w.value).join(' ') : null;
    return { kind: 'shell', call: call.text, text };
  }
  if (!first || first.kind !== 'str' || !rest) return { kind: 'exec', call: call.text, argv: null };
  return { kind: 'exec', call: call.text, argv: [first.word, ...rest] };
}

function execArgv(effect: { exec: 'list' | 'cmd+list' | 'varargs'; at: number }, call: ResolvedCall) {
  const { args } = call;
  if (effect.exec === 'list') {
    // Bun.spawn({ cmd: [...] }) / Deno.run({ cmd: [...] }) pass the argv as an option.
    return argvOf(args[effect.at]) ?? argvOf(call.options.get('cmd'));
  }
  if (effect.exec === 'varargs') return args.slice(effect.at).map(wordOfValue);
  const program = args[effect.at];
  if (program?.kind !== 'str') return null;
  const list = args[effect.at + 1];
  const rest = list === undefined || list.kind === 'dict' ? [] : argvOf(list);
  const optionArgs = argvOf(call.options.get('args'));
  if (rest === null) return null;
  return [program.word, ...(rest.length === 0 && optionArgs ? optionArgs : rest)];
}

function openArgv(call: ResolvedCall): Word[] {
  const target = call.self ?? call.args[0];
  const modeValue = call.self ? call.args[0] : (call.args[1] ?? call.options.get('mode'));
  const mode = modeValue === undefined ? 'r' : textOf(modeValue);
  if (mode === null) return [staticWord('tee'), wordOfValue(target)];
  if (/[wax+]/.test(mode))
    return [staticWord('tee'), ...(mode.includes('a') ? [staticWord('-a')] : []), wordOfValue(target)];
  return [staticWord('cat'), wordOfValue(target)];
}

/** An HTTP request as the curl command with the same method, data and URL. */
function httpArgv(method: string, call: ResolvedCall): Word[] {
  let m: string | null = method;
  let url = call.args[0];
  if (method === 'arg0') {
    m = textOf(call.args[0]);
    url = call.args[1] ?? call.options.get('url');
  } else if (method === 'option') {
    const given = call.options.get('method');
    m = given === undefined ? 'GET' : textOf(given);
    url = url?.kind === 'dict' ? url.entries.get('url') : (url ?? call.options.get('url'));
  }
  const out = [staticWord('curl')];
  if (m === null) out.push(staticWord('-X'), dynamicWord('method'));
  else if (m.toUpperCase() !== 'GET') out.push(staticWord('-X'), staticWord(m.toUpperCase()));
  const data = ['data', 'json', 'body', 'content']
    .map((k) => call.options.get(k))
    .find((v) => v !== undefined);
  if (call.options.has('files')) out.push(staticWord('-F'), staticWord('file=@-'));
  else if (data?.kind === 'str' && data.word.dynamic.length === 0) out.push(staticWord('--data'), data.word);
  else if (data !== undefined) out.push(staticWord('--data-binary'), staticWord('@-'));
  out.push(wordOfValue(url));
  return out;
}

/** What a call does. `analyse` reads code given as a literal (exec/eval) in turn. */
export function applyEffect(
  language: CodeLanguage,
  effect: Effect,
  call: ResolvedCall,
  analyse: (language: CodeLanguage, text: string) => CodeAction[],
): CodeAction[] {
  const text = call.text;
  if ('like' in effect) return [{ kind: 'command', call: text, argv: likeArgv(effect.like, call) }];
  if ('shell' in effect) {
    const arg = call.args[effect.shell];
    return [{ kind: 'shell', call: text, text: textOf(arg), ...(decodedIn(arg) ? { decoded: true } : {}) }];
  }
  if ('exec' in effect) return [{ kind: 'exec', call: text, argv: execArgv(effect, call) }];
  if ('spawn' in effect) return [spawn(effect.spawn, call)];
  if ('open' in effect) return [{ kind: 'command', call: text, argv: openArgv(call) }];
  if ('http' in effect) return [{ kind: 'command', call: text, argv: httpArgv(effect.http, call) }];
  if ('socket' in effect) {
    const host = call.args[0]?.kind === 'list' ? call.args[0].items : call.args.slice(0, 2);
    const words = host.filter((v) => v.kind === 'str' || v.kind === 'num').map(wordOfValue);
    return [{ kind: 'command', call: text, argv: [...effect.socket.map((w) => staticWord(w)), ...words] }];
  }
  if ('code' in effect) {
    const at = effect.at < 0 ? call.args.length - 1 : effect.at;
    const code = textOf(call.args[at]);
    if (code === null)
      return [{ kind: 'dynamic', call: text, why: `runs ${language} code built at run time` }];
    // Code run from a string hides what runs from a plain reading: never below high, and read in turn.
    return [
      { kind: 'dynamic', call: text, why: 'runs code given as a string' },
      ...analyse(effect.code, code),
    ];
  }
  if ('dynamic' in effect) return [{ kind: 'dynamic', call: text, why: effect.dynamic }];
  if ('local' in effect) return [{ kind: 'local', call: text }];
  return [];
}

export function opaque(call: string): CodeAction {
  return { kind: 'opaque', call: shorten(call) };
}
