// What the composer attaches to a prompt, as chips the user sees and the text the model gets.
// Pure, so it is unit-tested without vscode. Excluded chips carry their reason and no text:
// what matches `flowpair.context.exclude` is never sent.
import type { ContextBudget, ContextChip, ContextView } from '../protocol';
import { fenced } from './fixContext';

export interface ContextPart {
  readonly chip: ContextChip;
  /** What goes to the model; undefined for an excluded chip. */
  readonly text?: string;
}

/** ~4 characters per token for code and English: an estimate for the budget meter, not billing. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function part(chip: Omit<ContextChip, 'tokens'>, text: string | undefined): ContextPart {
  return text === undefined || chip.excluded !== undefined
    ? { chip: { ...chip, tokens: 0 } }
    : { chip: { ...chip, tokens: estimateTokens(text) }, text };
}

export function fileText(path: string, languageId: string, text: string): string {
  return `File \`${path}\`:\n${fenced(text, languageId)}`;
}

export function selectionText(path: string, languageId: string, startLine: number, endLine: number, text: string): string {
  return `Selected lines ${startLine + 1}–${endLine + 1} of \`${path}\`:\n${fenced(text, languageId)}`;
}

export function diagnosticsText(path: string, problems: readonly { line: number; severity: string; message: string }[]): string {
  return `Problems in \`${path}\`:\n${problems.map((p) => `- line ${p.line + 1} (${p.severity}): ${p.message}`).join('\n')}`;
}

/** `attached`: what the attachments add to the next request (less than their size once the conversation holds them). */
export function contextView(parts: readonly ContextPart[], budget: ContextBudget, attached = parts.reduce((sum, p) => sum + p.chip.tokens, 0)): ContextView {
  return { ...budget, chips: parts.map((p) => p.chip), usedTokens: budget.instructionTokens + budget.historyTokens + attached };
}

/** The attached context as one block before the prompt; empty when nothing is attached. */
export function contextText(parts: readonly ContextPart[]): string {
  const texts = parts.flatMap((p) => (p.text === undefined ? [] : [p.text]));
  return texts.length === 0 ? '' : `Context from the user's editor:\n\n${texts.join('\n\n')}`;
}
