/**
 * relativePath and isInside answer as path.relative does, for the plain paths they answer without it
 * (absolute, normalised, below the folder) and for every other shape they hand to it.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isInside, relativePath, toPosix } from '../../server/src/analysis/paths';

const DIRS = ['/w', '/w/app', '/w/app/', '/', '/w/./app', '/w/../w/app', '/w//app', '/w/app.', '/w/.app', 'w/app', '/w/ap'];
const FILES = [
  '/w/app/src/index.ts',
  '/w/app',
  '/w/app/',
  '/w/apps/src/index.ts',
  '/w/app/../lib/x.ts',
  '/w/app/./src/x.ts',
  '/w/app//src/x.ts',
  '/w/app/src/..',
  '/w/app/src/.',
  '/w/app/.env',
  '/w/app/..hidden/x.ts',
  '/w/app/src/x.ts/',
  '/elsewhere/x.ts',
  'w/app/src/x.ts',
  '/w/app.ts',
];

describe('paths', () => {
  it('relativePath is path.relative, /-separated, for every pair of folder and file shapes', () => {
    for (const dir of DIRS)
      for (const file of FILES) assert.equal(relativePath(dir, file), toPosix(path.relative(dir, file)), `${dir} ${file}`);
  });

  it('isInside says whether path.relative stays below the folder, for every pair', () => {
    for (const dir of DIRS)
      for (const file of FILES) {
        const relative = path.relative(dir, file);
        const expected = relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
        assert.equal(isInside(dir, file), expected, `${dir} ${file}`);
      }
  });

  it('names the cases that matter by hand', () => {
    assert.equal(relativePath('/w/app', '/w/app/src/index.ts'), 'src/index.ts');
    assert.equal(relativePath('/w/app', '/w/apps/src/index.ts'), '../apps/src/index.ts');
    assert.equal(relativePath('/w/app', '/w/app/../lib/x.ts'), '../lib/x.ts');
    assert.equal(isInside('/w/app', '/w/app/src/index.ts'), true);
    assert.equal(isInside('/w/app', '/w/apps/src/index.ts'), false);
    assert.equal(isInside('/w/app', '/w/app/../lib/x.ts'), false);
    assert.equal(isInside('/w/app', '/w/app'), true);
    // A name that starts with two dots is inside (path.relative's '..hidden' is not a step up).
    assert.equal(isInside('/w/app', '/w/app/..hidden/x.ts'), true);
    assert.equal(isInside('/w/./app', '/w/app/..hidden/x.ts'), true);
  });
});
