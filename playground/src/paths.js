'use strict';

const fs = require('fs');
const path = require('path');

/**
 * The playground runs from its sources (the tests and the benchmark load it in place) and from dist/
 * (`strapi develop`, `build` and `start`: its tsconfig.json makes it a TypeScript-mode app, compiled
 * with allowJs). Its directories are found from its package.json, which is the same from both.
 */
let playgroundDir = __dirname;
while (!fs.existsSync(path.join(playgroundDir, 'package.json'))) playgroundDir = path.dirname(playgroundDir);

module.exports = {
  playgroundDir,
  /** The plugin's repository, whose built entry (dist/) the playground loads. */
  repositoryDir: path.dirname(playgroundDir),
};
