// `pnpm test` inside one package: runs that package's compiled tests (unit and integration) with Node's test
// runner. MariaDB/Redis/Nacos must already be up (the root `npm test` starts them).
import { join } from 'node:path';
import { findFiles, runNodeTests } from './lib/node-tests.mjs';

const files = findFiles(join(process.cwd(), 'dist'), ['.spec.js', '.int-spec.js', '.e2e-spec.js']);
const counts = await runNodeTests(process.cwd(), files, { concurrency: 1 });
process.exit(counts.failed === 0 ? 0 : 1);
