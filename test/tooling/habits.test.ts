import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

/**
 * The static checks bite: probe files with a deliberate type error, an import cycle and an import against the
 * layers are written into a folder of their own under src/policy, checked with the project's own settings, and
 * removed afterwards whatever the outcome.
 */
const ROOT = path.resolve(__dirname, '../..');
const PROBE = path.join(ROOT, 'src', 'policy', `habits-probe-${randomBytes(4).toString('hex')}`);
const run = promisify(execFile);

const probes: Record<string, string> = {
  'type-error.ts': "export const count: number = 'many';\n",
  'cycle-a.ts':
    "import { b } from './cycle-b';\n\nexport const a = (): string => 'a';\nexport const ab = (): string => a() + b();\n",
  'cycle-b.ts':
    "import { a } from './cycle-a';\n\nexport const b = (): string => 'b';\nexport const ba = (): string => b() + a();\n",
  'upward.ts': "import { Grid } from '../../modules/grid/grid.entity';\n\nexport const upward = Grid.name;\n",
};

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; circular: boolean }[] }[];
  summary: { violations: { from: string; to: string; rule: { name: string } }[] };
}

/** Runs a command-line tool of the project; a non-zero exit (findings) still yields its output. */
async function tool(bin: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(path.join(ROOT, 'node_modules', '.bin', bin), args, {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout) return stdout;
    throw error;
  }
}

const relative = (file: string) => path.relative(ROOT, path.join(PROBE, file)).split(path.sep).join('/');

let lint: EslintResult[] = [];
let cruise: CruiseResult;

beforeAll(async () => {
  fs.mkdirSync(PROBE);
  for (const [name, text] of Object.entries(probes)) fs.writeFileSync(path.join(PROBE, name), text);
  const [lintOutput, cruiseOutput] = await Promise.all([
    tool('eslint', ['--format', 'json', PROBE]),
    tool('depcruise', [relative(''), 'src/modules', '--config', '.ci/dependency-cruiser.cjs', '--output-type', 'json']),
  ]);
  lint = JSON.parse(lintOutput) as EslintResult[];
  cruise = JSON.parse(cruiseOutput) as CruiseResult;
}, 60_000);

afterAll(() => {
  fs.rmSync(PROBE, { recursive: true, force: true });
});

function lintRules(file: string): (string | null)[] {
  return lint.find((result) => result.filePath === path.join(PROBE, file))?.messages.map((m) => m.ruleId) ?? [];
}

function cruiseRules(file: string): string[] {
  return cruise.summary.violations.filter((v) => v.from === relative(file)).map((v) => v.rule.name);
}

describe('typecheck', () => {
  it('reports a type error with the settings of tsconfig.json, which covers every source folder', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error('tsconfig.json could not be read');
    const probe = path.join(PROBE, 'type-error.ts');
    expect(parsed.fileNames).toContain(probe);
    for (const folder of ['src', 'test', 'seeds', 'migrations'])
      expect(parsed.fileNames.some((file) => file.startsWith(path.join(ROOT, folder, path.sep)))).toBe(true);
    const program = ts.createProgram([probe], { ...parsed.options, noEmit: true });
    const codes = ts.getPreEmitDiagnostics(program).map((diagnostic) => diagnostic.code);
    expect(codes).toContain(2322);
  });
});

describe('lint', () => {
  it('reports an import cycle', () => {
    expect(lintRules('cycle-a.ts')).toContain('import-x/no-cycle');
    expect(lintRules('cycle-b.ts')).toContain('import-x/no-cycle');
  });

  it('reports src/policy importing from src/modules', () => {
    expect(lintRules('upward.ts')).toContain('import-x/no-restricted-paths');
  });

  it('passes the files that break no rule', () => {
    expect(lintRules('type-error.ts')).toEqual([]);
  });
});

describe('dependency rules', () => {
  it('reports an import cycle', () => {
    expect(cruiseRules('cycle-a.ts')).toContain('no-circular');
  });

  it('reports src/policy importing from src/modules', () => {
    expect(cruiseRules('upward.ts')).toContain('layer-policy');
  });

  it('allows the cycles among entities, and only those', () => {
    const entity = /^src\/modules\/.+\.entity\.ts$/;
    const entityCycles = cruise.modules.filter(
      (m) => entity.test(m.source) && m.dependencies.some((d) => d.circular && entity.test(d.resolved)),
    );
    expect(entityCycles.length).toBeGreaterThan(0);
    const reported = cruise.summary.violations.filter((v) => v.rule.name === 'no-circular').map((v) => v.from);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((from) => from === relative('cycle-a.ts') || from === relative('cycle-b.ts'))).toBe(true);
  });
});
