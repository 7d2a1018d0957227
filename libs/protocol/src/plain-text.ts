import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Characters that make text display differently from what it says, or break the line it sits in: C0 and C1
 * controls (newline and tab included: a purpose or reason is one paragraph in a table cell, an audit entry,
 * the steward's inbox), DEL, bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 * directional marks (U+200E, U+200F, U+061C) and the line and paragraph separators (U+2028, U+2029). What a
 * steward or the ethics board reads must be what the analyst sent; other Unicode (accents, emoji) is fine.
 */
const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is not plain text (the first offending character and where), or null when it is. */
export function plainTextProblem(text: string): string | null {
  const match = HIDDEN.exec(text);
  return match
    ? `contains ${codePoint(match[0])} at position ${match.index + 1} (control and bidi characters are not allowed)`
    : null;
}

const textsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

/** Free text a person types and another reads: refuses control and bidi characters, naming the field and the character. */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => textsOf(value).every((text) => plainTextProblem(text) === null),
        defaultMessage: (args) =>
          `${args?.property} must be plain text: it ${textsOf(args?.value)
            .map(plainTextProblem)
            .find((p) => p !== null)}`,
      },
    },
    options,
  );
}
