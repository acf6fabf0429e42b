/**
 * Rewrites the benchmark blocks of README.md and bench/README.md from one result JSON, so the
 * quoted figures are always the JSON's and never typed by hand:
 *
 *   npx tsx src-main/bench/render-readme.ts                       from bench/results/README-run.json
 *   npx tsx src-main/bench/render-readme.ts --json /tmp/run.json  from another result file
 *   npx tsx src-main/bench/render-readme.ts --check               exit 1 if a block differs (no writes)
 *
 * A block is `<!-- bench:begin summary -->` (or `full`) … `<!-- bench:end -->`; everything outside
 * the markers is left alone. The whole file is then put through Prettier, as `npm run lint` would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import { SlotlineError } from '../../shared/errors';
import { renderReport, type BenchResult } from './report';

/** The committed run the READMEs quote. */
export const DEFAULT_JSON = 'bench/results/README-run.json';

/** Which block each README carries. */
export const README_BLOCKS: ReadonlyArray<{ file: string; variant: 'summary' | 'full' }> = [
  { file: 'README.md', variant: 'summary' },
  { file: 'bench/README.md', variant: 'full' },
];

/** A README without its markers, or a result file that is not one. */
export class BenchBlockError extends SlotlineError {
  constructor(message: string) {
    super('bench-block', message);
  }
}

const BLOCK = /<!-- bench:begin (summary|full) -->\n[\s\S]*?<!-- bench:end -->/g;

/** Replaces every bench block of `text` with the rendering of `result`; throws when there is none. */
export function replaceBlocks(text: string, result: BenchResult, jsonPath: string, file = 'the file'): string {
  let found = 0;
  const out = text.replace(BLOCK, (_m, variant: 'summary' | 'full') => {
    found++;
    return [
      `<!-- bench:begin ${variant} -->`,
      `<!-- Generated from ${jsonPath} by \`npx tsx src-main/bench/render-readme.ts\`; edit the script, not this block. -->`,
      '',
      renderReport(result, variant),
      '',
      '<!-- bench:end -->',
    ].join('\n');
  });
  if (found === 0)
    throw new BenchBlockError(
      `${file}: expected a block "<!-- bench:begin summary|full -->" … "<!-- bench:end -->", found none`,
    );
  return out;
}

/** Reads and checks a result file: bad input gets an error that names the file and what is missing. */
export function readResult(file: string): BenchResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BenchBlockError(`${file}: expected a bench result JSON, could not read it: ${(e as Error).message}`);
  }
  const r = parsed as Partial<BenchResult>;
  for (const k of ['machine', 'scenarios', 'sizes', 'startedAt', 'command'] as const)
    if (r?.[k] === undefined)
      throw new BenchBlockError(`${file}: expected a bench result JSON with "${k}", it has none`);
  return r as BenchResult;
}

/** The README text as it should be: blocks rendered from `result`, then Prettier. */
export async function renderFile(root: string, file: string, result: BenchResult, jsonPath: string): Promise<string> {
  const abs = path.join(root, file);
  const replaced = replaceBlocks(fs.readFileSync(abs, 'utf8'), result, jsonPath, file);
  const options = (await prettier.resolveConfig(abs)) ?? {};
  return prettier.format(replaced, { ...options, filepath: abs });
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'string', default: DEFAULT_JSON }, check: { type: 'boolean' } },
    strict: true,
  });
  const root = process.cwd();
  const jsonPath = values.json!;
  const result = readResult(path.resolve(root, jsonPath));
  let stale = 0;
  for (const { file } of README_BLOCKS) {
    const want = await renderFile(root, file, result, jsonPath);
    const have = fs.readFileSync(path.join(root, file), 'utf8');
    if (want === have) {
      console.log(`${file}: up to date with ${jsonPath}`);
    } else if (values.check) {
      stale++;
      console.log(`${file}: differs from what ${jsonPath} renders`);
    } else {
      fs.writeFileSync(path.join(root, file), want);
      console.log(`${file}: rewritten from ${jsonPath}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`render-readme: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
