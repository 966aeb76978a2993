/** Containers and Kubernetes: reading is safe, changing state is medium, deleting grows with scope. */
import type { RiskRule } from '../rule.js';
import { dynamic, eq } from '../dsl.js';

const DOCKER = ['docker', 'podman', 'nerdctl'];
export const KUBE = ['kubectl', 'oc', 'k'];

export const containerRules: RiskRule[] = [
  {
    id: 'container.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Reads container, image or cluster state',
    match: {
      anyOf: [
        {
          program: DOCKER,
          sub: [
            [
              'ps',
              'images',
              'logs',
              'inspect',
              'version',
              'info',
              'stats',
              'top',
              'port',
              'diff',
              'history',
              'search',
              'events',
            ],
          ],
        },
        {
          program: DOCKER,
          sub: [
            [
              'container',
              'image',
              'volume',
              'network',
              'context',
              'compose',
              'buildx',
              'system',
              'plugin',
              'node',
              'service',
              'stack',
              'secret',
              'config',
            ],
            ['ls', 'list', 'inspect', 'ps', 'logs', 'config', 'df', 'images', 'top', 'version', 'show'],
          ],
        },
        { program: ['docker-compose'], sub: [['ps', 'logs', 'config', 'images', 'top', 'version']] },
        {
          program: KUBE,
          sub: [
            [
              'get',
              'describe',
              'logs',
              'top',
              'explain',
              'version',
              'api-resources',
              'api-versions',
              'cluster-info',
              'events',
              'diff',
              'wait',
            ],
          ],
        },
        { program: KUBE, sub: [['auth'], ['can-i', 'whoami']] },
        {
          program: KUBE,
          sub: [['config'], ['view', 'current-context', 'get-contexts', 'get-clusters', 'get-users']],
          noFlag: ['--raw', '--flatten'],
        },
        { program: KUBE, sub: [['rollout'], ['status', 'history']] },
        {
          program: ['helm'],
          sub: [
            [
              'list',
              'ls',
              'status',
              'history',
              'show',
              'template',
              'lint',
              'version',
              'search',
              'env',
              'dependency',
              'verify',
            ],
          ],
        },
        { program: ['helm'], sub: [['get'], ['manifest', 'notes', 'hooks', 'metadata', 'values', 'all']] },
        { program: ['kubectx', 'kubens'], maxOperands: 0 },
        { program: ['stern', 'kubetail'] },
      ],
    },
    examples: [
      'docker ps',
      'docker images',
      'docker logs -f web',
      'kubectl get pods',
      'kubectl describe deploy api -n prod',
      'kubectl logs -f api-123',
      'helm list -A',
      'docker compose ps',
    ],
    counterExamples: ['docker rm x', 'kubectl delete pod x'],
  },
  {
    id: 'container.build',
    category: 'build-test',
    tier: 'low',
    reason: 'Builds an image or manages local containers',
    match: {
      anyOf: [
        {
          program: DOCKER,
          sub: [
            [
              'build',
              'buildx',
              'tag',
              'start',
              'stop',
              'restart',
              'pause',
              'unpause',
              'commit',
              'save',
              'load',
              'cp',
              'create',
              'rename',
              'wait',
              'attach',
              'export',
              'import',
              'context',
              'network',
              'update',
            ],
          ],
        },
        {
          program: DOCKER,
          sub: [['compose']],
          operand: eq('build', 'down', 'stop', 'restart', 'start', 'create', 'cp'),
        },
        { program: ['docker-compose'], sub: [['build', 'down', 'stop', 'restart', 'start']] },
        { program: KUBE, sub: [['port-forward', 'config', 'cp', 'proxy', 'attach', 'exec', 'debug']] },
      ],
    },
    examples: [
      'docker build -t app .',
      'docker compose down',
      'docker stop web',
      'kubectl port-forward svc/api 8080:80',
    ],
    counterExamples: ['docker ps'],
    unless: ['container.read', 'secrets.kube-context'],
  },
  {
    id: 'container.run',
    category: 'download',
    tier: 'medium',
    reason: 'Pulls and runs a container image, or starts services',
    match: {
      anyOf: [
        { program: DOCKER, sub: [['run', 'pull', 'login', 'logout', 'plugin', 'swarm', 'service', 'stack']] },
        { program: DOCKER, sub: [['compose']], operand: eq('up', 'pull', 'exec', 'run') },
        {
          program: DOCKER,
          sub: [
            ['image', 'container'],
            ['pull', 'run'],
          ],
        },
        { program: ['docker-compose'], sub: [['up', 'pull', 'run']] },
      ],
    },
    examples: [
      'docker run --rm node:20 node -v',
      'docker pull postgres:16',
      'docker compose up -d',
      'docker compose pull',
    ],
    counterExamples: ['docker ps'],
  },
  {
    id: 'container.remove',
    category: 'containers',
    tier: 'medium',
    reason: 'Removes containers or images (recreatable)',
    match: {
      anyOf: [
        { program: DOCKER, sub: [['rm', 'rmi', 'kill']] },
        {
          program: DOCKER,
          sub: [
            ['container', 'image', 'network'],
            ['rm', 'prune', 'remove'],
          ],
        },
        { program: DOCKER, sub: [['compose']], operand: eq('rm', 'kill') },
      ],
    },
    examples: ['docker rm -f web', 'docker rmi app:old', 'docker image prune'],
    counterExamples: ['docker ps'],
  },
  {
    id: 'container.remove-data',
    category: 'containers',
    tier: 'high',
    reason: 'Deletes container volumes (data) or prunes everything, or removes containers chosen at run time',
    match: {
      anyOf: [
        { program: DOCKER, sub: [['volume'], ['rm', 'prune', 'remove']] },
        { program: DOCKER, sub: [['system'], ['prune']] },
        { program: DOCKER, sub: [['compose']], operand: eq('down'), anyFlag: ['-v', '--volumes'] },
        { program: ['docker-compose'], sub: [['down']], anyFlag: ['-v', '--volumes'] },
        { program: DOCKER, sub: [['rm', 'rmi', 'kill', 'stop']], operand: dynamic },
      ],
    },
    examples: [
      'docker volume rm pgdata',
      'docker system prune -a --volumes -f',
      'docker compose down -v',
      'docker rm -f $(docker ps -aq)',
    ],
    counterExamples: ['docker compose down', 'docker rm web'],
  },
  {
    id: 'vm.delete-storage',
    category: 'containers',
    tier: 'critical',
    reason: 'Deletes a virtual machine together with its disks: everything stored in it is gone',
    match: {
      anyOf: [
        {
          program: ['virsh'],
          sub: [['undefine']],
          anyFlag: [
            '--remove-all-storage',
            '--storage',
            '--wipe-storage',
            '--delete-storage-volume-snapshots',
          ],
        },
        {
          program: ['vboxmanage'],
          sub: [['unregistervm']],
          anyFlag: ['--delete', '--delete-all'],
        },
        { program: ['qm', 'pct'], sub: [['destroy']], anyFlag: ['--purge', '--destroy-unreferenced-disks'] },
        { program: ['prlctl'], sub: [['delete']] },
        { program: ['utmctl'], sub: [['delete']] },
      ],
    },
    examples: [
      'virsh undefine prod-db --remove-all-storage',
      'VBoxManage unregistervm dev --delete',
      'qm destroy 101 --purge',
    ],
    counterExamples: ['virsh undefine web', 'virsh list --all', 'qm list'],
    weight: 17,
  },
];
