// Composition root: builds the pieces and registers their disposables; nothing else.
// Activation stays cheap: no network, no webview, no backend module loaded here.
import * as vscode from 'vscode';
import { API_KEY_SECRET, readSettings } from './config';
import * as notify from './notify';
import { selectProvider, showCodexInstall, signInToCodexWithApiKey, signInWithChatGpt, signOutOfChatGpt } from './ui/codexAccount';
import { pickModel } from './ui/modelPicker';
import { setApiKey, setBaseUrl, useBackupModel, useLocalServer } from './ui/commands';
import { showConversationHistory } from './ui/conversationHistory';
import { ConversationArchive } from './ui/conversations';
import { Composer } from './ui/composer';
import { ComposerView } from './ui/composerView';
import { ModelStatusItem } from './ui/statusBar';
import { cardActions } from './workspace/cardActions';
import { CodeLensProvider } from './workspace/codeLens';
import { registerProposalCommands } from './workspace/commands';
import { ProposalDecorations } from './workspace/decorations';
import { FixActionProvider, FixCommands } from './workspace/fixActions';
import { ProposalStore } from './workspace/proposals';
import { JournalView } from './ui/journalView';
import { excludedByName } from './workspace/exclusions';
import { SafetyNet } from './workspace/safetyNet';
import type { Journal } from './safety/journal';
import { PROPOSAL_SCHEME, ProposalReview } from './workspace/review';

/** What the extension exports, for its own integration tests and the benchmark. */
export interface FlowpairApi {
  /** Wall time of activate() in milliseconds, measured inside the extension host. */
  readonly activationMs: number;
  /** The proposals the composer's patches stream into (tests drive the editor commands through it). */
  readonly proposals: ProposalStore;
  /** The edit journal the safety net writes (tests read what a decision recorded). */
  readonly journal: Pick<Journal, 'read'>;
  /** The composer with its two lanes (tests drive its messages and editor turns through it). */
  readonly composer: Composer;
}

