#!/usr/bin/env bash
# Quiet-machine side-by-side throughput: redis-server vs respire (and, with BASELINE set, a
# second respire tree, e.g. an earlier commit), each server pinned to ONE core (taskset -c 2),
# redis-benchmark on other cores (--threads 4 -c 50 -r 100000), servers interleaved per test.
# Runs from the project root with .device/ carried along (../shared/perf/stage.sh makes it:
# deno, the npm cache, redis-server/benchmark/cli and their libraries):
#   OUT=... ROUNDS=1 N1=100000 N16=500000 [BASELINE=.device/before] bash bench/pinned.sh
# (PIN_SERVER, PIN_CLIENT, THREADS and PIPELINES override the pinning, client threads and the
# pipeline depths measured.)
# Writes $OUT/bench.csv (server,round,test,pipeline,rps,cpu_us_per_req: the server's own CPU
# time per request, steady even where the machine is shared) and $OUT/summary.txt with the
# paired ratios respire/redis (and respire/baseline) and their geometric means per pipeline depth.
set -u
D=$PWD/.device
W=/tmp/pinned-bench
rm -rf "$W"; mkdir -p "$W/proj"
OUT=${OUT:-/tmp/pinned-bench-out}; mkdir -p "$OUT"
ROUNDS=${ROUNDS:-1}; N1=${N1:-100000}; N16=${N16:-500000}; BASELINE=${BASELINE:-}
gzip -dc "$D/deno.gz" >"$W/deno"; chmod +x "$W/deno"
tar xzf "$D/denodir.tar.gz" -C "$W"; tar xzf "$D/lib.tar.gz" -C "$W"
tar cf - --exclude=./.device --exclude=./.git . | tar xf - -C "$W/proj"
if [ -n "$BASELINE" ]; then mkdir -p "$W/base"; cp -r "$BASELINE"/. "$W/base"; fi
LD="$W/lib/ld-linux-x86-64.so.2 --library-path $W/lib"
RS="$LD $D/redis-server"; RB="$LD $D/redis-benchmark"; RC="$LD $D/redis-cli"
PIN_S=""; PIN_C=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 12 ]; then PIN_S="taskset -c 2"; PIN_C="taskset -c 4-11"; fi
# overrides, e.g. on a 2-core machine: PIN_SERVER="taskset -c 1" PIN_CLIENT="taskset -c 0" THREADS=1
PIN_S=${PIN_SERVER:-$PIN_S}; PIN_C=${PIN_CLIENT:-$PIN_C}; THREADS=${THREADS:-4}; PIPELINES=${PIPELINES:-1 16}
{ echo "host: $(nproc) cpus; $(uname -r)"; grep -m1 'model name' /proc/cpuinfo; echo "pin server: ${PIN_S:-none}; client: ${PIN_C:-none}"; echo "rounds $ROUNDS, -n $N1 (P1) / $N16 (P16)"; } | tee "$OUT/summary.txt"
export DENO_DIR=$W/dd
(cd "$W/proj" && "$W/deno" cache main.ts) >>"$OUT/summary.txt" 2>&1
[ -n "$BASELINE" ] && (cd "$W/base" && "$W/deno" cache main.ts) >>"$OUT/summary.txt" 2>&1

start() { # name port -> pid
  case $1 in
    redis) $PIN_S $RS --port "$2" --save '' --appendonly no --daemonize no >"$W/$1.log" 2>&1 & ;;
    respire) (cd "$W/proj" && exec $PIN_S "$W/deno" run --cached-only --v8-flags=--max-semi-space-size=4 -A main.ts --port "$2" --save '' --appendonly no) >"$W/$1.log" 2>&1 & ;;
    baseline) (cd "$W/base" && exec $PIN_S "$W/deno" run --cached-only --v8-flags=--max-semi-space-size=4 -A main.ts --port "$2" --save '' --appendonly no) >"$W/$1.log" 2>&1 & ;;
  esac
  echo $!
}
wait_ping() { for _ in $(seq 1 100); do [ "$($RC -p "$1" PING 2>/dev/null)" = PONG ] && return 0; sleep 0.1; done; return 1; }

