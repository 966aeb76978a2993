#!/usr/bin/env node
// `expacti-sh -c '<cmd>'` behaves like `sh -c` but asks for approval first (docs/integrations/shell.md).
'use strict';
process.argv.splice(2, 0, 'sh');
require('./expacti.js');
