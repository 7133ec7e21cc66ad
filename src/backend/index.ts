// The backend's public surface, for the UI and the vscode glue.
export { Backend, type BackendOptions, type BackendState, type ModelChoice, type SendRequest, type TransportChoice, type TurnOutcomes, type WarmRequest } from './client';
export { PENDING_TOOL_OUTPUT, type ToolOutput, type UserContent } from './conversation';
export { BackendError, ERROR_ACTIONS, ERROR_ACTION_LABELS, type BackendErrorKind, type ErrorAction } from './errors';
export { CodexBackend, type CodexLogin } from './codex/backend';
/** What the composer drives: the OpenAI-compatible backend or the Codex app-server provider. */
export type AnyBackend = import('./client').Backend | import('./codex/backend').CodexBackend;
export { DEFAULT_LIMITS, type Limits } from './limits';
export { formatTurnLog } from './log';
export {
  DEFAULT_MODELS,
  PROVIDERS,
  detectCapabilities,
  detectLocalServers,
  listModels,
  type Capabilities,
  type LocalServer,
  type ModelInfo,
  type ModelRoles,
  type ProviderPreset,
} from './providers';
export { APPLY_PATCH, APPLY_PATCH_GRAMMAR, applyPatchTool, type EditFormat, type EditToolStyle } from './tools';
export type { NoticeKind, ToolCall, Transport, Turn, TurnEvent, TurnResult, TurnStats, TurnTimings, TurnUsage } from './turn';
