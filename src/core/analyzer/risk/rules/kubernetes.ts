/** Kubernetes and Helm: changing state is medium, deleting grows with scope (namespaces, --all: critical). */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';
import { KUBE } from './containers.js';

export const kubernetesRules: RiskRule[] = [
  {
    id: 'kube.change',
    category: 'kubernetes',
    tier: 'medium',
    reason: 'Changes live cluster state',
    match: {
      program: KUBE,
      sub: [
        [
          'apply',
          'create',
          'replace',
          'patch',
          'edit',
          'scale',
          'set',
          'label',
          'annotate',
          'expose',
          'autoscale',
          'run',
          'rollout',
          'cordon',
          'uncordon',
          'taint',
        ],
      ],
      noneOf: [{ sub: [['rollout'], ['status', 'history']] }],
    },
    examples: [
      'kubectl create configmap app --from-file=app.env',
      'kubectl scale deploy api --replicas=3',
      'kubectl rollout restart deploy/api',
    ],
    counterExamples: ['kubectl get pods', 'kubectl rollout status deploy/api'],
  },
  {
    id: 'kube.apply',
    category: 'kubernetes',
    tier: 'high',
    reason:
      'Rewrites live workload definitions (apply, replace, patch, set, edit): the cluster runs what they say',
    match: {
      program: KUBE,
      anyOf: [{ sub: [['apply', 'replace', 'patch', 'set', 'edit']] }, { sub: [['rollout'], ['undo']] }],
    },
    examples: [
      'kubectl apply -f deploy.yaml',
      'kubectl -n prod apply -k overlays/prod',
      'kubectl patch deploy api -p \'{"spec":{"replicas":1}}\'',
      'kubectl set image deploy/api api=api:2',
      'kubectl rollout undo deploy/api -n prod',
    ],
    counterExamples: [
      'kubectl get pods',
      'kubectl apply -f deploy.yaml --dry-run=client',
      'kubectl diff -f deploy.yaml',
    ],
  },
  {
    id: 'kube.privilege',
    category: 'privilege',
    tier: 'high',
    reason:
      "Grants cluster permissions, or runs a pod with the node's privileges (host PID, network or file system, privileged mode), or evicts every pod from nodes",
    match: {
      program: KUBE,
      anyOf: [
        { sub: [['create'], ['clusterrolebinding', 'rolebinding', 'clusterrole', 'role', 'token']] },
        { sub: [['auth'], ['reconcile']] },
        { sub: [['debug']], operand: re(/^node\//) },
        { sub: [['run', 'debug']], anyFlag: ['--privileged', '--profile'] },
        {
          sub: [['run', 'create', 'patch']],
          flagValue: {
            flags: ['--overrides', '-p', '--patch'],
            test: re(
              /"(hostPID|hostNetwork|hostIPC|privileged|hostPath|allowPrivilegeEscalation)"\s*:\s*(true|\{)/,
            ),
          },
        },
        { sub: [['taint']], anyWord: re(/:NoExecute-?$/) },
      ],
      noFlag: ['--dry-run'],
    },
    examples: [
      'kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=me',
      'kubectl create rolebinding r --role=admin --serviceaccount=default:ci',
      'kubectl debug node/node-1 -it --image=busybox',
      'kubectl run x --image=alpine --overrides=\'{"spec":{"hostPID":true}}\' -- sh',
      'kubectl taint nodes --all key=v:NoExecute',
    ],
    counterExamples: [
      'kubectl create configmap app --from-file=a.env',
      'kubectl taint nodes n1 key=v:NoSchedule',
      'kubectl run x --image=alpine',
    ],
  },
  {
    id: 'kube.delete',
    category: 'kubernetes',
    tier: 'high',
    reason: 'Deletes cluster resources or drains a node',
    match: {
      program: KUBE,
      anyOf: [{ sub: [['delete', 'drain']] }, { sub: [['replace']], anyFlag: ['--force'] }],
    },
    examples: ['kubectl delete deploy api', 'kubectl delete -f deploy.yaml', 'kubectl drain node-1'],
    counterExamples: ['kubectl get deploy'],
    unless: ['kube.delete-pod'],
  },
  {
    id: 'kube.delete-pod',
    category: 'kubernetes',
    tier: 'medium',
    reason: 'Deletes pods, which their controller recreates',
    match: {
      program: KUBE,
      sub: [['delete'], ['pod', 'pods', 'po']],
      noFlag: ['--all', '-A', '--all-namespaces'],
    },
    examples: ['kubectl delete pod api-123'],
    counterExamples: ['kubectl delete deploy api'],
    unless: ['kube.delete-selected-pods'],
  },
  {
    id: 'kube.delete-selected-pods',
    category: 'kubernetes',
    tier: 'high',
    reason:
      'Deletes every pod a label or field selector matches at once: the service can go down until they are back',
    match: {
      program: KUBE,
      sub: [['delete'], ['pod', 'pods', 'po']],
      anyFlag: ['-l', '--selector', '--field-selector'],
    },
    examples: [
      'kubectl delete pods -l app=api -n prod',
      'kubectl delete pod --field-selector=status.phase==Running',
    ],
    counterExamples: ['kubectl delete pod api-123'],
  },
  {
    id: 'kube.delete-wide',
    category: 'kubernetes',
    tier: 'critical',
    reason: 'Deletes a whole namespace, every resource of a kind, persistent volumes or cluster nodes',
    match: {
      program: KUBE,
      anyOf: [
        {
          sub: [
            ['delete'],
            [
              'ns',
              'namespace',
              'namespaces',
              'pv',
              'persistentvolume',
              'persistentvolumes',
              'node',
              'nodes',
              'crd',
              'crds',
              'customresourcedefinition',
              'customresourcedefinitions',
            ],
          ],
        },
        {
          sub: [['delete']],
          operand: re(/^(ns|namespaces?|pv|persistentvolumes?|nodes?)\//),
        },
        { sub: [['delete']], anyFlag: ['--all', '-A', '--all-namespaces'] },
      ],
    },
    examples: [
      'kubectl delete ns prod',
      'kubectl delete namespace staging',
      'kubectl delete pods --all',
      'kubectl delete all --all -n prod',
    ],
    counterExamples: ['kubectl delete pod api-1', 'kubectl get ns'],
    weight: 18,
  },
  {
    id: 'kube.control-plane-remove',
    category: 'kubernetes',
    tier: 'critical',
    reason: "Removes a cluster's control plane, mesh or GitOps controller, or resets a node's cluster state",
    match: {
      anyOf: [
        {
          program: [
            'flux',
            'istioctl',
            'linkerd',
            'cilium',
            'argocd-autopilot',
            'velero',
            'kyverno',
            'kubeadm',
          ],
          sub: [['uninstall', 'reset']],
        },
        { program: ['microk8s', 'k0s'], sub: [['reset']] },
        { program: ['k3s-uninstall.sh', 'k3s-agent-uninstall.sh', 'rke2-uninstall.sh'] },
      ],
    },
    examples: [
      'flux uninstall --silent',
      'istioctl uninstall --purge -y',
      'kubeadm reset -f',
      'linkerd uninstall',
    ],
    counterExamples: ['flux get kustomizations', 'istioctl analyze', 'kubeadm token list'],
    weight: 17,
  },
  {
    id: 'kube.helm-change',
    category: 'kubernetes',
    tier: 'medium',
    reason: 'Changes Helm repositories, plugins or packages',
    match: { program: ['helm'], sub: [['repo', 'plugin', 'pull', 'push', 'package']] },
    examples: ['helm repo add x https://x.io', 'helm package ./chart'],
    counterExamples: ['helm list'],
  },
  {
    id: 'kube.helm-release',
    category: 'kubernetes',
    tier: 'high',
    reason: 'Installs, upgrades or rolls back a Helm release: rewrites what the cluster runs',
    match: { program: ['helm'], sub: [['install', 'upgrade', 'rollback']], noFlag: ['--dry-run'] },
    examples: ['helm upgrade --install api ./chart -n prod', 'helm rollback api 3'],
    counterExamples: ['helm list', 'helm upgrade api ./chart --dry-run'],
  },
  {
    id: 'kube.helm-uninstall',
    category: 'kubernetes',
    tier: 'high',
    reason: 'Uninstalls a Helm release, deleting its resources',
    match: { program: ['helm'], sub: [['uninstall', 'delete', 'del', 'un']] },
    examples: ['helm uninstall api -n prod'],
    counterExamples: ['helm status api'],
  },
  {
    id: 'kube.restore',
    category: 'kubernetes',
    tier: 'high',
    reason:
      "Restores a cluster backup over the cluster's current state (resources it names are recreated from the backup)",
    match: {
      anyOf: [
        { program: ['velero'], sub: [['restore'], ['create']] },
        { program: ['velero'], sub: [['create'], ['restore']] },
      ],
      noFlag: ['--help', '-h'],
    },
    examples: [
      'velero restore create --from-backup nightly',
      'velero create restore r1 --from-backup nightly',
    ],
    counterExamples: ['velero restore get', 'velero backup create nightly'],
  },
];
