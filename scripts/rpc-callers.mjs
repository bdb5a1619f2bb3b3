// `node scripts/rpc-callers.mjs`: rewrites README "Who may call what" from libs/shared/src/rpc/rpc-callers.ts (built).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const { rpcCallersMarkdown } = await import('../libs/shared/dist/src/rpc/rpc-callers.js');
const file = join(repoRoot, 'README.md');
const readme = readFileSync(file, 'utf8');
const block = /(<!-- rpc-callers:start -->)[\s\S]*?(<!-- rpc-callers:end -->)/;
if (!block.test(readme)) throw new Error('README.md has no <!-- rpc-callers:start --> … <!-- rpc-callers:end --> block');
writeFileSync(file, readme.replace(block, (_, start, end) => `${start}\n${rpcCallersMarkdown()}\n${end}`));
console.log('README.md: who may call what, regenerated');
