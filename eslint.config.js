import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'infra/tools/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Nest's DI reads constructor parameter types at run time: those imports must stay values.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node, no framework, no I/O, no clocks.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'Node built-ins are not allowed in workflow code.' })),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' },
            { group: ['@nestjs/*', 'reflect-metadata', 'class-validator', 'class-transformer'], message: 'No framework or decorators in workflow code.' },
            { group: ['typeorm', 'typeorm/*', 'pg', 'nodemailer', 'nodemailer/*'], message: 'No I/O libraries in workflow code: call an activity.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code imports @temporalio/workflow only.' },
            { group: ['**/services/**', '**/activities/**', '**/infra/**'], message: 'Workflow code may import activity types only via workflows/shared.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'Decorator', message: 'No decorators in workflow code.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Use workflow time (Date in the sandbox is deterministic, but say so with workflowInfo/sleep).' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Math.random is not deterministic; use uuid4() from @temporalio/workflow.' },
        { selector: "Identifier[name='process']", message: 'No process in workflow code.' },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'Use sleep() or condition() from @temporalio/workflow.' },
      ],
    },
  },
);
