#!/usr/bin/env node
// `expacti-sh -c '<cmd>'` behaves like `sh -c` but asks for approval first (see docs/integrations/shell.md).
process.argv.splice(2, 0, 'sh');
await import('../dist/cli/main.js');
