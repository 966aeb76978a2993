/** What each kind of statement does, as a Draft (an effect without its summary, text and command). */
import {
  DML,
  dmlDraft,
  functionsIn,
  nestedDml,
  SIDE_EFFECT_FUNCTIONS,
  tablesIn,
  typeOf,
  type Draft,
  type Node,
} from './tree.js';

const DROP_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'DROP TABLE',
  OBJECT_SCHEMA: 'DROP SCHEMA',
  OBJECT_MATVIEW: 'DROP TABLE',
  OBJECT_FOREIGN_TABLE: 'DROP TABLE',
};

export function draftsFor(type: string, body: Node): Draft[] {
  if (DML.has(type)) return [dmlDraft(type, body), ...nestedDml(body)];
  switch (type) {
    case 'SelectStmt': {
      const nested = nestedDml(body);
      if (nested.length > 0) return nested;
      const fns = functionsIn(body).filter((f) => SIDE_EFFECT_FUNCTIONS.has(f));
      if (body['intoClause'])
        return [{ statement: 'SELECT INTO', tables: tablesIn(body), notes: [], readOnly: false }];
      if (fns.length > 0)
        return [
          {
            statement: 'SELECT',
            tables: tablesIn(body),
            notes: ['side-effect-function', ...fns.map((f) => `calls ${f}()`)],
            readOnly: false,
          },
        ];
      return [
        {
          statement: 'SELECT',
          tables: tablesIn(body),
          notes: body['lockingClause'] ? ['locks-rows'] : [],
          readOnly: true,
        },
      ];
    }
    case 'ExplainStmt': {
      const options = (body['options'] as Array<{ DefElem?: Node }> | undefined) ?? [];
      const analyze = options.some((o) => {
        const d = o.DefElem;
        if (!d || d['defname'] !== 'analyze') return false;
        const arg = JSON.stringify(d['arg'] ?? '');
        return !/false|"off"|"0"|ival":0/.test(arg);
      });
      const inner = typeOf(body['query']);
      if (!inner) return [{ statement: 'EXPLAIN', tables: [], notes: [], readOnly: true }];
      const innerDrafts = draftsFor(inner[0], inner[1]);
      if (analyze) return innerDrafts.map((d) => ({ ...d, notes: [...d.notes, 'explain-analyze'] }));
      return [
        {
          statement: 'EXPLAIN',
          tables: tablesIn(inner[1]),
          notes: [`of ${innerDrafts[0]?.statement ?? 'statement'}`],
          readOnly: true,
        },
      ];
    }
    case 'DropdbStmt':
      return [
        { statement: 'DROP DATABASE', tables: [String(body['dbname'] ?? '')], notes: [], readOnly: false },
      ];
    case 'DropStmt': {
      const kind = String(body['removeType'] ?? '');
      const names = ((body['objects'] as unknown[]) ?? []).map(
        (o) =>
          JSON.stringify(o)
            .match(/"(?:sval|relname)":"([^"]+)"/g)
            ?.map((m) => m.replace(/.*:"|"$/g, ''))
            .join('.') ?? '?',
      );
      const statement = DROP_KINDS[kind] ?? 'DROP';
      return [
        { statement, tables: names, notes: [kind.replace(/^OBJECT_/, '').toLowerCase()], readOnly: false },
      ];
    }
    case 'TruncateStmt':
      return [{ statement: 'TRUNCATE', tables: tablesIn(body), notes: [], readOnly: false }];
    case 'DropOwnedStmt':
      return [{ statement: 'DROP OWNED', tables: [], notes: [], readOnly: false }];
    case 'AlterTableStmt': {
      const dropsColumn = JSON.stringify(body['cmds'] ?? []).includes('AT_DropColumn');
      return [
        {
          statement: 'ALTER',
          tables: tablesIn({ r: body['relation'] } as Node),
          notes: dropsColumn ? ['drop-column'] : [],
          readOnly: false,
        },
      ];
    }
    case 'CopyStmt': {
      const notes = body['is_program'] ? ['program'] : body['filename'] ? ['server-file'] : [];
      const toStdout = !body['is_from'] && !body['filename'];
      return [{ statement: 'COPY', tables: tablesIn(body), notes, readOnly: toStdout && notes.length === 0 }];
    }
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return [
        {
          statement: body['is_grant'] ? 'GRANT' : 'REVOKE',
          tables: tablesIn(body),
          notes: [],
          readOnly: false,
        },
      ];
    case 'VariableSetStmt':
    case 'VariableShowStmt':
    case 'TransactionStmt':
    case 'FetchStmt':
    case 'ClosePortalStmt':
    case 'DeallocateStmt':
      return [
        {
          statement:
            type === 'VariableShowStmt' ? 'SHOW' : type === 'TransactionStmt' ? 'TRANSACTION' : 'SET',
          tables: [],
          notes: [],
          readOnly: true,
        },
      ];
    case 'VacuumStmt':
      return [
        {
          statement: body['is_vacuumcmd'] ? 'VACUUM' : 'ANALYZE',
          tables: tablesIn(body),
          notes: [],
          readOnly: false,
        },
      ];
    case 'DoStmt':
      return [{ statement: 'DO', tables: [], notes: [], readOnly: false }];
    case 'CallStmt':
      return [
        {
          statement: 'CALL',
          tables: [],
          notes: functionsIn(body).map((f) => `calls ${f}()`),
          readOnly: false,
        },
      ];
    case 'AlterSystemStmt':
      return [{ statement: 'ALTER SYSTEM', tables: [], notes: [], readOnly: false }];
    case 'CreateRoleStmt':
    case 'AlterRoleStmt':
    case 'DropRoleStmt':
    case 'ReassignOwnedStmt':
      return [
        {
          statement: {
            CreateRoleStmt: 'CREATE ROLE',
            AlterRoleStmt: 'ALTER ROLE',
            DropRoleStmt: 'DROP ROLE',
            ReassignOwnedStmt: 'REASSIGN OWNED',
          }[type] as string,
          tables: [],
          notes: [],
          readOnly: false,
        },
      ];
    case 'CreateFunctionStmt':
      return [{ statement: 'CREATE FUNCTION', tables: [], notes: [], readOnly: false }];
    case 'CreateExtensionStmt':
      return [{ statement: 'CREATE EXTENSION', tables: [], notes: [], readOnly: false }];
    case 'PrepareStmt':
    case 'DeclareCursorStmt': {
      const inner = typeOf(body['query']);
      return inner
        ? draftsFor(inner[0], inner[1])
        : [{ statement: 'OTHER', tables: [], notes: [], readOnly: false }];
    }
    default:
      if (type.startsWith('Create') || type === 'IndexStmt' || type === 'ViewStmt') {
        return [{ statement: 'CREATE', tables: tablesIn(body), notes: [], readOnly: false }];
      }
      if (type.startsWith('Alter') || type === 'RenameStmt')
        return [{ statement: 'ALTER', tables: tablesIn(body), notes: [], readOnly: false }];
      if (type === 'CommentStmt') return [{ statement: 'COMMENT', tables: [], notes: [], readOnly: false }];
      if (type === 'CheckPointStmt') return [{ statement: 'OTHER', tables: [], notes: [], readOnly: true }];
      return [{ statement: 'OTHER', tables: [], notes: [type], readOnly: false }];
  }
}
