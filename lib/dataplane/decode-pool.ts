// Decodes ingest bodies on worker threads (round robin), or inline when threads = 0. On a 2-core
// machine one decode thread beside the store's thread roughly doubles ingest throughput
// (docs/performance.md).
import { Worker } from 'node:worker_threads';
import { decodeIngestBody, type DecodeResult } from './decode.ts';
import type { HeartbeatEncoding } from '../store/ingest.ts';

export interface DecodePool {
  decode(body: Buffer, receivedAt: Date, transport: Readonly<Record<string, string>>): Promise<DecodeResult>;
  close(): Promise<void>;
}

export function createDecodePool(options: { threads: number; encoding: HeartbeatEncoding }): DecodePool {
  const { encoding } = options;
  if (options.threads <= 0) {
    return {
      decode: async (body, receivedAt, transport) => decodeIngestBody(body, receivedAt.getTime(), encoding, transport),
      close: async () => undefined,
    };
  }
  type Pending = { resolve(r: DecodeResult): void; reject(e: Error): void };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let turn = 0;
  let closing = false;

  const spawn = (): Worker => {
    const w = new Worker(new URL('./decode-thread.mjs', import.meta.url), { workerData: { encoding } });
    w.on('message', (msg: { id: number; result?: DecodeResult; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.result) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'decode failed'));
    });
    w.on('error', (error) => {
      // a crashed thread fails what it held; a fresh one takes its place
      for (const [id, p] of pending) {
        if (owner.get(id) !== w) continue;
        pending.delete(id);
        p.reject(error);
      }
      if (!closing) workers[workers.indexOf(w)] = spawn();
    });
    w.unref();
    return w;
  };
  const owner = new Map<number, Worker>();
  const workers = Array.from({ length: options.threads }, spawn);

  return {
    decode(body, receivedAt, transport) {
      const id = nextId++;
      const worker = workers[turn++ % workers.length]!;
      return new Promise<DecodeResult>((resolve, reject) => {
        pending.set(id, {
          resolve: (r) => (owner.delete(id), resolve(r)),
          reject: (e) => (owner.delete(id), reject(e)),
        });
        owner.set(id, worker);
        // copy into a transferable buffer: the HTTP body may share a pooled ArrayBuffer
        const copy = new Uint8Array(body.byteLength);
        copy.set(body);
        worker.postMessage({ id, body: copy, receivedAtMs: receivedAt.getTime(), transport }, [copy.buffer]);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
      for (const p of pending.values()) p.reject(new Error('decode pool closed'));
      pending.clear();
    },
  };
}
