// What a server under test costs the machine: its process tree's resident memory and CPU time,
// read from /proc (Linux; elsewhere every figure is undefined). A server may be several processes
// (a cluster mode forks workers; PostgreSQL runs two API processes): the tree of each pid counts.

import { readdirSync, readFileSync } from 'node:fs';

/** Memory of one process, in MB (VmRSS: resident now; VmHWM: the most it was resident). */
export interface ProcessMemory {
  pid: number;
  rssMb: number;
  peakRssMb: number;
}

export interface Memory {
  /** Sum of the processes' resident memory. */
  rssMb: number;
  /**
   * Sum of the processes' peaks: an upper bound of the tree's peak (the processes need not have
   * peaked at the same moment); the exact figure when there is one process.
   */
  peakRssMb: number;
  processes: ProcessMemory[];
}

/** `/proc/<pid>/stat` fields after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Parent pid of every process on the machine, from /proc/<pid>/stat (field 4). */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parentOf;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields) parentOf.set(Number(entry), Number(fields[1]));
  }
  return parentOf;
}

/** The parent of a live process (field 4 of /proc/<pid>/stat), or undefined. */
export function parentPid(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

/** The roots and every live descendant of theirs, roots first; a root that exited is left out. */
export function processTree(roots: number[]): number[] {
  const parentOf = parents();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const tree: number[] = [];
  const queue = roots.filter((pid) => parentOf.has(pid));
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (tree.includes(pid)) continue;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** VmRSS and VmHWM of one process (`/proc/<pid>/status`), or undefined once it exited. */
export function processMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  const rssMb = mb('VmRSS');
  const peakRssMb = mb('VmHWM');
  if (!Number.isFinite(rssMb) || !Number.isFinite(peakRssMb)) return undefined;
  return { pid, rssMb, peakRssMb };
}

/** Resident memory of the process trees of `roots` (each process once), now. */
export function treeMemory(roots: number[]): Memory | undefined {
  const processes = processTree(roots)
    .map(processMemory)
    .filter((m): m is ProcessMemory => m !== undefined);
  if (processes.length === 0) return undefined;
  return {
    rssMb: processes.reduce((sum, p) => sum + p.rssMb, 0),
    peakRssMb: processes.reduce((sum, p) => sum + p.peakRssMb, 0),
    processes,
  };
}

// USER_HZ; 100 on every mainstream Linux build (`getconf CLK_TCK`).
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) a process has used so far; undefined once it exited. Tells whether
 * a workload saturated the server or the client: a closed loop stops at whichever side runs out
 * of CPU first, and on a 2-CPU machine that may well be the client.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  const fields = pid === undefined ? undefined : statFields(pid);
  // utime and stime are fields 14 and 15 of the whole line.
  return fields && ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time (user + system, all threads, ms) the processes of the trees of `roots` have used so
 * far; undefined when none can be read. A process that exits between two readings takes its
 * time with it, so a workload's figure is the difference of two readings of live processes.
 */
export function treeCpuMs(roots: number[]): number | undefined {
  let total: number | undefined;
  for (const pid of processTree(roots)) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) total = (total ?? 0) + ms;
  }
  return total;
}
