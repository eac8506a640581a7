#!/bin/bash
# start.sh DIR : a fresh, throw-away, single-node Ceph cluster bound to 127.0.0.1 only (ceph-mon + one ceph-osd
# + radosgw with the beast frontend, no containers, no cephadm, no cephx), with its data, logs, pid files and
# admin sockets under DIR. Used by io.lakecopy.testing.RgwService; stop.sh DIR stops it.
# Needs bash and the Debian/Ubuntu packages (16.2.x): ceph-mon ceph-osd radosgw ceph-common (no ceph-mgr).
#
# Every port comes from the caller, which picks free ones (there are deliberately no defaults):
#   RGW_PORT (S3), MON_PORT (msgr2), MON_PORT1 (msgr1), PORT_MIN..PORT_MAX (the osd's 8 messenger ports).
# Other knobs: OSD_STORE (memstore | bluestore, a sparse file), OSD_SIZE_GB (4), AK / SK (the S3 user's keys).
# Progress goes to stderr; stdout gets S3_ENDPOINT=... and CEPH_CONF=... (never the secret).
set -u
DIR=${1:?usage: start.sh DIR}
RGW_PORT=${RGW_PORT:?RGW_PORT is required}; MON_PORT=${MON_PORT:?MON_PORT is required}
MON_PORT1=${MON_PORT1:?MON_PORT1 is required}
PORT_MIN=${PORT_MIN:?PORT_MIN is required}; PORT_MAX=${PORT_MAX:?PORT_MAX is required}
OSD_SIZE_GB=${OSD_SIZE_GB:-4}; OSD_STORE=${OSD_STORE:-memstore}; OSD_MEM=${OSD_MEM:-1073741824}
AK=${AK:?AK is required}; SK=${SK:?SK is required}
CONF=$DIR/ceph.conf
C="-c $CONF"
log() { echo "[ceph-start $(date +%T.%3N)] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
# await SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds
await() {
  local n=$(( $1 * 5 )); shift
  for _ in $(seq 1 $n); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}
ERR=$DIR/log/startup.err   # the daemons' stderr before they daemonize
[ -e $CONF ] && fail "$DIR already holds a cluster: start.sh only creates fresh ones"
mkdir -p $DIR/{mon,osd,rgw,run,log,crash} || exit 1
T0=$(date +%s%N)

FSID=$(cat /proc/sys/kernel/random/uuid)
# 32 random bytes, base64: the key of the RGW "testing" SSE-KMS backend (key id testkey-1)
KMSKEY=$(head -c 32 /dev/urandom | base64)
STSKEY=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')   # 16 characters
cat > $CONF <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_PORT1]
mon initial members = a
public network = 127.0.0.1/32
ms bind ipv6 = false
ms bind port min = $PORT_MIN
ms bind port max = $PORT_MAX
auth cluster required = none
auth service required = none
auth client required = none
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
keyring = $DIR/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon max pg per osd = 1000
[mon]
mon data = $DIR/mon/\$cluster-\$id
mon data avail warn = 2
mon data avail crit = 1
# one mon, one osd: propose map changes at once instead of batching them for 1 s (each of the pools radosgw
# creates at its first start is such a change: 9 s of its start-up with the default)
paxos propose interval = 0.05
[osd]
osd data = $DIR/osd/\$cluster-\$id
public addr = 127.0.0.1
cluster addr = 127.0.0.1
osd objectstore = $OSD_STORE
osd memory target = $OSD_MEM
bluestore block path = $DIR/osd/block.\$id
bluestore block size = $((OSD_SIZE_GB*1024*1024*1024))
bluestore block create = true
bluestore fsck on mount = false
memstore device bytes = $((OSD_SIZE_GB*1024*1024*1024))
osd op num shards = 1
osd op num threads per shard = 2
[client.rgw.a]
rgw data = $DIR/rgw/\$cluster-\$id
# radosgw's built-in defaults are auth_client_required=cephx and ms_mon_client_mode=secure: with auth none in
# [global] only, radosgw hangs for 300 s and exits with "failed to fetch mon config". Override them here.
auth client required = none
ms mon client mode = crc
# tcp_nodelay: without it a small GET or GetObjectTagging waits about 40 ms for a delayed ACK (50 ms a request)
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw thread pool size = 64
rgw dns name = 127.0.0.1
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = testkey-1=$KMSKEY
rgw sts key = $STSKEY
rgw s3 auth use sts = true
rgw enable usage log = false
rgw gc obj min wait = 60
rgw gc processor period = 60
log file = $DIR/log/rgw.log
CONF

