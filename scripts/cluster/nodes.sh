#!/usr/bin/env bash
# Prints the simulated nodes as YAML: CLUSTER_NODES (default 3) nodes sized
# like a small cloud VM (4 CPUs, 16 GiB, 110 pods), spread over zones.
# kwok-controller takes over every node (it runs with --manage-all-nodes) and
# keeps the status given here; the annotation only marks the nodes as fake.
set -euo pipefail
zones=(a b c)
for ((i = 0; i < ${CLUSTER_NODES:-3}; i++)); do
  cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: kwok-node-$i
    node.kubernetes.io/instance-type: kwok-4x16
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: local-${zones[i % 3]}
    type: kwok
status:
  addresses:
  - {type: InternalIP, address: 10.89.0.$((10 + i))}
  - {type: Hostname, address: kwok-node-$i}
  capacity: {cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi}
  allocatable: {cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi}
YAML
done
