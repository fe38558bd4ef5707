/**
 * What the compiled build needs beside tsc's JavaScript, and the Lambda zip.
 *   tsx scripts/dist.ts assets   (after tsc: `npm run build`)
 *   tsx scripts/dist.ts lambda   (after the build: `npm run package:lambda`)
 * The code reads its data relative to its own file (`__dirname/../../content`), so dist/ mirrors
 * the repository: dist/src/** beside dist/content, dist/locales, dist/models, dist/skill.json.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import AdmZip from 'adm-zip';
import { build, type Plugin } from 'esbuild';
import { writePrebuiltCatalogue } from '../src/content/load';

export const ROOT = join(__dirname, '..');

/** Data read at run time, outside src/ (content, strings, the NLU's utterances, the manifest). */
export const RUNTIME_DATA = ['content', 'locales', 'models', 'skill.json'];

/** Files under src/ that tsc does not emit: everything but TypeScript (web pages, styles, scripts). */
const isSourceAsset = (path: string) => statSync(path).isDirectory() || !/\.(ts|tsx|mts|cts)$/.test(path);

/** Copies every non-TypeScript file under src/ and the run-time data into the build folder. */
export function copyAssets(root = ROOT, out = join(root, 'dist')): void {
  cpSync(join(root, 'src'), join(out, 'src'), { recursive: true, filter: isSourceAsset });
  for (const name of RUNTIME_DATA) {
    rmSync(join(out, name), { recursive: true, force: true });
    cpSync(join(root, name), join(out, name), { recursive: true });
  }
  // Validated now, read as parsed JSON at run time (the schemas still check it in tests and dev).
  writePrebuiltCatalogue(join(out, 'content'));
}

/**
 * The two entries that ship, each bundled into one file over tsc's output at the same path, so a
 * cold start reads one file instead of resolving and loading hundreds of modules (express alone
 * is ~60 files). What stays outside: the AWS SDK (loaded only with STORE=dynamodb, from
 * node_modules, as the lock pins it), pino-pretty (a development dependency, optional at run
 * time) and the Dialogflow deploy clients (never on the request path).
 */
export const BUNDLED_ENTRIES = [
  { entry: 'src/server/main.ts', out: 'dist/src/server/main.js' },
  { entry: 'src/platforms/alexa/lambda.ts', out: 'dist/src/platforms/alexa/lambda.js' },
];
export const BUNDLE_EXTERNALS = ['@aws-sdk/*', '@smithy/*', 'pino-pretty', '@google-cloud/*'];

/**
 * Our code finds its data relative to its own file (`__dirname/../../content`); in a bundle every
 * module shares the bundle's folder, so each module's `__dirname` becomes the folder its compiled
 * file would have had under dist/, found from the bundle's own.
 */
function sourceDirname(root: string, outDir: string): Plugin {
  return {
    name: 'source-dirname',
    setup(bundler) {
      bundler.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!args.path.startsWith(join(root, 'src')) || !source.includes('__dirname')) return undefined;
        const fromBundle = relative(outDir, join(root, 'dist', relative(root, dirname(args.path)))) || '.';
        return {
          contents: source.replace(
            /\b__dirname\b/g,
            `require('node:path').join(__dirname, ${JSON.stringify(fromBundle)})`,
          ),
          loader: 'ts',
        };
      });
    },
  };
}

/** Bundles the shipped entries (after tsc and copyAssets): node loads one file each. */
export async function bundleEntries(root = ROOT): Promise<void> {
  for (const { entry, out } of BUNDLED_ENTRIES) {
    const outfile = join(root, out);
    await build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: BUNDLE_EXTERNALS,
      plugins: [sourceDirname(root, dirname(outfile))],
      // Names stay readable in stack traces and CPU profiles; the size is not what costs here.
      minify: false,
      sourcemap: false,
      logLevel: 'warning',
      absWorkingDir: root,
    });
  }
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/**
 * Installed packages the lock file does not mark as development-only, as paths under the root.
 * devOptional (a development dependency that is also an optional peer of a production one, as
 * typescript is for i18next) stays out: nothing needs it at run time.
 */
export function productionPackages(root = ROOT): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  return Object.entries(lock.packages)
    .filter(
      ([path, entry]) =>
        path.startsWith('node_modules/') &&
        !entry.dev &&
        !entry.devOptional &&
        !entry.link &&
        existsSync(join(root, path)),
    )
    .map(([path]) => path)
    .sort();
}

/**
 * The Lambda zip: the compiled build, its data, package.json and the production dependencies
 * copied from node_modules as the lock file pins them (no install, no network). Handler:
 * dist/src/platforms/alexa/lambda.handler. Returns the zip's path.
 */
export function packageLambda(root = ROOT, zipPath = join(root, 'dist', 'lambda', 'massage-coach-lambda.zip')): string {
  const build = join(root, 'dist');
  if (!existsSync(join(build, 'src', 'platforms', 'alexa', 'lambda.js')))
    throw new Error('no compiled build: run npm run build first');
  const stage = mkdtempSync(join(tmpdir(), 'mc-lambda-'));
  try {
    cpSync(join(build, 'src'), join(stage, 'dist', 'src'), { recursive: true });
    for (const name of RUNTIME_DATA) cpSync(join(build, name), join(stage, 'dist', name), { recursive: true });
    cpSync(join(root, 'package.json'), join(stage, 'package.json'));
    for (const path of productionPackages(root)) {
      const from = join(root, path);
      // Each package without its nested node_modules: nested packages are entries of their own.
      cpSync(from, join(stage, path), {
        recursive: true,
        filter: (file) => !relative(from, file).split(/[\\/]/).includes('node_modules'),
      });
    }
    mkdirSync(dirname(zipPath), { recursive: true });
    rmSync(zipPath, { force: true });
    const zip = new AdmZip();
    for (const name of readdirSync(stage)) {
      const path = join(stage, name);
      if (statSync(path).isDirectory()) zip.addLocalFolder(path, name);
      else zip.addLocalFile(path);
    }
    zip.writeZip(zipPath);
    return zipPath;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'assets') {
    copyAssets();
    bundleEntries().catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
  } else if (command === 'lambda') {
    const zip = packageLambda();
    process.stdout.write(
      `${relative(process.cwd(), zip)} (${(statSync(zip).size / 1048576).toFixed(1)} MB): handler dist/src/platforms/alexa/lambda.handler\n`,
    );
  } else {
    process.stderr.write('usage: tsx scripts/dist.ts assets|lambda\n');
    process.exit(2);
  }
}
