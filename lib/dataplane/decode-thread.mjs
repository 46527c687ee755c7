// Worker entry: make TypeScript loadable in this thread (tsx), then start the decode worker.
import { register } from 'tsx/esm/api';

register();
await import('./decode-thread.ts');
