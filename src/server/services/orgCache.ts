/** Org settings, cached (they are read on every request) and dropped when the change feed says so. */
import type { Store } from '../../store/store.js';
import type { Org } from '../../store/records.js';
import { notFound } from '../errors.js';

export class OrgCache {
  private orgs = new Map<string, Promise<Org | null>>();
  constructor(private store: Store) {}

  async get(orgId: string): Promise<Org> {
    let org = this.orgs.get(orgId);
    if (!org) {
      org = this.store.getOrg(orgId);
      org.catch(() => this.orgs.delete(orgId));
      this.orgs.set(orgId, org);
    }
    const found = await org;
    if (!found) throw notFound('org');
    return found;
  }

  invalidate(orgId?: string): void {
    if (orgId === undefined) this.orgs.clear();
    else this.orgs.delete(orgId);
  }
}
