import type { HostToWebview, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Typed channel to the extension host. */
export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data));
}
