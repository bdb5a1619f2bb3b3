/**
 * Request validation with the zod schemas from libs/shared: `@ValidBody(schema)`, `@ValidQuery(schema)`,
 * `@ValidParams(schema)`. Failures are VALIDATION_FAILED naming each field ("body.code", "query.page");
 * object schemas are strict, so unknown fields are refused too. The same schema documents the route in OpenAPI.
 */
import { applyDecorators, Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { parseOrThrow } from '@fuel/shared';
import { z } from 'zod';

class ZodPipe implements PipeTransform {
  constructor(
    private readonly schema: z.ZodType,
    private readonly prefix: string,
  ) {}
  transform(value: unknown): unknown {
    return parseOrThrow(this.schema, value ?? {}, this.prefix);
  }
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

export const ValidBody = (schema: z.ZodType): ParameterDecorator => Body(new ZodPipe(schema, 'body'));
export const ValidQuery = (schema: z.ZodType): ParameterDecorator => Query(new ZodPipe(schema, 'query'));
export const ValidParams = (schema: z.ZodType): ParameterDecorator => Param(new ZodPipe(schema, 'params'));

/** OpenAPI description of a route's inputs, from the same schemas. */
export function ApiInput(input: { body?: z.ZodType; query?: z.ZodObject; params?: z.ZodObject }): MethodDecorator {
  const decorators: MethodDecorator[] = [];
  if (input.body) decorators.push(ApiBody({ schema: jsonSchema(input.body) }));
  for (const [name, field] of Object.entries(input.query?.shape ?? {})) {
    decorators.push(ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, schema: jsonSchema(field as z.ZodType) }));
  }
  for (const [name, field] of Object.entries(input.params?.shape ?? {})) {
    decorators.push(ApiParam({ name, schema: jsonSchema(field as z.ZodType) }));
  }
  return applyDecorators(...decorators);
}
