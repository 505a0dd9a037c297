import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', '..', 'deploymentTemplates');

const parameterSchema = z
  .object({
    type: z.string(),
    defaultValue: z.unknown().optional(),
    allowedValues: z.array(z.unknown()).optional(),
  })
  .passthrough();

const resourceSchema: z.ZodType<Resource> = z.lazy(() =>
  z
    .object({
      type: z.string(),
      name: z.string(),
      apiVersion: z.string(),
      condition: z.string().optional(),
      properties: z.unknown().optional(),
      resources: z.array(resourceSchema).optional(),
    })
    .passthrough(),
);

export interface Resource {
  type: string;
  name: string;
  apiVersion: string;
  condition?: string;
  properties?: unknown;
  resources?: Resource[];
  [key: string]: unknown;
}

export const templateSchema = z
  .object({
    $schema: z.string().regex(/deploymentTemplate\.json#$/),
    contentVersion: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
    parameters: z.record(parameterSchema).default({}),
    variables: z.record(z.unknown()).default({}),
    resources: z.array(resourceSchema),
    outputs: z.record(z.unknown()).optional(),
  })
  .passthrough();
export type Template = z.infer<typeof templateSchema>;

export const parameterFileSchema = z.object({
  $schema: z.string().regex(/deploymentParameters\.json#$/),
  contentVersion: z.string(),
  parameters: z.record(z.object({ value: z.unknown() }).strict()),
});
export type ParameterFile = z.infer<typeof parameterFileSchema>;

export function jsonFiles(): { name: string; json: unknown }[] {
  return readdirSync(TEMPLATE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      name,
      json: JSON.parse(readFileSync(path.join(TEMPLATE_DIR, name), 'utf8')) as unknown,
    }));
}

/** A nested deployment whose template has its own scope (`expressionEvaluationOptions.scope: inner`). */
export const nestedDeploymentSchema = z.object({
  type: z.literal('Microsoft.Resources/deployments'),
  name: z.string(),
  properties: z.object({
    expressionEvaluationOptions: z.object({ scope: z.literal('inner') }),
    parameters: z.record(z.object({ value: z.unknown() })),
    template: templateSchema,
  }),
});

/** Every template in a file: the file's own and those of inner-scope nested deployments. */
export function templatesIn(template: Template): { scope: string; template: Template; ownText: string }[] {
  const nested = template.resources.flatMap((resource) => {
    const parsed = nestedDeploymentSchema.safeParse(resource);
    return parsed.success ? [parsed.data] : [];
  });
  // The outer scope's text without the inner templates: their parameters() belong to them.
  const outer = {
    ...template,
    resources: template.resources.map((resource) =>
      nested.some((inner) => inner.name === resource.name)
        ? { ...resource, properties: { ...(resource.properties as object), template: {} } }
        : resource,
    ),
  };
  return [
    { scope: 'outer', template, ownText: JSON.stringify(outer) },
    ...nested.flatMap((inner) =>
      templatesIn(inner.properties.template).map((t) => ({ ...t, scope: inner.name })),
    ),
  ];
}

export function namesUsed(text: string, fn: 'parameters' | 'variables'): Set<string> {
  return new Set([...text.matchAll(new RegExp(`\\b${fn}\\('([^']+)'\\)`, 'g'))].map((match) => match[1]!));
}

export function resourcesOfType(template: Template, type: string): Resource[] {
  return template.resources.filter((resource) => resource.type.toLowerCase() === type.toLowerCase());
}

/** `[parameters('x')]` → `x`; anything else → undefined. */
export function parameterReference(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\[parameters\('([^']+)'\)\]$/.exec(value)?.[1] : undefined;
}
