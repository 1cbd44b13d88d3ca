import { spawn } from 'node:child_process';

/**
 * Probes /health/live back to back (20 ms apart) from a process of its own, as a load balancer would, so
 * the time measured is the server's and not this process's, busy driving the load. The first answer
 * (which loads the prober's HTTP client) is left out. Stop it to get the times (ms).
 */
export function probeLiveness(url: string): { stop(): Promise<number[]> } {
  const script = `
    const probe = async () => {
      const started = performance.now();
      await (await fetch(${JSON.stringify(url)})).arrayBuffer();
      console.log(performance.now() - started);
      setTimeout(probe, 20);
    };
    fetch(${JSON.stringify(url)}).then((r) => r.arrayBuffer()).then(probe);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    async stop() {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      return output.split('\n').filter(Boolean).map(Number);
    },
  };
}
