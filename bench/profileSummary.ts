/**
 * Summarises a V8 `.cpuprofile` (from `BENCH_CPU_PROF=1 npm run bench`): self time by package, with the
 * project's own compiled files named, and the hottest functions.
 * Usage: `node dist/bench/profileSummary.js bench/results/profiles/<file>.cpuprofile [top] [fromMs]`;
 * `fromMs` skips the first milliseconds of the profile (startup), to see the turns alone.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's code lives: an npm package, one of our files, a Node internal, or a V8 pseudo-frame. */
export function ownerOf(url: string, functionName: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `ours: ${url.slice(dist + '/dist/'.length)}`;
  return url || functionName;
}

export function summarise(profile: CpuProfile, top: number, fromMs = 0): string {
  const selfMs = new Map<number, number>();
  let elapsedMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsedMs += ms;
    if (elapsedMs >= fromMs) selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  });
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    const { url, functionName, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const where = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
    if (functionName !== '(idle)') total += ms;
  }
  const table = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, ms]) =>
          `${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`,
      )
      .join('\n');
  return `busy ${total.toFixed(0)} ms\n\nby package or file:\n${table(byOwner)}\n\nby function:\n${table(byFunction)}\n`;
}

if (require.main === module) {
  const [file, top, fromMs] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profileSummary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(summarise(profile, Number(top ?? 25), Number(fromMs ?? 0)));
}
