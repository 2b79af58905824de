#!/usr/bin/env node
// The `twinforge` command: runs the bundled CLI, building it first if it is missing.
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli', 'cli.js');
if (!existsSync(cli)) {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-node.mjs')], {
    stdio: 'inherit',
  });
}
require(cli);
