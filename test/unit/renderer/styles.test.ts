import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's styles: CSS Modules on one set of design tokens. A theme
 * (issue 17) swaps tokens only, so no component may carry a colour of its
 * own; and a class a component names must exist in the module it imports
 * (a typo would otherwise render unstyled, silently).
 */
const RENDERER = resolve(__dirname, '../../../src/renderer/src');

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, test);
    return test(entry.name) ? [path] : [];
  });
}

const css = filesUnder(RENDERER, (name) => name.endsWith('.css'));
const modules = css.filter((path) => path.endsWith('.module.css'));
const components = filesUnder(RENDERER, (name) => name.endsWith('.tsx') || name.endsWith('.ts'));
const COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|oklch|lab|lch)\(/i;

describe('renderer styles', () => {
  it('keep global CSS to the tokens and element defaults; everything else is a module', () => {
    const global = css.filter((path) => !path.endsWith('.module.css')).map((path) => relative(RENDERER, path));
    expect(global.sort()).toEqual(['styles/base.css', 'styles/tokens.css']);
    expect(modules.length).toBeGreaterThan(15);
    // base.css styles elements, never classes (a global class would be shared between features).
    const base = readFileSync(join(RENDERER, 'styles/base.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(base).not.toMatch(/(^|[\s,}])\.[a-z]/i);
  });

  it('use colours only from the tokens file', () => {
    const offenders = [...modules, join(RENDERER, 'styles/base.css')].flatMap((path) =>
      readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('\n')
        .filter((line) => COLOUR.test(line))
        .map((line) => `${relative(RENDERER, path)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
    // And the tokens file does define them (the check above is not vacuous).
    expect(readFileSync(join(RENDERER, 'styles/tokens.css'), 'utf8')).toMatch(COLOUR);
  });

  it('name only classes their modules define', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of components) {
      const source = readFileSync(file, 'utf8');
      for (const [, binding, spec] of source.matchAll(/import (\w+) from '([^']+\.module\.css)';/g)) {
        const defined = new Set([...readFileSync(resolve(dirname(file), spec!), 'utf8').matchAll(/\.([a-zA-Z_][\w-]*)/g)].map((m) => m[1]));
        const code = source.replace(/^import .*$/gm, '');
        for (const [, used] of code.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) {
          checked += 1;
          if (!defined.has(used!)) missing.push(`${relative(RENDERER, file)}: ${binding}.${used}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });
});
