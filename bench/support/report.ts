// Shared by the benchmarks: the CPU a server process spent (Linux /proc), and rewriting one section of
// docs/benchmarks.md without touching the others.
import fs from 'node:fs';

/** Fields of /proc/<pid>[/task/<tid>]/stat after the command name; utime and stime are the 12th and 13th. */
function cpuMsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Clock ticks, 100 per second.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** utime + stime of a process (all its threads) in ms, or null where /proc does not tell (not Linux). */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return cpuMsOfStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU ms per thread of a process, keyed "<tid> <name>": the main thread, V8's helpers, worker threads. */
export function threadsCpuMs(pid: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/task`)) return out;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      out.set(`${tid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`, cpuMsOfStat(stat));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** Replaces the section that starts with the section's own "## " heading (or appends it); other sections stay. */
export function writeSection(file: string, section: string): void {
  const heading = section.slice(0, section.indexOf('\n'));
  if (!heading.startsWith('## ')) throw new Error('writeSection: a section starts with its "## " heading');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const marker = `\n${heading}\n`;
  const start = current.indexOf(marker);
  if (start < 0) {
    fs.writeFileSync(file, `${current.trimEnd()}\n\n${section.trimEnd()}\n`);
    return;
  }
  const after = current.indexOf('\n## ', start + marker.length);
  const tail = after < 0 ? '' : current.slice(after);
  fs.writeFileSync(file, `${current.slice(0, start)}\n${section.trimEnd()}\n${tail}`);
}
