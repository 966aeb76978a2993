/** psql backslash commands and sqlite dot commands: what each one does. */
import type { SqlEffect } from '../types.js';
import type { Dialect } from './extract.js';

type Meta = Omit<SqlEffect, 'command' | 'text'>;

/** The n-th whitespace-separated word of a psql/sqlite client line (not shell text). */
function wordAt(line: string, n: number): string {
  return line.match(/\S+/g)?.[n] ?? '';
}

function meta(statement: string, readOnly: boolean, summary: string, notes: string[] = []): Meta {
  return { statement, tables: [], notes, summary, readOnly };
}

export function clientCommand(line: string, dialect: Dialect): Meta | null {
  const t = line.trim();
  if (dialect === 'postgres' && t.startsWith('\\')) {
    const name = t.slice(1).split(/[\s;]/)[0] ?? '';
    if (name === '!' || t.startsWith('\\!'))
      return meta('META', false, `psql shell escape: ${t}`, ['shell-escape']);
    if (/^(i|ir|include|include_relative)$/.test(name))
      return meta('META', false, `psql runs the SQL file ${wordAt(t, 1)}`, ['include-file']);
    if (name === 'gexec')
      return meta('UNKNOWN', false, 'psql \\gexec runs the query results as SQL', ['parse-error']);
    if (name === 'copy') return meta('COPY', /\bto\s+stdout\b/i.test(t), `psql \\copy: ${t}`);
    if (/^(o|out|w|write)$/.test(name)) return meta('OTHER', false, `psql writes output to a file: ${t}`);
    return meta('META', true, `psql command ${wordAt(t, 0)} (read-only)`);
  }
  if (dialect === 'sqlite' && t.startsWith('.')) {
    const name = t.slice(1).split(/\s/)[0] ?? '';
    if (name === 'shell' || name === 'system')
      return meta('META', false, `sqlite shell escape: ${t}`, ['shell-escape']);
    if (name === 'read')
      return meta('META', false, `sqlite runs the SQL file ${wordAt(t, 1)}`, ['include-file']);
    if (name === 'restore')
      return meta('DROP DATABASE', false, `sqlite replaces the database from a backup: ${t}`);
    if (name === 'import') return meta('COPY', false, `sqlite imports a file into a table: ${t}`);
    if (/^(output|once|backup|save|excel)$/.test(name))
      return meta('OTHER', false, `sqlite writes a file: ${t}`);
    return meta('META', true, `sqlite command .${name} (read-only)`);
  }
  return null;
}
