// Checkpoints: before the first accept of a turn touches a file, its exact prior content is saved in
// Flowpair's own store (content-addressed blobs + one manifest), never in the user's git. A restore is
// planned here and applied by the vscode glue as one workspace edit. Pure Node, no vscode.
//
// "Edited since" is decided by content, not by time: after every write Flowpair makes (an accept or a
// restore) the file's expected hash is recorded; a file whose current content differs from it was
// changed by someone else and is a conflict the user must confirm before it is overwritten.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MANIFEST_VERSION = 1;

export interface FileSnapshot {
  /** The document's URI string: the identity of the file. */
  uri: string;
  /** Workspace-relative path, for display and the journal. */
  path: string;
  /** Hash of the saved prior content; undefined when the file did not exist (restoring deletes it). */
  blob: string | undefined;
  /** Order of capture over the whole store: the earliest snapshot of a file is its oldest state. */
  seq: number;
}

export interface Checkpoint {
  id: string;
  conversationId: string;
  turnId: string;
  createdAt: number;
  files: FileSnapshot[];
}

interface Manifest {
  v: typeof MANIFEST_VERSION;
  seq: number;
  checkpoints: Checkpoint[];
  /** uri → hash of the content Flowpair last wrote there (undefined-as-null: it deleted the file). */
  expected: Record<string, string | null>;
}

export interface RestoreChange {
  uri: string;
  path: string;
  /** Content to restore; undefined: the file did not exist before, so restoring deletes it. */
  target: string | undefined;
  /** The file's content now; undefined when it does not exist. */
  current: string | undefined;
  /** The file was changed by someone other than Flowpair since Flowpair last wrote it. */
  editedSince: boolean;
}

