/**
 * The org's team policy (issue 11): the latest stored version, parsed once per version and kept
 * until the store announces an org change (every replica hears of an upload). Uploads are checked
 * strictly (schema, sense, every rule's examples, the groups they name); a stored version is
 * enforced even if its examples stop passing later (a parser change) — dropping its rules would
 * loosen the gate — and that is logged.
 */
import { createHash } from 'node:crypto';
import type { CommandAnalyzer } from '../../core/analyzer/types.js';
import { DEFAULT_POLICY, type LoadedPolicy } from '../../core/policy/evaluate.js';
import { groupsNamed, loadPolicy, PolicyError } from '../../core/policy/loadPolicy.js';
import { policySchema } from '../../core/policy/policySchema.js';
import { load as parseYaml } from 'js-yaml';
import type { PolicyVersion, ReviewerGroup } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { Log } from '../log.js';
import { ApiError, conflict } from '../errors.js';
import { StoreConflictError } from '../../store/errors.js';

export interface PolicySource {
  /** The file given to `serve --policy`; uploads through the API are then refused. */
  path: string;
  source: string;
}

export class PolicyService {
  private readonly cache = new Map<string, Promise<LoadedPolicy>>();
  private readonly groups = new Map<string, Promise<ReviewerGroup[]>>();

  constructor(
    private readonly store: Store,
    private readonly analyzer: CommandAnalyzer,
    private readonly log: Log,
    private readonly now: () => Date,
    /** `serve --policy FILE`: this source is the org's policy; stored as a new version when it changed. */
    readonly fromFile: PolicySource | null = null,
  ) {
    store.subscribe((change) => {
      if (change.type === 'org') {
        this.cache.delete(change.orgId);
        this.groups.delete(change.orgId);
      } else if (change.type === 'resync') {
        this.cache.clear();
        this.groups.clear();
      }
    });
  }

  /** Checks a policy text strictly (throws PolicyError naming each problem). */
  check(source: string): ReturnType<typeof loadPolicy> {
    return loadPolicy(source, (shell) => this.analyzer.analyze({ shell }));
  }

  /** The org's policy now (the default when none was ever stored). */
  get(orgId: string): Promise<LoadedPolicy> {
    let p = this.cache.get(orgId);
    if (!p) {
      p = this.load(orgId);
      this.cache.set(orgId, p);
      p.catch(() => this.cache.delete(orgId));
    }
    return p;
  }

  /** The org's groups with their members (cached until an org change). */
  listGroups(orgId: string): Promise<ReviewerGroup[]> {
    let p = this.groups.get(orgId);
    if (!p) {
      p = this.store.listGroups(orgId);
      this.groups.set(orgId, p);
      p.catch(() => this.groups.delete(orgId));
    }
    return p;
  }

  async groupsOf(orgId: string, userId: string): Promise<string[]> {
    return (await this.listGroups(orgId))
      .filter((g) => g.members.some((m) => m.id === userId))
      .map((g) => g.name);
  }

  private async load(orgId: string): Promise<LoadedPolicy> {
    if (this.fromFile) await this.syncFromFile(orgId);
    const latest = await this.store.latestPolicy(orgId);
    if (!latest) return DEFAULT_POLICY;
    try {
      return { version: latest.version, document: this.check(latest.source) };
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      const raw = policySchema.safeParse(parseYaml(latest.source));
      if (!raw.success) throw error;
      this.log.error(
        { orgId, version: latest.version, err: error.message },
        'the stored policy no longer passes its checks; it is enforced as it is: fix it and upload a new version',
      );
      return { version: latest.version, document: raw.data };
    }
  }

  /** With `serve --policy FILE`: the file becomes the org's latest version when it differs. */
  private async syncFromFile(orgId: string): Promise<void> {
    const file = this.fromFile as PolicySource;
    const latest = await this.store.latestPolicy(orgId);
    if (latest?.sha256 === sha256(file.source)) return;
    // Replicas starting together race to store it: the loser's insert conflicts, and the winner's row is the same file.
    await this.store
      .insertPolicyVersion(
        {
          orgId,
          source: file.source,
          sha256: sha256(file.source),
          createdAt: this.now().toISOString(),
          createdBy: `serve --policy ${file.path}`,
          note: 'loaded from the file given to expacti serve --policy',
        },
        latest?.version ?? 0,
        (version) => [
          policyAudit(
            this.now(),
            orgId,
            version,
            file.source,
            { kind: 'system', id: null, name: 'serve --policy' },
            file.path,
          ),
        ],
      )
      .catch((error: unknown) => {
        if (!(error instanceof StoreConflictError)) throw error;
      });
  }

  /** An admin's upload: checked strictly; the groups it names must exist. */
  async upload(
    orgId: string,
    actor: { id: string; name: string },
    source: string,
    note: string | null,
    ifLatest: number | undefined,
  ): Promise<PolicyVersion> {
    if (this.fromFile)
      throw conflict(
        `this server's policy comes from the file ${this.fromFile.path} (expacti serve --policy): change the file and restart, or start the server without --policy to manage it through the API`,
      );
    let doc;
    try {
      doc = this.check(source);
    } catch (error) {
      if (error instanceof PolicyError)
        throw new ApiError('bad_request', error.message, 'source', { problems: error.problems });
      throw error;
    }
    const existing = new Set((await this.store.listGroups(orgId)).map((g) => g.name));
    const missing = groupsNamed(doc).filter((g) => !existing.has(g));
    if (missing.length)
      throw new ApiError(
        'bad_request',
        `the policy names groups that do not exist: ${missing.join(', ')}. Create them first (expacti group add NAME), so that someone can approve what they guard`,
        'source',
        { missingGroups: missing },
      );
    const stored = await this.store
      .insertPolicyVersion(
        {
          orgId,
          source,
          sha256: sha256(source),
          createdAt: this.now().toISOString(),
          createdBy: actor.name,
          note,
        },
        ifLatest,
        (version) => [
          policyAudit(
            this.now(),
            orgId,
            version,
            source,
            { kind: 'user', id: actor.id, name: actor.name },
            note,
          ),
        ],
      )
      .catch((error: unknown) => {
        if (error instanceof StoreConflictError) return null;
        throw error;
      });
    if (!stored)
      throw conflict(
        `the policy changed since version ${ifLatest ?? 0} (someone else uploaded one): look at the latest version, then upload again`,
      );
    this.cache.delete(orgId);
    return stored;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function policyAudit(
  at: Date,
  orgId: string,
  version: number,
  source: string,
  actor: { kind: 'user' | 'system'; id: string | null; name: string },
  note: string | null,
) {
  const rules = (() => {
    try {
      const doc = policySchema.safeParse(parseYaml(source));
      return doc.success ? doc.data.rules.map((r) => r.name) : [];
    } catch {
      return [];
    }
  })();
  return {
    ts: at.toISOString(),
    orgId,
    actor,
    action: 'policy.updated',
    subject: String(version),
    data: { version, sha256: sha256(source), rules, note },
  };
}
