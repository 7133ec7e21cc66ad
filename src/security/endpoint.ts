// Which API key goes to which server. A key belongs to the endpoint origin it was entered for and is
// sent nowhere else: switching servers never carries a key across, and a keyless local server gets
// none. A key over cleartext http:// to another machine needs the user's remembered consent for that
// origin; loopback is fine. Pure: no vscode.

export const OPENAI_ORIGIN = 'https://api.openai.com';
/** The SecretStorage entry of the single key older versions stored (migrated to its origin once). */
export const LEGACY_KEY_SECRET = 'flowpair.apiKey';

/** `scheme://host[:port]` of a base URL; the OpenAI API when none is set. Undefined if it is not a URL. */
export function endpointOrigin(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined || baseUrl.trim() === '') return OPENAI_ORIGIN;
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The SecretStorage entry holding the key for one origin. */
export function keySecretName(origin: string): string {
  return `flowpair.apiKey:${origin}`;
}

/**
 * 127.0.0.0/8, ::1 and the name `localhost`: traffic that never leaves this machine. Not other
 * `*.localhost` names: the system resolver (glibc) sends them to DNS, which a hostile network answers.
 */
export function isLoopbackOrigin(origin: string): boolean {
  const host = new URL(origin).hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (host === '[::1]') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Whether a key sent to this origin would cross the network unencrypted. */
export function isCleartextRemote(origin: string): boolean {
  return origin.startsWith('http://') && !isLoopbackOrigin(origin);
}

export interface KeySources {
  /** The key stored for this origin in SecretStorage. */
  readonly stored: string | undefined;
  /** OPENAI_API_KEY and OPENAI_BASE_URL from the environment. */
  readonly envKey: string | undefined;
  readonly envBaseUrl: string | undefined;
}

/**
 * The key for `origin`: the one stored for it, else OPENAI_API_KEY when the environment's own base URL
 * (or the OpenAI API, when OPENAI_BASE_URL is unset) is this origin. Never another origin's key.
 */
export function keyFor(origin: string, sources: KeySources): string | undefined {
  if (sources.stored) return sources.stored;
  if (!sources.envKey) return undefined;
  return endpointOrigin(sources.envBaseUrl) === origin ? sources.envKey : undefined;
}

/** The consent message for a key over cleartext, naming the risk. */
export function cleartextWarning(origin: string): string {
  return `Flowpair would send your API key to ${origin} over unencrypted http://. Anyone on the network between you and that machine can read the key and your code. Send it anyway for this server?`;
}

/** The part of VS Code's SecretStorage this needs (so the lookup is tested without vscode). */
export interface SecretStore {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
  delete(name: string): PromiseLike<void>;
}

export interface KeyLookup {
  /** The endpoint's origin; undefined when the base URL is not an http(s) URL. */
  readonly origin: string | undefined;
  /** The key to send there, if any. */
  readonly key: string | undefined;
  /** A key exists for this origin but is held back: cleartext to another machine, not consented to. */
  readonly withheld: boolean;
}

/** The key for the endpoint at `baseUrl`, as `keyFor` decides, held back over unconsented cleartext. */
export async function lookupKey(
  baseUrl: string | undefined,
  secrets: SecretStore,
  consented: (origin: string) => boolean,
  env: { readonly OPENAI_API_KEY?: string | undefined; readonly OPENAI_BASE_URL?: string | undefined },
): Promise<KeyLookup> {
  const origin = endpointOrigin(baseUrl);
  if (origin === undefined) return { origin, key: undefined, withheld: false };
  await migrateLegacyKey(secrets);
  const key = keyFor(origin, { stored: await secrets.get(keySecretName(origin)), envKey: env.OPENAI_API_KEY?.trim(), envBaseUrl: env.OPENAI_BASE_URL });
  if (key !== undefined && isCleartextRemote(origin) && !consented(origin)) return { origin, key: undefined, withheld: true };
  return { origin, key, withheld: false };
}

/**
 * Older versions kept one key for every server. It is taken as the OpenAI API's (where keys come
 * from) and removed, so it can never follow the user to another server.
 */
export async function migrateLegacyKey(secrets: SecretStore): Promise<void> {
  const legacy = await secrets.get(LEGACY_KEY_SECRET);
  if (!legacy) return;
  const name = keySecretName(OPENAI_ORIGIN);
  if (!(await secrets.get(name))) await secrets.store(name, legacy);
  await secrets.delete(LEGACY_KEY_SECRET);
}
