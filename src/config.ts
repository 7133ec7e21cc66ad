import * as vscode from 'vscode';

/** Settings as Flowpair uses them, resolved once per read. */
export interface FlowpairSettings {
  /** OpenAI-compatible base URL (".../v1"); undefined means the OpenAI API. */
  baseUrl: string | undefined;
  /** Set when baseUrl is the demo backend `npm start` runs when nothing else is configured. */
  demo: boolean;
  models: { fast: string; deep: string; backup: string };
  idleCloseMinutes: number;
  contextExclude: string[];
  /** The context window assumed for a model that is neither known nor reported by the server. */
  contextWindowTokens: number;
  /** Limits against a broken or hostile server (user-level only: a workspace cannot loosen them). */
  limits: { maxFrameMiB: number; maxAnswerChars: number; maxPatchChars: number; maxTurnMinutes: number };
}

const SECTION = 'flowpair';
export const API_KEY_SECRET = 'flowpair.apiKey';

/**
 * `baseUrl` is application-scoped in package.json, so a repository's
 * `.vscode/settings.json` can never redirect the API key to another host. `inspect` makes that explicit
 * here too: only the user's value counts, whatever scope VS Code would otherwise merge.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): FlowpairSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const userOnly = <T>(key: string): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const configured = (userOnly<string>('baseUrl') ?? '').trim() || env.OPENAI_BASE_URL?.trim() || undefined;
  // FLOWPAIR_DEMO_BASE_URL comes only from the process environment (`npm start`), never from a workspace.
  const demoUrl = configured ? undefined : env.FLOWPAIR_DEMO_BASE_URL?.trim() || undefined;
  return {
    baseUrl: configured ?? demoUrl,
    demo: demoUrl !== undefined,
    models: {
      fast: c.get<string>('models.fast') || 'gpt-5.3-codex-spark',
      deep: c.get<string>('models.deep') || 'gpt-5.5',
      backup: c.get<string>('models.backup') || 'gpt-5.4-mini',
    },
    idleCloseMinutes: Math.max(1, c.get<number>('session.idleCloseMinutes') ?? 15),
    contextExclude: c.get<string[]>('context.exclude') ?? [],
    contextWindowTokens: Math.max(1_000, c.get<number>('context.windowTokens') ?? 128_000),
    limits: {
      maxFrameMiB: positive(userOnly<number>('limits.maxFrameMiB'), 16),
      maxAnswerChars: positive(userOnly<number>('limits.maxAnswerChars'), 2_000_000),
      maxPatchChars: positive(userOnly<number>('limits.maxPatchChars'), 4_000_000),
      maxTurnMinutes: positive(userOnly<number>('limits.maxTurnMinutes'), 20),
    },
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The key from SecretStorage, else OPENAI_API_KEY. Never written to settings, logs or the webview. */
export async function readApiKey(secrets: vscode.SecretStorage, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return (await secrets.get(API_KEY_SECRET)) || env.OPENAI_API_KEY || undefined;
}

/** A backend is usable with a key (OpenAI or a hosted base URL) or with a base URL alone (local servers). */
export function isConfigured(settings: FlowpairSettings, apiKey: string | undefined): boolean {
  return Boolean(apiKey || settings.baseUrl);
}

export function backendLabel(settings: FlowpairSettings): string {
  return settings.demo ? 'demo backend' : (settings.baseUrl ?? 'OpenAI');
}