export function activate(context: vscode.ExtensionContext): FlowpairApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Flowpair', { log: true });
  const status = new ModelStatusItem('flowpair.selectModel');
  const composer = new Composer(
    context.secrets,
    context.globalState,
    log,
    (message) => view.post(message),
    (model, state, detail) => status.update(model, state, detail),
  );
  const view = new ComposerView(context.extensionUri, composer);
  const proposals = new ProposalStore();
  const review = new ProposalReview(proposals);
  const codeLenses = new CodeLensProvider(proposals);
  const cards = composer.useProposals(proposals, cardActions(proposals, review));
  const conversations = new ConversationArchive(context.workspaceState, (dropped) => void composer.conversationDropped(dropped));
  composer.useConversations(conversations);
  const safety = new SafetyNet({
    storage: context.storageUri ?? context.globalStorageUri,
    proposals,
    currentConversation: () => composer.conversationId,
    turnIds: () => composer.transcript.turns.map((t) => t.id),
    log: (line) => log.info(line),
    isExcluded: (uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      return excludedByName(folder ? vscode.workspace.asRelativePath(uri, false) : uri.path) !== undefined;
    },
  });
  const journalView = new JournalView(safety.journal, () => vscode.workspace.workspaceFolders?.[0]?.uri);
  const refresh = () => composer.refresh();
  void refresh();

  /** Signing in to Codex is choosing the Codex provider. */
  const codexToSignIn = async () => {
    if (readSettings().provider !== 'codex') {
      await vscode.workspace.getConfiguration('flowpair').update('provider', 'codex', vscode.ConfigurationTarget.Global);
      await refresh();
    }
    return composer.codexBackend();
  };

  context.subscriptions.push(
    log,
    status,
    composer,
    proposals,
    cards,
    safety,
    composer.useSafetyNet(safety),
    journalView,
    safety.onDidRecord(() => journalView.recorded()),
    vscode.commands.registerCommand('flowpair.showJournal', () => journalView.show()),
    vscode.commands.registerCommand('flowpair.filterJournal', () => journalView.pickFilter()),
    vscode.commands.registerCommand('flowpair.exportJournal', () => journalView.export()),
    vscode.commands.registerCommand('flowpair.revertConversation', () => safety.revertConversation(composer.conversationId)),
    vscode.commands.registerCommand('flowpair.restoreTurn', async (turnId?: string) => {
      const id = turnId ?? composer.transcript.turns.at(-1)?.id;
      if (id === undefined) void notify.info('Flowpair: no turn to restore yet.');
      else await safety.restoreTurn(id);
    }),
    vscode.commands.registerCommand('flowpair.runCheck', async () => {
      const id = composer.transcript.turns.at(-1)?.id;
      if (id === undefined) void notify.info('Flowpair: accept a proposed change first; the check runs about its turn.');
      else await safety.runCheckNow(id);
    }),
    vscode.commands.registerCommand('flowpair.cancelCheck', () => safety.cancelCheck()),
    review,
    codeLenses,
    new ProposalDecorations(proposals),
    ...registerProposalCommands(proposals, review),
    new FixCommands({ warm: () => composer.warmEditorLane(), send: (prompt) => composer.sendEditorTurn(prompt) }),
    vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, review, { isCaseSensitive: true }),
    vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: PROPOSAL_SCHEME }], codeLenses),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FixActionProvider(), FixActionProvider.metadata),
    vscode.window.onDidChangeWindowState((s) => composer.setFocused(s.focused)),
    vscode.window.registerWebviewViewProvider(ComposerView.viewType, view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand('flowpair.openComposer', () => view.reveal()),
    vscode.commands.registerCommand('flowpair.newConversation', async () => {
      await composer.startNewConversation();
      await view.reveal();
    }),
    vscode.commands.registerCommand('flowpair.showConversations', () =>
      showConversationHistory(conversations, composer.conversationId, async (id) => {
        await composer.openConversation(id);
        await view.reveal();
      }),
    ),
    vscode.commands.registerCommand('flowpair.setApiKey', async () => {
      if (await setApiKey(context.secrets, context.globalState)) await refresh();
    }),
    vscode.commands.registerCommand('flowpair.setBaseUrl', setBaseUrl),
    vscode.commands.registerCommand('flowpair.useLocalServer', useLocalServer),
    vscode.commands.registerCommand('flowpair.useBackupModel', useBackupModel),
    vscode.commands.registerCommand('flowpair.showConnectionLog', () => log.show(true)),
    vscode.commands.registerCommand('flowpair.selectProvider', () => selectProvider(readSettings().provider)),
    vscode.commands.registerCommand('flowpair.codex.install', showCodexInstall),
    vscode.commands.registerCommand('flowpair.codex.signIn', async () => {
      const codex = await codexToSignIn();
      if (codex && (await signInWithChatGpt(codex))) await refresh();
    }),
    vscode.commands.registerCommand('flowpair.codex.signInWithApiKey', async () => {
      const codex = await codexToSignIn();
      if (codex && (await signInToCodexWithApiKey(codex))) await refresh();
    }),
    vscode.commands.registerCommand('flowpair.codex.signOut', async () => {
      const codex = await composer.codexBackend();
      if (codex) await signOutOfChatGpt(codex);
      else void notify.info('Flowpair: the Codex provider is not in use.');
    }),
    vscode.commands.registerCommand('flowpair.selectModel', async () => pickModel(await composer.currentBackend(), composer.escalation())),
    vscode.commands.registerCommand('flowpair.escalate', () => {
      const run = composer.escalation();
      if (run) run();
      else void notify.info('Flowpair: nothing to escalate yet — send a prompt first.');
    }),
    context.secrets.onDidChange((e) => e.key.startsWith(API_KEY_SECRET) && void refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('flowpair') && void refresh()),
  );

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(2)} ms`);
  return { activationMs, proposals, journal: safety.journal, composer };
}

export function deactivate(): void {}
