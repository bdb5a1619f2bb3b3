/**
 * `npm run rekey [-- --limit N] [-- --batch N]`: re-encrypts every sealed field of the user service's database under
 * the current keys (the first of FIELD_ENCRYPTION_KEYS / FIELD_MAC_KEYS / FIELD_INDEX_KEYS), keeping the retired
 * ones listed so that old values still open. Rotation: put the new key ids first in the services' configuration and
 * roll them out, run this, check with `npm run verify`, then drop the retired ids. Exit code 0 when every field is
 * current, 1 when some stayed unreadable, 2 when stopped at --limit (run again to go on).
 */
import { parseArgs } from 'node:util';
import { FieldCipher, fieldKeysEnvSchema } from '@fuel/shared';
import { changeOf, openServiceDatabase, queryOf } from '../databases.js';
import { rekey } from './rekey.js';

const { values } = parseArgs({ options: { limit: { type: 'string' }, batch: { type: 'string' } } });
const keys = fieldKeysEnvSchema.safeParse(process.env);
if (!keys.success) {
  for (const issue of keys.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
const cipher = FieldCipher.fromEnv(keys.data);
const source = await openServiceDatabase('user');
try {
  const result = await rekey(cipher, { query: queryOf(source), change: changeOf(source) }, {
    limit: values.limit === undefined ? undefined : Number(values.limit),
    batchSize: values.batch === undefined ? undefined : Number(values.batch),
  });
  console.log(`rekey: ${result.rowsRewritten} rows rewritten (${result.valuesSealed} values sealed under ${cipher.currentKid}, ${result.indexesRecomputed} blind indexes recomputed), ${result.unreadable} unreadable`);
  if (result.complete) console.log(`every sealed field is on key ${cipher.currentKid}`);
  else if (result.unreadable > 0) console.log('unreadable values were left as they are: npm run verify names them');
  else console.log('stopped before the end: run again to go on');
  process.exitCode = result.complete ? 0 : result.unreadable > 0 ? 1 : 2;
} finally {
  await source.destroy();
}
