/**
 * Cloud instance metadata services: from inside a VM, container or pod, one unauthenticated HTTP
 * call returns the machine's cloud credentials (AWS, GCP, Azure, ECS task roles, Alibaba) or its
 * user data (where start-up secrets are often passed). Reading them is secrets access.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

const HOSTS =
  '169\\.254\\.169\\.254|169\\.254\\.170\\.2|\\[fd00:ec2::254\\]|metadata\\.google\\.internal|metadata|100\\.100\\.100\\.200';
const CREDENTIAL_PATHS =
  'security-credentials|service-accounts|identity/oauth2/token|token\\b|user-data|v2/credentials';

// prettier-ignore
const CLIENTS = ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'aria2c', 'python', 'python3', 'node'];

export const instanceMetadataRules: RiskRule[] = [
  {
    id: 'secrets.instance-metadata',
    category: 'secrets',
    tier: 'high',
    reason: "Reads the cloud instance's credentials or user data from its metadata service",
    match: {
      program: CLIENTS,
      anyWord: re(new RegExp(`^(?:https?://)?(?:${HOSTS})(?::\\d+)?/(?:.*/)?(?:${CREDENTIAL_PATHS})`, 'i')),
    },
    examples: [
      'curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/app-role',
      "curl -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token",
      "curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/'",
      'curl -s http://169.254.170.2/v2/credentials/3f1c',
      'wget -qO- http://169.254.169.254/latest/user-data',
    ],
    counterExamples: [
      'curl -s http://169.254.169.254/latest/meta-data/instance-id',
      'curl https://example.com/security-credentials',
    ],
  },
];
