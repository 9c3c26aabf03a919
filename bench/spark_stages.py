"""Per plan stage of a reprint.spark run, from Spark's event log: tasks' run and CPU time, shuffle written and read.

Usage: python3 bench/spark_stages.py EVENT_LOG (a file, or Spark 4's event log folder of rolled files)
Stages are attributed to the plan stage that `ScanPlan.phase` set as their job's group.
"""

import json
import os
import sys
from collections import defaultdict

METRICS = {
    "internal.metrics.executorRunTime": "run_ms",
    "internal.metrics.executorCpuTime": "cpu_ns",
    "internal.metrics.shuffle.write.bytesWritten": "shuffle_write",
    "internal.metrics.shuffle.read.remoteBytesRead": "shuffle_read",
    "internal.metrics.shuffle.read.localBytesRead": "shuffle_read",
    "internal.metrics.input.bytesRead": "input",
}


def main(path: str) -> None:
    group_of_stage: dict[int, str] = {}
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    order: list[str] = []
    files = [path] if os.path.isfile(path) else sorted(
        (os.path.join(path, f) for f in os.listdir(path) if f.startswith("events_")),
        key=lambda f: int(os.path.basename(f).split("_")[1]))
    for line in (ln for f in files for ln in open(f)):
        e = json.loads(line)
        kind = e.get("Event")
        if kind == "SparkListenerJobStart":
            group = (e.get("Properties") or {}).get("spark.jobGroup.id", "(none)")
            if group not in order:
                order.append(group)
            for sid in e.get("Stage IDs", []):
                group_of_stage[sid] = group
        elif kind == "SparkListenerStageCompleted":
            info = e["Stage Info"]
            t = totals[group_of_stage.get(info["Stage ID"], "(none)")]
            t["stages"] += 1
            t["tasks"] += info.get("Number of Tasks", 0)
            for acc in info.get("Accumulables", []):
                key = METRICS.get(acc.get("Name"))
                if key:
                    t[key] += float(acc.get("Value", 0))
    print("| plan stage | Spark stages | tasks | task run s | task CPU s | shuffle written MB | shuffle read MB |")
    print("|---|---|---|---|---|---|---|")
    for g in order:
        t = totals[g]
        print(f"| {g} | {int(t['stages'])} | {int(t['tasks'])} | {t['run_ms'] / 1e3:.1f} | {t['cpu_ns'] / 1e9:.1f} "
              f"| {t['shuffle_write'] / 1e6:.1f} | {t['shuffle_read'] / 1e6:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1])