# --- mon ---
ceph-authtool --create-keyring $DIR/mon.keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null || fail "ceph-authtool"
monmaptool --create --fsid $FSID --addv a "[v2:127.0.0.1:$MON_PORT,v1:127.0.0.1:$MON_PORT1]" $DIR/monmap >/dev/null \
  || fail "monmaptool"
ceph-mon $C --mkfs -i a --monmap $DIR/monmap --keyring $DIR/mon.keyring 2>>$ERR || fail "ceph-mon --mkfs"
ceph-mon $C -i a 2>>$ERR || fail "ceph-mon (port $MON_PORT or $MON_PORT1 taken?)"
log "mon a started"
await 60 timeout 5 ceph $C mon stat || fail "mon not answering"

# --- osd (no mgr: radosgw does not need one, and it would cost 300 MiB and a second of start-up) ---
UUID=$(cat /proc/sys/kernel/random/uuid)
ID=$(ceph $C osd new $UUID) || fail "ceph osd new"
[ "$ID" = 0 ] || fail "unexpected osd id $ID"
mkdir -p $DIR/osd/ceph-0
ceph-osd $C -i 0 --mkfs --osd-uuid $UUID >$DIR/log/osd-mkfs.log 2>&1 || { tail $DIR/log/osd-mkfs.log >&2; fail "mkfs"; }
ceph-osd $C -i 0 2>>$ERR || fail "ceph-osd"
log "osd.0 started ($OSD_STORE)"
osd_up() { ceph $C osd dump 2>/dev/null | grep -q '^osd.0 up'; }
await 120 osd_up || fail "osd.0 not up"

# --- rgw ---
# A second storage class, so copies can be checked to keep one (a fresh zone has only STANDARD). radosgw reads
# its zone at start-up, so this comes first. Any radosgw-admin command that reads users creates the default zone
# and zonegroup (and the pools radosgw would otherwise create).
radosgw-admin $C user list >/dev/null || fail "radosgw-admin user list"
radosgw-admin $C zonegroup placement add --rgw-zonegroup=default --placement-id=default-placement \
  --storage-class=STANDARD_IA >/dev/null || fail "zonegroup placement add"
radosgw-admin $C zone placement add --rgw-zone=default --placement-id=default-placement \
  --storage-class=STANDARD_IA --data-pool=default.rgw.standard-ia.data >/dev/null || fail "zone placement add"
log "storage class STANDARD_IA added"
radosgw $C -n client.rgw.a 2>>$ERR || fail "radosgw"
log "radosgw started"
EP=http://127.0.0.1:$RGW_PORT
# beast listens only once radosgw is ready to serve
listening() { (exec 3<>/dev/tcp/127.0.0.1/$RGW_PORT) 2>/dev/null; }
await 180 listening || fail "radosgw not listening on $EP; see $DIR/log/rgw.log"
radosgw-admin $C user create --uid=test --display-name=test --access-key="$AK" --secret="$SK" >/dev/null \
  || fail "user create"
radosgw-admin $C caps add --uid=test \
  --caps="roles=*;users=*;buckets=*;metadata=*;usage=*;user-policy=*;oidc-provider=*" >/dev/null || fail "caps add"
log "up in $(( ($(date +%s%N)-T0)/1000000 )) ms"
echo "CEPH_CONF=$CONF"
echo "S3_ENDPOINT=$EP"
