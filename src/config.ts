import * as vscode from 'vscode';
import { keySecretName, lookupKey, OPENAI_ORIGIN, type KeyLookup } from './security/endpoint';

/** Settings as Flowpair uses them, resolved once per read. */
export interface FlowpairSettings {
  /** OpenAI-compatible base URL (".../v1"); undefined means the OpenAI API. */
  baseUrl: string | undefined;
  /** Set when baseUrl is the demo backend `npm start` runs when nothing else is configured. */
  demo: boolean;
  models: { fast: string; deep: string; backup: string };
  idleCloseMinutes: number;
  /** Every scope's `flowpair.context.exclude`, joined (the built-in list is added by `exclusion()`). */
  contextExclude: string[];
  /** The context window assumed for a model that is neither known nor reported by the server. */
  contextWindowTokens: number;
  /** Limits against a broken or hostile server (user-level only: a workspace cannot loosen them). */
  limits: { maxFrameMiB: number; maxAnswerChars: number; maxPatchChars: number; maxTurnMinutes: number };
  /** `openai`: an API key and flowpair.baseUrl; `codex`: the ChatGPT sign-in through `codex app-server`. */
  provider: 'openai' | 'codex';
  /** flowpair.codex.path (user level only); undefined: `codex` on PATH. */
  codexPath: string | undefined;
}

const SECTION = 'flowpair';
/** Every SecretStorage entry of Flowpair's keys starts so (one per endpoint origin). */
export const API_KEY_SECRET = 'flowpair.apiKey';
/** globalState: origins the user allowed to receive the key over cleartext http://. */
const CLEARTEXT_CONSENT = 'flowpair.cleartextKeyOrigins';

/** Whether a key for the OpenAI API is in SecretStorage: then the demo backend steps aside. */
let openAiKeyStored = false;

/** Notes (on activation and whenever secrets change) whether an OpenAI key is stored; see readSettings. */
export async function noteStoredOpenAiKey(secrets: vscode.SecretStorage): Promise<void> {
  openAiKeyStored = Boolean(await secrets.get(keySecretName(OPENAI_ORIGIN)));
}

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
  // FLOWPAIR_DEMO_BASE_URL comes only from the process environment (`npm start`), never from a
  // workspace; it stands in only while nothing else is configured, an OpenAI key included.
  const demoUrl = configured || openAiKeyStored ? undefined : env.FLOWPAIR_DEMO_BASE_URL?.trim() || undefined;
  return {
    baseUrl: configured ?? demoUrl,
    demo: demoUrl !== undefined,
    models: {
      fast: c.get<string>('models.fast') || 'gpt-5.3-codex-spark',
      deep: c.get<string>('models.deep') || 'gpt-5.5',
      backup: c.get<string>('models.backup') || 'gpt-5.4-mini',
    },
    idleCloseMinutes: Math.max(1, c.get<number>('session.idleCloseMinutes') ?? 15),
    contextExclude: excludePatterns(),
    contextWindowTokens: Math.max(1_000, c.get<number>('context.windowTokens') ?? 128_000),
    limits: {
      maxFrameMiB: positive(userOnly<number>('limits.maxFrameMiB'), 16),
      maxAnswerChars: positive(userOnly<number>('limits.maxAnswerChars'), 2_000_000),
      maxPatchChars: positive(userOnly<number>('limits.maxPatchChars'), 4_000_000),
      maxTurnMinutes: positive(userOnly<number>('limits.maxTurnMinutes'), 20),
    },
    // Both user-level only: a repository must not pick the program Flowpair runs or where turns go.
    provider: userOnly<string>('provider') === 'codex' ? 'codex' : 'openai',
    codexPath: (userOnly<string>('codex.path') ?? '').trim() || undefined,
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The user's, the workspace's and each folder's patterns together: a repository can add exclusions,
 * never remove one (the built-in list always applies on top). Adding is safe even in Restricted Mode.
 */
function excludePatterns(): string[] {
  const patterns = new Set<string>();
  const add = (value: unknown) => Array.isArray(value) && value.forEach((p) => typeof p === 'string' && patterns.add(p));
  const all = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('context.exclude');
  add(all?.globalValue);
  add(all?.workspaceValue);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    add(vscode.workspace.getConfiguration(SECTION, folder.uri).inspect<unknown>('context.exclude')?.workspaceFolderValue);
  }
  return [...patterns];
}

/**
 * The key for the configured endpoint: the one stored for its origin (else OPENAI_API_KEY for the
 * environment's own endpoint), held back over cleartext http:// to another machine until the user
 * consented for that origin. Never written to settings, logs or the webview.
 */
export function readApiKey(secrets: vscode.SecretStorage, consent: vscode.Memento, settings: FlowpairSettings, env: NodeJS.ProcessEnv = process.env): Promise<KeyLookup> {
  return lookupKey(settings.baseUrl, secrets, (origin) => cleartextConsents(consent).includes(origin), env);
}

function cleartextConsents(consent: vscode.Memento): string[] {
  return consent.get<string[]>(CLEARTEXT_CONSENT) ?? [];
}

export async function rememberCleartextConsent(consent: vscode.Memento, origin: string): Promise<void> {
  const origins = cleartextConsents(consent);
  if (!origins.includes(origin)) await consent.update(CLEARTEXT_CONSENT, [...origins, origin]);
}

/** A backend is usable with a key (OpenAI or a hosted base URL) or with a base URL alone (local servers). */
export function isConfigured(settings: FlowpairSettings, apiKey: string | undefined): boolean {
  return settings.provider === 'codex' || Boolean(apiKey || settings.baseUrl);
}

export function backendLabel(settings: FlowpairSettings): string {
  if (settings.provider === 'codex') return 'Codex (ChatGPT sign-in)';
  return settings.demo ? 'demo backend' : (settings.baseUrl ?? 'OpenAI');
}
