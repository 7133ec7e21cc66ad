// Hosts fake backends in a child process, so the server and its delay proxy do not share the
// measuring client's event loop (one core each on a 2-core machine). Driven over IPC by fakes.ts.
import { startFakeBackend, type FakeBackend, type FakeBackendOptions, type Script } from '../test/fake-backend/server';

export interface HostRule {
  match: string;
  script: Script;
}

type Request =
  | { type: 'start'; id: number; options: FakeBackendOptions; rules?: HostRule[] }
  | { type: 'requests'; id: number; name: string }
  | { type: 'close'; id: number };

const backends = new Map<string, FakeBackend>();
let seq = 0;

process.on('message', async (message: Request) => {
  try {
    if (message.type === 'start') {
      const fake = await startFakeBackend(message.options);
      for (const rule of message.rules ?? []) fake.when(rule.match, rule.script);
      const name = `fake${++seq}`;
      backends.set(name, fake);
      process.send!({ id: message.id, ok: true, value: { name, baseUrl: fake.baseUrl, wsUrl: fake.wsUrl, ca: fake.ca } });
    } else if (message.type === 'requests') {
      const fake = backends.get(message.name)!;
      // bodies stay here (they can be large); their size goes along
      const value = fake.requests.map(({ route, at, wallAt, firstDeltaSentAt, lastDeltaSentAt, body }) => ({ route, at, wallAt, firstDeltaSentAt, lastDeltaSentAt, bytes: JSON.stringify(body).length }));
      fake.requests.length = 0;
      process.send!({ id: message.id, ok: true, value });
    } else if (message.type === 'close') {
      await Promise.all([...backends.values()].map((fake) => fake.close()));
      backends.clear();
      process.send!({ id: message.id, ok: true, value: null });
      process.disconnect();
    }
  } catch (error) {
    process.send!({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) });
  }
});
