/** One policy file that can't be used, with every problem found in it (each naming line, column and field). */
export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(describe(file, problems));
  }
}

/** Several invalid policy files at once, so a steward can fix them in one go; `file` is the first. */
export class PolicyFilesError extends PolicyFileError {
  constructor(readonly errors: PolicyFileError[]) {
    super(errors[0].file, errors[0].problems);
    this.message = errors.map((error) => error.message).join('\n');
  }
}

function describe(file: string, problems: string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`policy file ${file} is invalid (${count}):`, ...problems.map((p) => `  ${p}`)].join('\n');
}
