/**
 * The webhook SMS body template: checked by config at startup, rendered by `src/sms/webhookSms.ts`.
 * Pure and dependency-free so that both may import it.
 */
export const DEFAULT_BODY_TEMPLATE = '{"to":"{{to}}","message":"{{message}}"}';
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const KNOWN_PLACEHOLDERS = new Set(['to', 'message', 'caseId']);
export type TemplateValues = Readonly<Record<'to' | 'message' | 'caseId', string>>;

/**
 * Parses a body template once, so a bad one fails at startup. Placeholders are filled into the
 * parsed JSON's string values and the result serialised again: a quote or newline in the text can
 * never break out of its string.
 */
export function parseBodyTemplate(template: string): (values: TemplateValues) => string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    throw new SyntaxError('the body template is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TypeError('the body template must be a JSON object');
  }
  const used = new Set<string>();
  visitStrings(parsed, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) used.add(match[1] ?? '');
    return text;
  });
  const unknown = [...used].filter((name) => !KNOWN_PLACEHOLDERS.has(name));
  if (unknown.length > 0)
    throw new TypeError(`unknown placeholder(s) in the body template: ${unknown.join(', ')}`);
  if (!used.has('to') || !used.has('message')) {
    throw new TypeError('the body template must contain {{to}} and {{message}}');
  }
  return (values) =>
    JSON.stringify(
      visitStrings(parsed, (text) =>
        text.replace(PLACEHOLDER, (_whole, name: string) => values[name as keyof TemplateValues]),
      ),
    );
}

function visitStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => visitStrings(item, change));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visitStrings(item, change)]));
  }
  return value;
}
