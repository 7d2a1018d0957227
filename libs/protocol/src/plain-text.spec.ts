import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsPlainText, plainTextProblem } from './plain-text';
import { QuerySpecDto } from './query-spec.dto';
import { flattenErrors } from './validate-message';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

class Note {
  @IsPlainText() text: unknown;
}

const problemsOf = (value: unknown) => flattenErrors(validateSync(plainToInstance(Note, { text: value })));

const PURPOSE = 'Smart Start: children growing up with several risk factors at once, per wijk';

describe('IsPlainText', () => {
  it.each([PURPOSE, 'Één kind per gezin, ’s-Hertogenbosch — 👶 ok', 'عربي and עברית are fine as text', ''])(
    'accepts ordinary text in any script: %p',
    (text) => {
      expect(plainTextProblem(text)).toBeNull();
      expect(problemsOf(text)).toEqual([]);
    },
  );

  it.each([
    ['a right-to-left override (U+202E)', 'purpose: ok\u202Egnp.exe', 'U+202E'],
    ['a left-to-right embedding (U+202A)', '\u202Aembedded', 'U+202A'],
    ['a first-strong isolate (U+2068)', 'x\u2068y', 'U+2068'],
    ['a pop directional isolate (U+2069)', 'x\u2069', 'U+2069'],
    ['a right-to-left mark (U+200F)', 'x\u200F', 'U+200F'],
    ['a left-to-right mark (U+200E)', '\u200Ex', 'U+200E'],
    ['an Arabic letter mark (U+061C)', 'x\u061C', 'U+061C'],
    ['a newline (a forged second line)', 'approved\napproved by the ethics board', 'U+000A'],
    ['a carriage return', 'x\ry', 'U+000D'],
    ['a tab', 'x\ty', 'U+0009'],
    ['NUL', 'x\u0000', 'U+0000'],
    ['an ANSI escape', 'x\u001B[2J', 'U+001B'],
    ['DEL', 'x\u007F', 'U+007F'],
    ['a C1 control (CSI, U+009B)', 'x\u009B2J', 'U+009B'],
    ['a line separator (U+2028)', 'x\u2028y', 'U+2028'],
    ['a paragraph separator (U+2029)', 'x\u2029y', 'U+2029'],
  ])('refuses %s, naming the field and the character', (_what, text, code) => {
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(`^text: text must be plain text: it contains ${code.replace('+', '\\+')} at position \\d+`),
      ),
    ]);
  });

  it('checks every string in a list and leaves other types to their own validators', () => {
    expect(problemsOf(['ambulant', 'foster\u202Ecare'])).toEqual([expect.stringContaining('U+202E at position 7')]);
    expect(problemsOf([2024, true])).toEqual([]);
    expect(problemsOf(42)).toEqual([]);
  });

  it("refuses control and bidi characters in a query's purpose, a factor's label and a filter's value, each by its path", () => {
    const spec = {
      ...DEMO_GROUNDS,
      dataset: 'children_households',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      filters: [{ field: 'care_form', op: 'eq', value: 'ambulant\u2066' }],
      purpose: `${PURPOSE}\u202E`,
      combination: {
        factors: [
          { dataset: 'pupils', label: 'weight\u0007' },
          { dataset: 'health_monitor', label: 'parent in care' },
        ],
      },
    };
    const problems = flattenErrors(validateSync(plainToInstance(QuerySpecDto, spec)));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^purpose: purpose must be plain text: it contains U\+202E/),
        expect.stringMatching(/^combination\.factors\.0\.label: label must be plain text: it contains U\+0007/),
        expect.stringMatching(/^filters\.0\.value: value must be plain text: it contains U\+2066/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});
