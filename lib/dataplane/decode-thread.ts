// A decode worker thread: answers {id, body, receivedAtMs, transport} with decodeIngestBody's result.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeIngestBody } from './decode.ts';
import type { HeartbeatEncoding } from '../store/ingest.ts';

const encoding = (workerData as { encoding: HeartbeatEncoding }).encoding;

parentPort!.on('message', (msg: { id: number; body: Uint8Array; receivedAtMs: number; transport: Record<string, string> }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: decodeIngestBody(msg.body, msg.receivedAtMs, encoding, msg.transport) });
  } catch (error) {
    parentPort!.postMessage({ id: msg.id, error: (error as Error).message });
  }
});
