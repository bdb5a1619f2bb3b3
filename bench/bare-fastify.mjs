// Baseline: a bare Fastify hello-world on this machine (same autocannon settings as the gateway run).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
// The payments bench posts notification bodies here: parsed, then 204 as the real route answers.
app.post('/notify', async (_request, reply) => reply.status(204).send());
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.send?.('ready');
