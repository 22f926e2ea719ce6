#!/usr/bin/env bash
# Prints the simulated nodes as YAML: CLUSTER_NODES (config.sh: 10) nodes,
# spread over zones, each large enough that 10,000 stores fit the cluster
# (a store requests about 0.4 CPU, 1 GiB and 4 pods): 512 CPUs, 2 TiB and
# CLUSTER_NODE_PODS (5,000) pods apiece.
# kwok-controller manages exactly the nodes annotated kwok.x-k8s.io/node=fake
# (up.sh: --manage-nodes-with-annotation-selector), so the real node
# (real-node/up.sh) stays the kubelet's, and keeps the status given here.
set -euo pipefail
zones=(a b c)
pods="${CLUSTER_NODE_PODS:-5000}"
for ((i = 0; i < ${CLUSTER_NODES:-10}; i++)); do
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
    node.kubernetes.io/instance-type: kwok-512x2048
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: local-${zones[i % 3]}
    type: kwok
status:
  addresses:
  - {type: InternalIP, address: 10.89.0.$((10 + i))}
  - {type: Hostname, address: kwok-node-$i}
  capacity: {cpu: "512", memory: 2Ti, pods: "$pods", ephemeral-storage: 10Ti}
  allocatable: {cpu: "512", memory: 2Ti, pods: "$pods", ephemeral-storage: 10Ti}
YAML
done
