/**
 * How busy the machine was while something was measured: the CPU time every process used (Linux
 * /proc/stat), from which the bench subtracts what its own measured child used, leaving what other
 * work took from the same cores.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** USER_HZ: the unit of /proc/stat (100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU time all processes have spent busy since boot (every state but idle and iowait), ms; NaN off Linux. */
export function machineBusyMs(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

export interface Busy {
  /** Average number of cores busy with anything during the interval. */
  busyCores: number;
  /** … minus the measured child's own CPU time: cores used by other work, on average. */
  otherCores: number;
}

/** Cores busy during an interval of `wallMs` in which the machine used `busyMs` and our child `ownCpuMs`. */
export function busyDuring(busyMs: number, ownCpuMs: number, wallMs: number): Busy {
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return { busyCores: round2(busyMs / wallMs), otherCores: round2(Math.max(0, busyMs - ownCpuMs) / wallMs) };
}

export const loadAverage1 = () => Number(os.loadavg()[0].toFixed(2));
