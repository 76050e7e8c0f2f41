// A bounded hand-off from one producer to one consumer: the generator pushes arrays of rows, a COPY stream reads
// them one by one. The producer waits while `capacity` arrays are queued, so memory stays flat at any scale.

export class BatchChannel<T> implements AsyncIterable<T> {
  private readonly queue: T[][] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: (() => void) | null = null;

  constructor(private readonly capacity = 2) {}

  /** Queues `items`, waiting for room; rejects once the channel is aborted (e.g. the consumer failed). */
  async push(items: T[]): Promise<void> {
    if (this.closed) throw new Error("BatchChannel: push after close");
    while (!this.failure && this.queue.length >= this.capacity) {
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
    if (this.failure) throw this.failure.error;
    if (items.length) this.queue.push(items);
    this.wake("consumer");
  }

  /** No more items: the consumer finishes after draining the queue. */
  close(): void {
    this.closed = true;
    this.wake("consumer");
  }

  /** Stops both sides: pending and later pushes reject, the consumer throws `error`. */
  abort(error: unknown): void {
    if (!this.failure) this.failure = { error };
    this.wake("consumer");
    this.wake("producer");
  }

  private wake(side: "consumer" | "producer"): void {
    const fn = side === "consumer" ? this.wakeConsumer : this.wakeProducer;
    if (side === "consumer") this.wakeConsumer = null;
    else this.wakeProducer = null;
    fn?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        while (!this.failure && this.queue.length === 0 && !this.closed) {
          await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
        }
        if (this.failure) throw this.failure.error;
        const chunk = this.queue.shift();
        if (!chunk) return; // closed and drained
        this.wake("producer");
        for (const item of chunk) yield item;
      }
    } finally {
      // The consumer stopped (done, failed or abandoned): never leave the producer waiting.
      if (!this.failure && (!this.closed || this.queue.length))
        this.abort(new Error("BatchChannel: consumer stopped early"));
    }
  }
}
