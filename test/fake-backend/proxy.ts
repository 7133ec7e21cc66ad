// A TCP proxy that delays every chunk per direction, so loopback can behave like a 40 ms RTT
// link; an optional uplink cap (bytes/s) serialises client→server bytes like a slow upload.
import net from 'node:net';

export interface DelayProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** One-way delay client→server, ms. */
  upMs: number;
  /** One-way delay server→client, ms. */
  downMs: number;
  /** Client→server bandwidth in bytes per second; unlimited when omitted. */
  uplinkBytesPerSecond?: number;
  port?: number;
}

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(options.targetPort, options.targetHost ?? '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // The kernel completes the TCP handshake with the proxy at once; holding the client's first
    // bytes for one more round trip restores the handshake's cost on a fresh connection.
    pipeDelayed(client, upstream, options.upMs, options.uplinkBytesPerSecond, options.upMs + options.downMs);
    pipeDelayed(upstream, client, options.downMs);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function pipeDelayed(from: net.Socket, to: net.Socket, delayMs: number, bytesPerSecond?: number, firstExtraMs = 0): void {
  // Chunks leave in order: each is due no earlier than the previous one (and, when capped, no
  // earlier than the link has finished sending the previous bytes).
  let linkFreeAt = 0;
  let lastDue = firstExtraMs > 0 ? performance.now() + firstExtraMs + delayMs : 0;
  let pending = 0;
  let ended = false;
  const finish = () => {
    if (ended && pending === 0) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    const now = performance.now();
    let due = now + delayMs;
    if (bytesPerSecond) {
      const start = Math.max(now, linkFreeAt);
      linkFreeAt = start + (chunk.length * 1000) / bytesPerSecond;
      due = linkFreeAt + delayMs;
    }
    due = Math.max(due, lastDue);
    lastDue = due;
    pending++;
    setTimeout(() => {
      pending--;
      if (!to.destroyed) to.write(chunk);
      finish();
    }, due - now);
  });
  from.on('end', () => {
    ended = true;
    finish();
  });
  from.on('close', () => {
    // An abrupt close (RST) is forwarded after the same delay, like a real link.
    setTimeout(() => {
      if (pending === 0 && !from.readableEnded) to.destroy();
    }, delayMs);
  });
}
