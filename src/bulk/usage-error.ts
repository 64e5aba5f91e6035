/**
 * A command that cannot start as asked: a missing file, an unknown format, a column that is not a
 * customer field. The CLI answers it with exit code 2 before anything is written, so a script can
 * tell "fix the command" from "some rows were rejected" (1).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
