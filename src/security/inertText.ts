// VS Code renders `[label](command:…)`, `[label](https://…)` and `[label](file:…)` inside
// notification text as links (its linkedText parser), and a command link runs the command on one
// click. Paths from a model's patch, repository file names and repository-set model names all reach
// notifications, so every notification's text goes through `inertText` first. Pure: no vscode.

/** A zero-width space: invisible, but it stops `](` from reading as the middle of a link. */
const BREAK = '\u200b';
/** A notification is a line, not a document: longer untrusted text is cut (the log has it whole). */
export const MAX_NOTIFICATION_CHARS = 600;

/**
 * Text that can never form a link in a notification: every `](` gets a zero-width space between its
 * two characters (a link needs them adjacent), control characters and line breaks become spaces,
 * and overly long text is cut. Bidirectional overrides go too, so a name cannot
 * reorder the words around it.
 */
export function inertText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ');
  const cut = flat.length > MAX_NOTIFICATION_CHARS ? `${flat.slice(0, MAX_NOTIFICATION_CHARS - 1)}…` : flat;
  return cut.replaceAll('](', `]${BREAK}(`);
}
