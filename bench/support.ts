// Bench-only helpers; the process harness (startServer, free ports, temporary directories) is test/support/process.ts.

/**
 * One target's verdict, as every benchmark prints it and bench/all.ts collects it: a line
 * "   MET     <target>: <figure>" or "   NOT MET <target>: <figure>". Answers `met`.
 */
export function verdict(met: boolean, text: string): boolean {
  process.stdout.write(`   ${met ? 'MET    ' : 'NOT MET'} ${text}\n`);
  return met;
}
