'use strict';

/**
 * `npm publish` runs this first (prepublishOnly): what a package page and a portal owner need from the
 * published package, each missing piece named. Exits 1 with the list when something is missing.
 *
 * - LICENSE shipped, and the license field set;
 * - repository, homepage and bugs set (the package page links to them, and npm resolves nothing
 *   relative without a repository);
 * - every README image an absolute https URL: on the package page a relative path resolves to nothing.
 *   Images on unpkg must name this version and a file the package ships.
 */
const fs = require('fs');
const path = require('path');

const IMAGE = /!\[[^\]]*\]\(([^)\s]+)\)/g;

/** What is missing for a publish, given the package's manifest, its README and whether a file ships. */
function problemsOfPackage({ manifest, readme, shipped }) {
  const problems = [];
  if (!manifest.license) problems.push('package.json: no "license" field.');
  if (!shipped('LICENSE')) problems.push('LICENSE: no such file in the package.');
  for (const field of ['repository', 'homepage', 'bugs']) {
    if (!manifest[field]) {
      problems.push(
        `package.json: no "${field}" field: set it to the project's public repository (its page, its issues).`
      );
    }
  }
  const unpkg = `https://unpkg.com/${manifest.name}@${manifest.version}/`;
  for (const [, url] of readme.matchAll(IMAGE)) {
    if (!/^https:\/\//.test(url)) {
      problems.push(`README.md: image "${url}" is relative: a package page cannot show it. Use ${unpkg}<path>.`);
    } else if (url.startsWith(`https://unpkg.com/${manifest.name}@`)) {
      if (!url.startsWith(unpkg)) problems.push(`README.md: image "${url}" does not name version ${manifest.version}.`);
      else if (!shipped(url.slice(unpkg.length))) {
        problems.push(`README.md: image "${url}": the package does not ship ${url.slice(unpkg.length)}.`);
      }
    }
  }
  return problems;
}

/** Whether `file` (relative to the package root) exists and falls under the manifest's `files`. */
const shippedFrom = (root, manifest) => (file) =>
  fs.existsSync(path.join(root, file)) &&
  (['LICENSE', 'README.md', 'package.json'].includes(file) ||
    (manifest.files ?? []).some((entry) => file === entry || file.startsWith(`${entry.replace(/\/$/, '')}/`)));

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const problems = problemsOfPackage({ manifest, readme, shipped: shippedFrom(root, manifest) });
  if (problems.length > 0) {
    console.error(`Not ready to publish ${manifest.name}@${manifest.version}:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`${manifest.name}@${manifest.version} is ready to publish.`);
}

module.exports = { problemsOfPackage, shippedFrom };
