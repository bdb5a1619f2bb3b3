import { z } from 'zod';

// Field messages reach drivers and staff: zod speaks Chinese.
z.config(z.locales.zhCN());
import { DomainError, type FieldIssue } from '../errors/domain-error.js';

/** Turns zod issues into field issues named by path; unknown keys are named one by one. */
export function zodIssuesToFields(error: z.ZodError, prefix?: string): FieldIssue[] {
  const join = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: join([...issue.path, key]), message: '不支持的字段' }))
      : [{ field: join(issue.path) || (prefix ?? '(root)'), message: issue.message }],
  );
}

/** Parses input with a schema, throwing VALIDATION_FAILED naming each offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw DomainError.invalid(zodIssuesToFields(result.error, prefix));
  return result.data;
}
