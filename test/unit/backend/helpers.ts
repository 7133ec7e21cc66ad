// Shared set-up for the backend tests: a fake backend per test and a Backend pointed at it.
import { Backend, type BackendOptions } from '../../../src/backend/client';
import type { Capabilities } from '../../../src/backend/providers';
import type { Turn, TurnEvent } from '../../../src/backend/turn';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../fake-backend/server';

export const API_KEY = 'sk-test-key';
export const ALL: Capabilities = { websocket: true, responses: true, chat: true, editTool: 'custom' };

export interface Rig {
  fake: FakeBackend;
  backend: Backend;
  close(): Promise<void>;
}

export async function rig(fakeOptions: FakeBackendOptions = {}, backendOptions: Partial<BackendOptions> = {}): Promise<Rig> {
  const fake = await startFakeBackend({ apiKey: API_KEY, ...fakeOptions });
  const backend = new Backend({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    capabilities: ALL,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxRetries: 3 },
    ...backendOptions,
  });
  return {
    fake,
    backend,
    close: async () => {
      backend.dispose();
      await fake.close();
    },
  };
}

export async function collect(turn: Turn): Promise<TurnEvent[]> {
  const events: TurnEvent[] = [];
  for await (const event of turn) events.push(event);
  return events;
}

export function types(events: TurnEvent[]): string[] {
  // Deltas collapse to one entry per run so sequences stay readable in assertions.
  return events.map((e) => e.type).filter((type, i, all) => !(type.endsWith('.delta') && all[i - 1] === type));
}

export const generating = (fake: FakeBackend, route = 'websocket') =>
  fake.requests.filter((r) => r.route === route && r.body.generate !== false);

export const waitFor = async (condition: () => boolean, what: string, timeoutMs = 3000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
