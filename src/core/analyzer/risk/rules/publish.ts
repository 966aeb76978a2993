/** Publishing artifacts to registries: once a version is out, it cannot be reused or fully taken back. */
import type { RiskRule } from '../rule.js';
import { eq, re } from '../dsl.js';

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
          anyWord: re(/^(deploy|release:perform|:?([\w-]+:)*publish(?!\w*ToMavenLocal$)\w*)$/),
        },
        { program: ['steamcmd'], anyWord: re(/^\+run_app_build/) },
        { program: ['conan'], sub: [['upload']] },
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
        { program: ['gem'], sub: [['yank']] },
      ],
    },
    examples: ['npm unpublish my-pkg@1.0.0', 'npm unpublish my-pkg --force', 'gem yank mygem -v 1.0.0'],
    counterExamples: ['npm publish --dry-run'],
    weight: 14,
  },
  {
    id: 'publish.yank',
    category: 'publish',
    tier: 'high',
    reason:
      'Yanks a crate version: new builds can no longer pick it (reversible with --undo; lockfiles that name it keep working)',
    match: { program: ['cargo'], sub: [['yank']], noFlag: ['--undo'] },
    examples: ['cargo yank --version 0.4.1 mycrate', 'cargo yank mycrate@0.4.1'],
    counterExamples: ['cargo yank --undo --version 0.4.1 mycrate', 'cargo search mycrate'],
  },
  {
    id: 'publish.access',
    category: 'publish',
    tier: 'high',
    reason:
      "Changes who may publish a package, the team's or token's rights, or which version everyone installs by default (a dist-tag)",
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn'],
          sub: [
            ['owner', 'author'],
            ['add', 'rm', 'remove'],
          ],
        },
        {
          program: ['npm', 'pnpm'],
          sub: [
            ['dist-tag', 'dist-tags'],
            ['add', 'rm', 'remove', 'set'],
          ],
        },
        {
          program: ['npm'],
          sub: [['access'], ['grant', 'revoke', 'set', 'public', 'restricted', '2fa-not-required', 'edit']],
        },
        { program: ['npm'], sub: [['team'], ['create', 'destroy', 'add', 'rm']] },
        { program: ['npm'], sub: [['token'], ['revoke', 'rm', 'delete']] },
        { program: ['gem'], sub: [['owner']], anyFlag: ['-a', '--add', '-r', '--remove'] },
      ],
    },
    examples: [
      'npm owner rm alice mypkg',
      'npm dist-tag rm mypkg latest',
      'npm dist-tag add mypkg@1.2.0 latest',
      'npm access grant read-write org:devs mypkg',
      'npm team destroy org:devs',
      'npm token revoke 1234',
      'gem owner mygem --add bob@example.com',
    ],
    counterExamples: [
      'npm owner ls mypkg',
      'npm dist-tag ls mypkg',
      'npm access list packages',
      'npm token list',
    ],
  },
  {
    id: 'publish.deprecate',
    category: 'publish',
    tier: 'medium',
    reason: 'Changes metadata of a published package (deprecation, dist-tags, owners)',
    match: {
      program: ['npm', 'pnpm'],
      sub: [['deprecate', 'dist-tag', 'owner', 'access', 'team', 'token', 'login', 'adduser', 'logout']],
      noneOf: [{ operand: eq('ls', 'list') }],
    },
    examples: ['npm deprecate pkg@1 "use 2"', 'npm login'],
    counterExamples: ['npm view pkg'],
  },
];