export interface RestorePlan {
  changes: RestoreChange[];
  /** Files the checkpoints cover that already hold their target content. */
  unchanged: string[];
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class CheckpointStore {
  private manifest: Manifest = { v: MANIFEST_VERSION, seq: 0, checkpoints: [], expected: {} };
  private loaded: Promise<void> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const m = JSON.parse(await readFile(join(this.dir, 'manifest.json'), 'utf8')) as Manifest;
        if (m.v === MANIFEST_VERSION && Array.isArray(m.checkpoints)) this.manifest = m;
      } catch {
        // none yet, or unreadable: start empty rather than block accepts
      }
    })();
    return this.loaded;
  }

  /** Runs store operations one at a time (accepts can overlap with a restore). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.load()).then(work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async list(conversationId?: string): Promise<Checkpoint[]> {
    await this.serial(async () => undefined);
    return this.manifest.checkpoints.filter((c) => conversationId === undefined || c.conversationId === conversationId);
  }

  /** The turn's checkpoint, if any file of it was saved. */
  async forTurn(turnId: string): Promise<Checkpoint | undefined> {
    return (await this.list()).find((c) => c.turnId === turnId);
  }

  /**
   * Saves the prior content of the files not yet in the turn's checkpoint (creating it on the turn's
   * first accept). `content` undefined means the file does not exist yet. Returns the checkpoint and the
   * paths newly saved.
   */
  capture(conversationId: string, turnId: string, files: { uri: string; path: string; content: string | undefined }[]): Promise<{ checkpoint: Checkpoint; added: string[] }> {
    return this.serial(async () => {
      let checkpoint = this.manifest.checkpoints.find((c) => c.turnId === turnId);
      if (!checkpoint) {
        checkpoint = { id: randomUUID(), conversationId, turnId, createdAt: this.now(), files: [] };
        this.manifest.checkpoints.push(checkpoint);
      }
      const have = new Set(checkpoint.files.map((f) => f.uri));
      const added: string[] = [];
      for (const f of files) {
        if (have.has(f.uri)) continue;
        have.add(f.uri);
        const blob = f.content === undefined ? undefined : await this.putBlob(f.content);
        checkpoint.files.push({ uri: f.uri, path: f.path, blob, seq: ++this.manifest.seq });
        added.push(f.path);
        // A file Flowpair never wrote is expected to be as captured until Flowpair writes it.
        if (!(f.uri in this.manifest.expected)) this.manifest.expected[f.uri] = f.content === undefined ? null : sha256(f.content);
      }
      if (added.length > 0) await this.save();
      return { checkpoint, added };
    });
  }

  /** Records what Flowpair just wrote to a file (undefined: it deleted it), the baseline for "edited since". */
  recordWrite(uri: string, content: string | undefined): Promise<void> {
    return this.serial(async () => {
      this.manifest.expected[uri] = content === undefined ? null : sha256(content);
      await this.save();
    });
  }

  /**
   * What restoring to before `turnIds[0]` would change, where `turnIds` are the conversation's turns
   * from that one to the last, in order (the whole list reverts the conversation). Each file gets the
   * content of its earliest snapshot among those turns: its state before any of them wrote it.
   */
  planRestore(turnIds: readonly string[], read: (uri: string) => Promise<string | undefined>): Promise<RestorePlan> {
    return this.serial(async () => {
      const wanted = new Set(turnIds);
      const earliest = new Map<string, FileSnapshot>();
      for (const c of this.manifest.checkpoints) {
        if (!wanted.has(c.turnId)) continue;
        for (const f of c.files) {
          const seen = earliest.get(f.uri);
          if (!seen || f.seq < seen.seq) earliest.set(f.uri, f);
        }
      }
      const plan: RestorePlan = { changes: [], unchanged: [] };
      for (const snap of [...earliest.values()].sort((a, b) => a.path.localeCompare(b.path))) {
        const target = snap.blob === undefined ? undefined : await this.getBlob(snap.blob);
        const current = await read(snap.uri);
        if (current === target) {
          plan.unchanged.push(snap.path);
          continue;
        }
        const expected = this.manifest.expected[snap.uri];
        const currentHash = current === undefined ? null : sha256(current);
        plan.changes.push({ uri: snap.uri, path: snap.path, target, current, editedSince: expected !== undefined && expected !== currentHash });
      }
      return plan;
    });
  }

  /** Drops checkpoints older than `maxAgeMs` and beyond the newest `maxCount`, and blobs nothing refers to. */
  prune(maxAgeMs: number, maxCount: number): Promise<number> {
    return this.serial(async () => {
      const cutoff = this.now() - maxAgeMs;
      const sorted = [...this.manifest.checkpoints].sort((a, b) => b.createdAt - a.createdAt);
      const keep = new Set(sorted.filter((c, i) => c.createdAt >= cutoff && i < maxCount));
      const dropped = this.manifest.checkpoints.length - keep.size;
      if (dropped === 0) return 0;
      this.manifest.checkpoints = this.manifest.checkpoints.filter((c) => keep.has(c));
      const live = new Set(this.manifest.checkpoints.flatMap((c) => c.files.map((f) => f.blob)));
      const liveUris = new Set(this.manifest.checkpoints.flatMap((c) => c.files.map((f) => f.uri)));
      for (const uri of Object.keys(this.manifest.expected)) if (!liveUris.has(uri)) delete this.manifest.expected[uri];
      await this.save();
      const blobs = await readdir(join(this.dir, 'blobs')).catch(() => [] as string[]);
      await Promise.all(blobs.filter((b) => !live.has(b)).map((b) => rm(join(this.dir, 'blobs', b), { force: true })));
      return dropped;
    });
  }

  private async putBlob(content: string): Promise<string> {
    const hash = sha256(content);
    await mkdir(join(this.dir, 'blobs'), { recursive: true });
    await writeFile(join(this.dir, 'blobs', hash), content, { encoding: 'utf8', flag: 'w' });
    return hash;
  }

  private async getBlob(hash: string): Promise<string> {
    return readFile(join(this.dir, 'blobs', hash), 'utf8');
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a manifest. */
  private async save(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `manifest.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(this.manifest), 'utf8');
    await rename(tmp, join(this.dir, 'manifest.json'));
  }
}
