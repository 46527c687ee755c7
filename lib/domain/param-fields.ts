// A strategy's parameters as form fields: read from the JSON Schema of its zod schema (z.toJSONSchema,
// input side), with the defaults filled in, and the typed-in texts checked back into parameters with
// each problem as a message key and its values, so the form says it beside the field in any language.

export type ParamField =
  | { name: string; type: 'number' | 'integer'; default: number | null; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number }
  | { name: string; type: 'enum'; default: string | null; options: string[] }
  | { name: string; type: 'boolean'; default: boolean | null }
  | { name: string; type: 'string'; default: string | null };

/** The part of a JSON Schema the fields are read from. */
export interface ObjectSchema {
  type?: unknown;
  properties?: Record<string, Record<string, unknown>>;
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const bounds = (p: Record<string, unknown>) =>
  Object.fromEntries((['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const).flatMap((k) => (num(p[k]) === undefined ? [] : [[k, num(p[k])!]]))) as Partial<Record<'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum', number>>;

/** One field per property, in the schema's order; a property of a shape no field fits is left to the JSON box. */
export function paramFields(schema: ObjectSchema): ParamField[] {
  const out: ParamField[] = [];
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    if (Array.isArray(p.enum) && p.enum.every((x) => typeof x === 'string')) {
      out.push({ name, type: 'enum', options: p.enum as string[], default: typeof p.default === 'string' ? p.default : null });
    } else if (p.type === 'number' || p.type === 'integer') {
      out.push({ name, type: p.type, default: num(p.default) ?? null, ...bounds(p) });
    } else if (p.type === 'boolean') {
      out.push({ name, type: 'boolean', default: typeof p.default === 'boolean' ? p.default : null });
    } else if (p.type === 'string') {
      out.push({ name, type: 'string', default: typeof p.default === 'string' ? p.default : null });
    }
  }
  return out;
}

/** The form's starting texts: each field's default, written as the field shows it. */
export function defaultTexts(fields: readonly ParamField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.default === null ? '' : String(f.default)]));
}

export type ParamProblem = { field: string; key: 'number' | 'integer' | 'min' | 'max' | 'above' | 'below' | 'option'; values?: Record<string, string | number> };

/**
 * The parameters the texts give, and what is wrong with them. An empty text leaves the parameter
 * out (the strategy's default applies). Bounds as the schema states them; the server checks the
 * same schema again.
 */
export function paramsOf(fields: readonly ParamField[], texts: Readonly<Record<string, string>>): { params: Record<string, unknown>; problems: ParamProblem[] } {
  const params: Record<string, unknown> = {};
  const problems: ParamProblem[] = [];
  for (const f of fields) {
    const text = (texts[f.name] ?? '').trim();
    if (text === '') continue;
    if (f.type === 'number' || f.type === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n)) problems.push({ field: f.name, key: 'number' });
      else if (f.type === 'integer' && !Number.isInteger(n)) problems.push({ field: f.name, key: 'integer' });
      else if (f.minimum !== undefined && n < f.minimum) problems.push({ field: f.name, key: 'min', values: { min: f.minimum } });
      else if (f.exclusiveMinimum !== undefined && n <= f.exclusiveMinimum) problems.push({ field: f.name, key: 'above', values: { min: f.exclusiveMinimum } });
      else if (f.maximum !== undefined && n > f.maximum) problems.push({ field: f.name, key: 'max', values: { max: f.maximum } });
      else if (f.exclusiveMaximum !== undefined && n >= f.exclusiveMaximum) problems.push({ field: f.name, key: 'below', values: { max: f.exclusiveMaximum } });
      else params[f.name] = n;
    } else if (f.type === 'enum') {
      if (f.options.includes(text)) params[f.name] = text;
      else problems.push({ field: f.name, key: 'option', values: { options: f.options.join(', ') } });
    } else if (f.type === 'boolean') {
      params[f.name] = text === 'true';
    } else params[f.name] = text;
  }
  return { params, problems };
}
