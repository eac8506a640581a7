#!/bin/bash
# stop.sh DIR [--purge] : stops the daemons start.sh DIR started (radosgw, osd, mon), found by their pid files
# in DIR/run. A pid is signalled only while /proc/PID/comm still names that daemon, so a reused pid is never
# touched. The cluster is thrown away, so there is nothing to flush: by default every daemon gets KILL at once
# (a TERM costs 2-5 s per daemon). With GRACE_SECONDS=N, radosgw and the osd get TERM, then the mon (an osd
# whose mon is gone waits 5 s for it), and what is alive N s after its TERM gets KILL. --purge then deletes
# DIR. Safe to run twice.
DIR=; PURGE=0
for a in "$@"; do case $a in --purge) PURGE=1;; *) DIR=$a;; esac; done
[ -n "$DIR" ] || { echo "usage: stop.sh DIR [--purge]" >&2; exit 2; }
GRACE_SECONDS=${GRACE_SECONDS:-0}
SIGNAL=TERM; [ "$GRACE_SECONDS" = 0 ] && SIGNAL=KILL
# ours PID COMM: PID is alive (not a zombie waiting to be reaped) and still that daemon
ours() { [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] && ! grep -q '^State:.Z' /proc/$1/status 2>/dev/null; }
# stop NAME:COMM... : signal each live daemon, wait for all of them, KILL what outlives the grace period
stop() {
  local e name comm p pids=() left
  for e in "$@"; do
    name=${e%%:*}; comm=${e##*:}
    [ -f $DIR/run/$name.pid ] || continue
    p=$(cat $DIR/run/$name.pid)
    ours $p $comm && kill -$SIGNAL $p 2>/dev/null && pids+=("$p:$comm:$name")
  done
  for _ in $(seq 1 $(( GRACE_SECONDS * 20 + 20 ))); do   # KILL takes effect at once, TERM within the grace
    left=0
    for e in "${pids[@]}"; do p=${e%%:*}; comm=${e#*:}; ours $p ${comm%%:*} && left=1; done
    [ $left = 0 ] && break
    sleep 0.05
  done
  for e in "${pids[@]}"; do
    p=${e%%:*}; comm=${e#*:}; name=${comm#*:}; comm=${comm%%:*}
    if ours $p $comm; then kill -KILL $p; echo "killed $name ($p) after its TERM"; else echo "stopped $name ($p)"; fi
    rm -f $DIR/run/$name.pid
  done
}
stop client.rgw.a:radosgw osd.0:ceph-osd
stop mon.a:ceph-mon
[ $PURGE = 1 ] && { rm -rf "$DIR"; echo "purged $DIR"; }
exit 0
