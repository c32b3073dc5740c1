import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeVault, type TestVault } from '../helpers/vault.ts';

const BIN = fileURLToPath(new URL('../../server/cli/bin.js', import.meta.url));
const run = promisify(execFile);

async function scholium(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, SCHOLIUM_NOTES: '', SCHOLIUM_DB: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('scholium CLI', () => {
  let vault: TestVault;
  afterEach(() => vault?.cleanup());

  it('check exits 0 and says so when there are no problems', async () => {
    vault = makeVault({ 'a.md': '# A\n\nSee [[b]].\n', 'b.md': '# B\n' });
    const result = await scholium(['check', '--notes', vault.dir, '--db', join(vault.dir, '.scholium/i.db')]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('no problems');
  });

  it('check prints each problem as path:line: message and exits 1', async () => {
    vault = makeVault({
      'a.md': '---\ntitle: A\nrating: many\n---\nSee [[missing note]].\n\nCites [@ghost2020].\n',
      'refs.bib': '@article{x2020, title={X}, year={2020}}\n@article{x2020, title={X again}, year={2020}}\n',
    });
    const result = await scholium(['check', '--notes', vault.dir, '--db', join(vault.dir, '.scholium/i.db')]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'a.md:5: broken link: no note matches "missing note"',
      'a.md:7: unknown citekey @ghost2020: not in any .bib file or paper note',
      'refs.bib:1: duplicate citekey "x2020": also defined at refs.bib:2',
      'refs.bib:2: duplicate citekey "x2020": also defined at refs.bib:1',
    ]);
  });

  it('index prints a summary, and a second run skips unchanged files', async () => {
    vault = makeVault({ 'a.md': '# A\n\nSee [[b]] and [[c]].\n', 'b.md': '# B\n' });
    const args = ['index', '--notes', vault.dir, '--db', join(vault.dir, '.scholium/i.db')];
    const first = await scholium(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/notes: 2 {2}papers: 0 {2}links: 2 \(1 unresolved\) {2}problems: 1/);
    expect(first.stdout).toMatch(/2 added, 0 changed, 0 removed, 0 unchanged/);
    const second = await scholium(args);
    expect(second.stdout).toMatch(/0 added, 0 changed, 0 removed, 2 unchanged/);
  });

  it('rejects an unknown command with usage and exit 2', async () => {
    const result = await scholium(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});
