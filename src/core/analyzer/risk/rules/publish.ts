/** Publishing artifacts to registries: once a version is out, it cannot be reused or fully taken back. */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

export const publishRules: RiskRule[] = [
  {
    id: 'publish.package',
    category: 'publish',
    tier: 'high',
    reason: 'Publishes a package or image to a registry; a published version cannot be reused',
    match: {
      anyOf: [
        { program: ['npm', 'pnpm', 'yarn', 'bun'], sub: [['publish']] },
        { program: ['yarn'], sub: [['npm'], ['publish']] },
        {
          program: ['cargo', 'poetry', 'flit', 'uv', 'hatch', 'pdm', 'vsce', 'ovsx', 'lerna', 'changeset'],
          sub: [['publish']],
        },
        { program: ['twine'], sub: [['upload']] },
        { program: ['python', 'python3'], flagValue: { flags: ['-m'], test: re(/^twine$/) } },
        { program: ['gem'], sub: [['push']] },
        { program: ['docker', 'podman'], sub: [['push']] },
        { program: ['docker', 'podman'], sub: [['image', 'buildx'], ['push']] },
        { program: ['docker', 'podman'], sub: [['buildx'], ['build']], anyFlag: ['--push'] },
        { program: ['dotnet'], sub: [['nuget'], ['push']] },
        {
          program: ['mvn', 'mvnw', 'gradle', 'gradlew'],
          anyWord: re(/^(deploy|publish|release:perform|publishToMavenCentral)$/),
        },
        { program: ['helm'], sub: [['push']] },
        { program: ['pod'], sub: [['trunk'], ['push']] },
        { program: ['gh'], sub: [['release'], ['create', 'upload']] },
      ],
    },
    examples: [
      'npm publish',
      'npm publish --access public',
      'cargo publish',
      'twine upload dist/*',
      'docker push me/app:1.0',
      'python -m twine upload dist/*',
    ],
    counterExamples: ['npm publish --dry-run', 'npm pack', 'cargo publish --dry-run'],
  },
  {
    id: 'publish.unpublish',
    category: 'publish',
    tier: 'critical',
    reason: 'Unpublishes a package version, breaking everyone who depends on it',
    match: {
      anyOf: [
        { program: ['npm', 'pnpm'], sub: [['unpublish']] },
        { program: ['cargo'], sub: [['yank']] },
        { program: ['gem'], sub: [['yank']] },
      ],
    },
    examples: ['npm unpublish my-pkg@1.0.0', 'npm unpublish my-pkg --force'],
    counterExamples: ['npm publish --dry-run'],
    weight: 14,
  },
  {
    id: 'publish.deprecate',
    category: 'publish',
    tier: 'medium',
    reason: 'Changes metadata of a published package (deprecation, dist-tags, owners)',
    match: {
      program: ['npm', 'pnpm'],
      sub: [['deprecate', 'dist-tag', 'owner', 'access', 'team', 'token', 'login', 'adduser', 'logout']],
    },
    examples: ['npm deprecate pkg@1 "use 2"', 'npm dist-tag add pkg@1.2.0 latest'],
    counterExamples: ['npm view pkg'],
  },
];
