// A service's build, second step (after tsc): its compiled code, @fuel/shared and its dependencies as one ES module,
// dist/bundle/main.mjs — what every launcher starts (npm start, the tests, the Docker image).
//
// Why: a process started from ~2,000 separate files spent most of its start-up resolving, stat-ing and reading them
// (about 1 s of CPU per process on a 2-core machine, where the test suite starts some 250 processes); one file
// halves a service's start-up CPU. Run in a service's folder: `node ../../scripts/bundle-service.mjs`; the development
// kit bundles its stand-ins the same way (`… bundle-service.mjs dist/src/standins/main.js dist/bundle/standins.mjs`).
//
// Left outside the bundle, loaded from the deployment's node_modules as before:
// - native addons (@node-rs/argon2) and swagger-ui-dist (its files are served from its own folder);
// - the development kit and operations tools, which production code only reaches through `import()` with SEED_DEMO
//   on (not installed in a production deployment, never loaded there);
// - optional peers that are not installed (Nest's other transports, ws's native helpers): their packages load them
//   in a try/catch, so they stay absent at run time too. Any other package that does not resolve fails the build.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const EXTERNAL = ['@node-rs/argon2', 'swagger-ui-dist', '@fuel/devkit', '@fuel/devkit/*', '@fuel/ops', '@fuel/ops/*'];
const OPTIONAL_PEERS =
  /^(@nestjs\/(websockets|platform-express)|class-validator|class-transformer|kafkajs|mqtt|amqplib|amqp-connection-manager|@nats-io\/|nats$|@grpc\/|bufferutil|utf-8-validate|@fastify\/(view|multipart)|proxy-agent$)/;

const optionalPeers = {
  name: 'optional-peers',
  setup(builder) {
    builder.onResolve({ filter: OPTIONAL_PEERS }, async (args) => {
      if (args.pluginData?.probing) return undefined;
      const found = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { probing: true },
      });
      return found.errors.length ? { path: args.path, external: true } : found;
    });
  },
};

const [entry = 'dist/src/main.js', outfile = 'dist/bundle/main.mjs'] = process.argv.slice(2);
const outdir = dirname(join(process.cwd(), outfile));
await build({
  entryPoints: [join(process.cwd(), entry)],
  outfile: join(process.cwd(), outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nest names providers and TypeORM names entities by their class names: keep them.
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  external: EXTERNAL,
  plugins: [optionalPeers],
  // CommonJS packages inside an ES module still call require and read __dirname (sql.js finds its .wasm beside it).
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { dirname as __bundleDirname } from 'node:path';",
      "import { fileURLToPath as __bundleFileUrl } from 'node:url';",
      'const require = __bundleRequire(import.meta.url);',
      'const __filename = __bundleFileUrl(import.meta.url);',
      'const __dirname = __bundleDirname(__filename);',
    ].join('\n'),
  },
});

// The embedded database's WebAssembly, where sql.js looks for it: beside the code that loads it.
const sqlJs = createRequire(join(process.cwd(), '..', '..', 'libs', 'shared', 'package.json')).resolve('sql.js');
mkdirSync(outdir, { recursive: true });
copyFileSync(join(dirname(sqlJs), 'sql-wasm.wasm'), join(outdir, 'sql-wasm.wasm'));
