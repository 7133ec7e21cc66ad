// Runs an async refresh soon after it is asked for, never two at once and never more often than
// every `spacingMs`; requests that arrive while one runs fold into one more run. Unlike a quiet-window
// debounce, a stream of requests (diagnostics arriving every few ms) cannot postpone it.
export class RefreshQueue {
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStart = -Infinity;
  private disposed = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly spacingMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastStart + this.spacingMs - this.now());
    this.timer = setTimeout(() => void this.run(), wait);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    this.lastStart = this.now();
    try {
      await this.refresh();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.request();
      }
    }
  }
}
