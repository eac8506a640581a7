#!/usr/bin/env python3
"""Where a lakecopy run's Java CPU samples go, from a Flight Recorder file.

    bench/jfr-profile.py RUN.jfr [--threads lakecopy-copy] [--top 25]

Prints the execution samples (threads running Java code) by thread group, by the first frame outside the
JDK (grouped into the libraries named below) and by the hottest methods of that frame's group. --threads keeps
only the threads whose name starts with the given prefix (e.g. lakecopy-copy, "Executor task launch").
Needs the JDK's `jfr` tool on the PATH.
"""
import argparse
import collections
import json
import subprocess
import sys

GROUPS = [
    ("io.lakecopy.", "lakecopy"),
    ("software.amazon.awssdk.http.apache5.", "SDK: Apache 5 HTTP client glue"),
    ("software.amazon.awssdk.auth.signer.", "SDK: SigV4 signing"),
    ("software.amazon.awssdk.http.auth.", "SDK: SigV4 signing"),
    ("software.amazon.awssdk.protocols.", "SDK: marshalling / XML"),
    ("software.amazon.awssdk.services.s3.", "SDK: S3 interceptors and endpoint rules"),
    ("software.amazon.awssdk.core.internal.http.", "SDK: request pipeline"),
    ("software.amazon.awssdk.", "SDK: other"),
    ("org.apache.hc.", "Apache HttpClient 5"),
    ("org.apache.spark.sql.", "Spark SQL"),
    ("org.apache.spark.", "Spark core"),
    ("org.sparkproject.", "Spark core"),
    ("scala.", "Scala library"),
    ("org.apache.hadoop.", "Hadoop"),
    ("org.apache.parquet.", "Parquet"),
    ("org.apache.logging.", "logging"),
    ("org.slf4j.", "logging"),
    ("io.netty.", "Netty (Spark RPC)"),
    ("com.fasterxml.", "Jackson"),
]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def group(cls):
    if cls.startswith("io.lakecopy.shaded."):
        cls = cls.replace("io.lakecopy.shaded.awssdk.", "software.amazon.awssdk.").replace(
            "io.lakecopy.shaded.apache.hc.", "org.apache.hc.")
    for prefix, name in GROUPS:
        if cls.startswith(prefix):
            return name
    return "other: " + ".".join(cls.split(".")[:2])


def thread_group(name):
    for prefix in ("lakecopy-", "Executor task launch", "main", "dag-scheduler", "C2 Compiler", "C1 Compiler"):
        if name.startswith(prefix):
            return prefix.strip()
    return "other"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("jfr")
    p.add_argument("--threads", default="")
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "64", a.jfr],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    by_thread, by_group, by_method, by_jdk_top = (collections.Counter() for _ in range(4))
    n = 0
    for e in events:
        thread = e["values"]["sampledThread"]
        tname = (thread.get("javaName") or thread.get("osName") or "?") if thread else "?"
        if a.threads and not tname.startswith(a.threads):
            continue
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        n += 1
        by_thread[thread_group(tname)] += 1
        top = frames[0]["method"] if frames else None
        if top:
            by_jdk_top[top["type"]["name"].replace("/", ".") + "." + top["name"]] += 1
        for f in frames:
            cls = f["method"]["type"]["name"].replace("/", ".")
            if not cls.startswith(JDK):
                g = group(cls)
                by_group[g] += 1
                by_method[g + " | " + cls + "." + f["method"]["name"]] += 1
                break
        else:
            by_group["JDK only"] += 1
    if n == 0:
        sys.exit("no execution samples" + (" in threads " + a.threads if a.threads else ""))

    def show(title, counter, top):
        print(f"\n{title} ({n} samples)")
        for k, v in counter.most_common(top):
            print(f"  {100.0 * v / n:5.1f}%  {v:6d}  {k}")

    show("by thread", by_thread, 20)
    show("by the first frame outside the JDK", by_group, 30)
    show("by method (first frame outside the JDK)", by_method, a.top)
    show("by top frame", by_jdk_top, a.top)


if __name__ == "__main__":
    main()
