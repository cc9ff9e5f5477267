#!/usr/bin/env bash
# Makes sure an MQTT broker answers on HOST:PORT (default localhost:1883): if none does, starts a
# private mosquitto bound to loopback only, with its files under .cache/mosquitto.
set -euo pipefail
host=${1:-localhost}
port=${2:-1883}
dir=$(cd "$(dirname "$0")/.." && pwd)/.cache/mosquitto

if timeout 2 mosquitto_pub -h "$host" -p "$port" -t hark/probe -n -q 0 2>/dev/null; then
  echo "broker: using the broker already on $host:$port"
  exit 0
fi
if [ "$host" != localhost ] && [ "$host" != 127.0.0.1 ]; then
  echo "broker: nothing answers on $host:$port and it is not local; start your broker or fix [mqtt] host" >&2
  exit 1
fi
mkdir -p "$dir"
cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $dir/
log_dest file $dir/mosquitto.log
user $(id -un)
CONF
mosquitto -d -c "$dir/mosquitto.conf"
for _ in $(seq 50); do
  timeout 1 mosquitto_pub -h 127.0.0.1 -p "$port" -t hark/probe -n -q 0 2>/dev/null && { echo "broker: started a private mosquitto on 127.0.0.1:$port (log: $dir/mosquitto.log)"; exit 0; }
  sleep 0.1
done
echo "broker: mosquitto did not start; see $dir/mosquitto.log" >&2
exit 1
