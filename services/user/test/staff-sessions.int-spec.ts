import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError, startService, type RunningService } from '@fuel/shared';
import { developmentEnv } from '@fuel/devkit';
import { createThrowawayDatabase, freePort, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { userService } from '../src/service.js';
import { StaffSessions } from '../src/modules/staff/staff-sessions.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ended = (message: RegExp) => (error: unknown) => error instanceof DomainError && error.code === 'UNAUTHENTICATED' && message.test(error.message);

/** Real time and the real database (the demo staff, ids 1–5 among them): a 2-second idle limit stands in for the 30 minutes. */
describe('staff sessions in the database (idle time in real time)', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;
  let sessions: StaffSessions;

  before(async () => {
    db = await createThrowawayDatabase('staff_sessions');
    service = await startService(userService, { ...developmentEnv('user'), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix('staff-sessions'), RPC_PORT: String(await freePort()), LOG_LEVEL: 'warn', SEED_DEMO: 'true', STAFF_SESSION_IDLE_SECONDS: '2', STAFF_TOKEN_TTL_SECONDS: '60' });
    sessions = service.app.get(StaffSessions);
  });

  after(async () => {
    await service?.close();
    await db?.drop();
  });

  it('keeps a session that is used within the idle time, however long in all', async () => {
    const id = await sessions.open(1, false);
    for (let i = 0; i < 3; i++) {
      await sleep(1200);
      assert.deepEqual(await sessions.touch(1, id), { active: true, mustChangePassword: false });
    }
  });

  it('ends a session left idle longer than the limit', async () => {
    const id = await sessions.open(2, false);
    await sleep(2300);
    await assert.rejects(sessions.touch(2, id), ended(/登录已超时/));
  });

  it('ends every session of an account at once when it is revoked, and new ones work', async () => {
    const [a, b] = [await sessions.open(3, false), await sessions.open(3, false)];
    await sessions.revokeAll(3);
    await assert.rejects(sessions.touch(3, a), ended(/账号状态已变更/));
    await assert.rejects(sessions.touch(3, b), ended(/账号状态已变更/));
    assert.equal((await sessions.touch(3, await sessions.open(3, false))).active, true);
  });

  it('refuses a session presented for another account, and ends one signed out', async () => {
    const id = await sessions.open(4, true);
    await assert.rejects(sessions.touch(5, id), ended(/凭证无效/));
    assert.equal((await sessions.touch(4, id)).mustChangePassword, true);
    await sessions.passwordChanged(id);
    assert.equal((await sessions.touch(4, id)).mustChangePassword, false);
    await sessions.close(id);
    await assert.rejects(sessions.touch(4, id), ended(/登录已超时/));
  });
});
