/**
 * Directories and identity providers: LDAP's command-line tools and Keycloak's admin CLI. Who can
 * sign in, with which rights, lives here; a realm or a subtree deleted takes every account in it.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

const KEYCLOAK = ['kcadm.sh', 'kcadm'];

export const identityRules: RiskRule[] = [
  {
    id: 'identity.delete-all',
    category: 'delete',
    tier: 'critical',
    reason: 'Deletes a whole directory subtree or identity realm: every account, group and client in it',
    match: {
      anyOf: [
        { program: ['ldapdelete'], anyFlag: ['-r'] },
        { program: KEYCLOAK, sub: [['delete'], re(/^realms\/[^/\s]+\/?$/)] },
      ],
    },
    examples: [
      'ldapdelete -x -D cn=admin,dc=acme,dc=com -w pw -r "ou=people,dc=acme,dc=com"',
      'kcadm.sh delete realms/production',
    ],
    counterExamples: ['ldapdelete -x uid=jdoe,ou=people,dc=acme,dc=com', 'kcadm.sh delete users/42 -r acme'],
    weight: 16,
  },
  {
    id: 'identity.change',
    category: 'privilege',
    tier: 'high',
    reason: 'Changes accounts, groups, roles or passwords in a directory or identity provider',
    match: {
      anyOf: [
        { program: ['ldapdelete', 'ldapmodify', 'ldapadd', 'ldappasswd', 'ldapmodrdn'] },
        {
          program: KEYCLOAK,
          sub: [['create', 'update', 'delete', 'add-roles', 'remove-roles', 'set-password']],
        },
      ],
      noFlag: ['-n'],
    },
    examples: [
      'ldapmodify -x -D cn=admin,dc=acme,dc=com -w pw -f add-admin.ldif',
      'kcadm.sh add-roles -r master --uusername svc --rolename admin',
      'ldappasswd -x -S uid=jdoe,dc=acme,dc=com',
    ],
    counterExamples: ['ldapsearch -x -b dc=acme,dc=com "(uid=jdoe)" cn', 'kcadm.sh get users -r acme'],
  },
  {
    id: 'identity.read-secrets',
    category: 'secrets',
    tier: 'high',
    reason: "Reads password hashes or secrets from a directory (userPassword, a client's secret)",
    match: {
      anyOf: [
        {
          program: ['ldapsearch'],
          anyWord: re(/^(userPassword|unicodePwd|sambaNTPassword|krbPrincipalKey|\*)$/i),
        },
        { program: KEYCLOAK, sub: [['get'], re(/\/client-secret$|\/credentials$/)] },
      ],
    },
    examples: [
      "ldapsearch -x -b dc=acme,dc=com '(objectClass=person)' userPassword",
      'kcadm.sh get clients/abc/client-secret -r acme',
    ],
    counterExamples: ["ldapsearch -x -b dc=acme,dc=com '(uid=jdoe)' cn mail"],
  },
  {
    id: 'identity.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads directory entries or identity settings',
    match: { anyOf: [{ program: ['ldapsearch', 'ldapwhoami'] }, { program: KEYCLOAK, sub: [['get']] }] },
    examples: ["ldapsearch -x -LLL -b dc=acme,dc=com '(uid=jdoe)' cn mail", 'kcadm.sh get users -r acme'],
    counterExamples: ['ldapdelete -x uid=jdoe,dc=acme,dc=com'],
  },
];