TESTS="ping_mbulk set get incr lpush rpop sadd hset zadd mset lrange_100"
echo "server,round,test,pipeline,rps,cpu_us_per_req" >"$OUT/bench.csv"
declare -A PORT=([redis]=7001 [respire]=7002 [baseline]=7003)
declare -A PID=()
SERVERS="redis respire"; [ -n "$BASELINE" ] && SERVERS="redis respire baseline"
pids=""
for s in $SERVERS; do PID[$s]=$(start "$s" "${PORT[$s]}"); pids="$pids ${PID[$s]}"; done
# the server's CPU time (user + system) in clock ticks: its cost per request does not depend on
# how busy the rest of the machine is, unlike the request rate
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
for s in $SERVERS; do wait_ping "${PORT[$s]}" || { echo "$s did not start"; cat "$W/$s.log"; }; done
for r in $(seq 1 "$ROUNDS"); do
  for p in $PIPELINES; do
    n=$N1; [ $p = 16 ] && n=$N16
    for t in $TESTS setd1024 getd1024; do
      tt=$t; extra="-d 16"
      case $t in setd1024) tt=set; extra="-d 1024";; getd1024) tt=get; extra="-d 1024";; esac
      # rotate the order per test so drift hits every server alike
      order=$SERVERS; [ $(( (r + ${#t}) % 2 )) = 0 ] && order=$(echo $SERVERS | tr ' ' '\n' | tac | tr '\n' ' ')
      for s in $order; do
        port=${PORT[$s]}
        $RC -p $port FLUSHALL >/dev/null 2>&1
        before=$(cpu_ticks "${PID[$s]}")
        line=$($PIN_C $RB -p $port --threads $THREADS -c 50 -r 100000 -n $n -P $p $extra -t $tt --csv -q 2>/dev/null | tail -1)
        after=$(cpu_ticks "${PID[$s]}")
        rps=$(echo "$line" | awk -F'","' '{print $2}')
        cpu=$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$TICK_US" 'BEGIN{printf "%.3f", (b - a) * t / n}')
        echo "$s,$r,$t,$p,$rps,$cpu" >>"$OUT/bench.csv"
      done
    done
  done
done
for s in $SERVERS; do $RC -p "${PORT[$s]}" INFO memory 2>/dev/null | grep -E '^used_memory:|^used_memory_rss:' | sed "s/^/$s /"; done >>"$OUT/summary.txt"
kill $pids 2>/dev/null
ratio() { # numerator denominator -> lines test,pipeline,round,ratio
  awk -F, -v a="$1" -v b="$2" 'NR>1{v[$1","$3","$4","$2]=$5} END{for (x in v){split(x,k,","); if(k[1]==a){d=v[b","k[2]","k[3]","k[4]]; if(d>0) print k[2]","k[3]","k[4]","v[x]/d}}}' "$OUT/bench.csv" | sort
}
cpu_ratio() { # numerator denominator -> lines test,pipeline,round,ratio of CPU per request
  awk -F, -v a="$1" -v b="$2" 'NR>1{v[$1","$3","$4","$2]=$6} END{for (x in v){split(x,k,","); if(k[1]==a){d=v[b","k[2]","k[3]","k[4]]; if(d>0) print k[2]","k[3]","k[4]","v[x]/d}}}' "$OUT/bench.csv" | sort
}
ratio respire redis >"$OUT/ratios.csv"
awk -F, '{printf "%s P%s respire/redis %.3f\n", $1, $2, $4}' "$OUT/ratios.csv" >>"$OUT/summary.txt"
cpu_ratio respire redis >"$OUT/cpu_ratios.csv"
awk -F, '$4>0{g[$2]+=log($4); n[$2]++} END{for(p in g) printf "GEOMEAN P%s CPU per request respire/redis %.3f\n", p, exp(g[p]/n[p])}' "$OUT/cpu_ratios.csv" >>"$OUT/summary.txt"
awk -F, '{g[$2]+=log($4); n[$2]++} END{for(p in g) printf "GEOMEAN P%s respire/redis %.3f\n", p, exp(g[p]/n[p])}' "$OUT/ratios.csv" >>"$OUT/summary.txt"
if [ -n "$BASELINE" ]; then
  ratio respire baseline >"$OUT/ratios_baseline.csv"
  awk -F, '{printf "%s P%s respire/baseline %.3f\n", $1, $2, $4}' "$OUT/ratios_baseline.csv" >>"$OUT/summary.txt"
  awk -F, '{g[$2]+=log($4); n[$2]++} END{for(p in g) printf "GEOMEAN P%s respire/baseline %.3f\n", p, exp(g[p]/n[p])}' "$OUT/ratios_baseline.csv" >>"$OUT/summary.txt"
  cpu_ratio respire baseline >"$OUT/cpu_ratios_baseline.csv"
  awk -F, '{printf "%s P%s CPU per request respire/baseline %.3f\n", $1, $2, $4}' "$OUT/cpu_ratios_baseline.csv" >>"$OUT/summary.txt"
  awk -F, '$4>0{g[$2]+=log($4); n[$2]++} END{for(p in g) printf "GEOMEAN P%s CPU per request respire/baseline %.3f\n", p, exp(g[p]/n[p])}' "$OUT/cpu_ratios_baseline.csv" >>"$OUT/summary.txt"
fi
cat "$OUT/summary.txt"
