import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Shortcuts that other gates fell for: security decisions read the parsed command, never the string.
const commandStringBans = [
  {
    selector: "CallExpression[callee.property.name='split'][arguments.0.value=' ']",
    message:
      'Do not split command text on spaces: quoting, escapes and substitutions defeat it. Use the analyzer (src/core/analyzer).',
  },
  {
    selector: "CallExpression[callee.property.name='split'][arguments.0.regex.pattern='\\\\s+']",
    message: 'Do not split command text on whitespace: use the analyzer (src/core/analyzer).',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(includes|startsWith|endsWith)$/][arguments.0.value=/^(rm|sudo|curl|sh|bash|git|eval) ?/]',
    message:
      'Do not look for programs in command text: a prefix or substring check is bypassed by chaining, quoting and wrappers. Use the analyzer.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', ...commandStringBans],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process', 'node:os', 'node:process'],
              message: 'The core and protocol do no I/O: inject what they need.',
            },
            {
              group: ['**/server/**', '**/store/**', '**/client/**', '**/cli/**', '**/agent/**'],
              message:
                'Dependencies point one way: protocol → core → (store, server) → client → (cli, agent).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core reads no environment: inject config.' },
        { name: 'fetch', message: 'The core does no I/O.' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
