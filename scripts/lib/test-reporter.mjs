// A node:test reporter that writes one JSON line per finished test or suite, for scripts/lib/test-runner.mjs to
// count and time (the spec reporter writes the readable log beside it).
export default async function* ndjson(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, details, skip, todo } = event.data;
    yield `${JSON.stringify({ outcome: event.type === 'test:pass' ? 'pass' : 'fail', name, nesting, suite: details?.type === 'suite', ms: details?.duration_ms ?? 0, skipped: skip !== undefined && skip !== false, todo: todo !== undefined && todo !== false })}\n`;
  }
}
