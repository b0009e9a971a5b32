/**
 * What `npm publish` checks first (scripts/check-package.js, run by prepublishOnly): the package page
 * needs absolute image URLs to files the package ships, a LICENSE, and the repository's links.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script of the repository
const { problemsOfPackage, shippedFrom } = require('../../scripts/check-package') as {
  problemsOfPackage: (input: { manifest: Manifest; readme: string; shipped: (file: string) => boolean }) => string[];
  shippedFrom: (root: string, manifest: Manifest) => (file: string) => boolean;
};

interface Manifest {
  name: string;
  version: string;
  license?: string;
  files?: string[];
  repository?: unknown;
  homepage?: string;
  bugs?: unknown;
}

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('ready to publish', () => {
  it('ships a LICENSE, and every README image is an absolute URL to a screenshot the package ships, at this version', () => {
    const problems = problemsOfPackage({ manifest, readme, shipped: shippedFrom(ROOT, manifest) });
    expect(problems.filter((problem) => !/"(repository|homepage|bugs)" field/.test(problem))).toEqual([]);
    expect(readme.match(/!\[[^\]]*\]\(https:\/\/unpkg\.com\//g)?.length).toBeGreaterThan(10);
  });

  it('names what is missing: a relative image, another version, an unshipped file, the repository links', () => {
    const complete = { ...manifest, repository: 'x', homepage: 'x', bugs: 'x' };
    const base = `https://unpkg.com/${manifest.name}@${manifest.version}/`;
    const shipped = (file: string) => file === 'LICENSE' || file === 'docs/screenshots/a.png';
    expect(problemsOfPackage({ manifest: complete, readme: `![a](${base}docs/screenshots/a.png)`, shipped })).toEqual(
      []
    );
    expect(
      problemsOfPackage({
        manifest: { ...manifest, repository: undefined, homepage: undefined, bugs: undefined },
        readme: [
          '![a](docs/screenshots/a.png)',
          `![b](https://unpkg.com/${manifest.name}@0.0.1/docs/screenshots/a.png)`,
          `![c](${base}docs/screenshots/c.png)`,
        ].join('\n'),
        shipped,
      })
    ).toEqual([
      expect.stringContaining('no "repository" field'),
      expect.stringContaining('no "homepage" field'),
      expect.stringContaining('no "bugs" field'),
      expect.stringContaining('"docs/screenshots/a.png" is relative'),
      expect.stringContaining(`does not name version ${manifest.version}`),
      expect.stringContaining('does not ship docs/screenshots/c.png'),
    ]);
  });
});
