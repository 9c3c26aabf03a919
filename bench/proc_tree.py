"""Runs a command and reports its whole process tree's CPU seconds and peak summed RSS (JVMs and Python workers included).

Usage: python3 bench/proc_tree.py OUT.json CMD [ARGS...]
GNU time sees only the processes that are waited for; Spark's JVM and its Python workers are not,
so the tree is sampled from /proc every 0.2 s (a process's last sample counts after it exits).
"""

import json
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def main() -> int:
    out, cmd = sys.argv[1], sys.argv[2:]
    start = time.time()
    proc = subprocess.Popen(cmd)
    cpu: dict[int, float] = {}
    peak = 0
    while proc.poll() is None:
        rss = 0
        for p in tree(proc.pid):
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                cpu[p] = (int(fields[11]) + int(fields[12])) / TICK
                rss += int(fields[21]) * PAGE
            except (OSError, IndexError, ValueError):
                pass
        peak = max(peak, rss)
        time.sleep(0.2)
    res = {"wall_s": round(time.time() - start, 2), "cpu_s": round(sum(cpu.values()), 2),
           "peak_rss_mb": round(peak / 2**20), "processes": len(cpu), "exit": proc.returncode}
    with open(out, "w") as f:
        json.dump(res, f)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
