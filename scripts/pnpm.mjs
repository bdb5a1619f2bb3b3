// `node scripts/pnpm.mjs <args>`: runs the pinned pnpm, installing it first when missing.
import { pnpm } from './lib/pnpm.mjs';

try {
  pnpm(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
