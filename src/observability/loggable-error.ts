// Shared by the HTTP layer and the dispatcher, so that neither logs what an error quotes.

/**
 * What may be logged of an error: never values that could hold personal data. PostgreSQL messages
 * quote offending values ("invalid input syntax … \"1985-13-45\""), so quoted text is dropped; a
 * SyntaxError's message quotes the text it could not parse (a request body), so it is dropped whole.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof SyntaxError ? 'the input could not be parsed' : error.message.replace(/"[^"]*"|'[^']*'/g, '"…"');
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    message,
    // The frames only: the first line of a stack repeats the message, unscrubbed.
    stack: error.stack?.split('\n').slice(1, 8).join('\n'),
  };
}
