#!/usr/bin/env bash
# Prints the cluster objects the real node brings (applied by up.sh with
# server-side apply): RBAC for kube-router, CoreDNS in kube-system behind the
# kube-dns Service at the cluster DNS IP, traefik in namespace traefik with
# IngressClass traefik, and rancher's local-path-provisioner (k3s's default
# class) in local-path-storage behind StorageClass real-node. They run as pods
# on the real node, from the images up.sh imports (image.sh: one static binary each).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"

# What every pod of the node's own addons shares: the node, least privilege.
placement="nodeSelector: {storefleet.dev/real-node: \"true\"}
      tolerations: [{key: storefleet.dev/real-node, operator: Equal, value: \"true\", effect: NoSchedule}]"
hardened="allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}"

cat <<YAML
# kube-router (a process on the node, not a pod): reads what it enforces.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "storefleet:kube-router"}
rules:
- apiGroups: [""]
  resources: [namespaces, pods, services, nodes, endpoints]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "storefleet:kube-router"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "storefleet:kube-router"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "storefleet:kube-router"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "storefleet:coredns"}
rules:
- apiGroups: [""]
  resources: [services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "storefleet:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "storefleet:coredns"}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
            ttl 30
        }
        cache 30
        loop
        reload
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      dnsPolicy: Default
      $placement
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        seccompProfile: {type: RuntimeDefault}
        # Port 53 as a non-root user, without a capability.
        sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "53"}]
      volumes: [{name: config, configMap: {name: coredns}}]
      containers:
      - name: coredns
        image: localhost/storefleet/coredns:$COREDNS_VERSION
        imagePullPolicy: Never
        args: [-conf, /etc/coredns/Corefile]
        volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 2}
        livenessProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 10}
        resources: {requests: {cpu: 20m, memory: 32Mi}, limits: {memory: 128Mi}}
        securityContext:
          $hardened
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $CLUSTER_DNS_IP
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, targetPort: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, targetPort: 53, protocol: TCP}
---
apiVersion: v1
kind: Namespace
metadata: {name: $REAL_NODE_INGRESS_NAMESPACE}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: traefik, namespace: $REAL_NODE_INGRESS_NAMESPACE}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "storefleet:traefik"}
rules:
- apiGroups: [""]
  resources: [services, secrets, nodes]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses, ingressclasses]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses/status]
  verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "storefleet:traefik"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "storefleet:traefik"}
subjects: [{kind: ServiceAccount, name: traefik, namespace: $REAL_NODE_INGRESS_NAMESPACE}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: $REAL_NODE_INGRESS_CLASS}
spec: {controller: traefik.io/ingress-controller}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik, namespace: $REAL_NODE_INGRESS_NAMESPACE, labels: {app.kubernetes.io/name: traefik}}
spec:
  replicas: 1
  # hostPort 80 is the node's: the new pod can only start once the old is gone.
  strategy: {type: Recreate}
  selector: {matchLabels: {app.kubernetes.io/name: traefik}}
  template:
    metadata: {labels: {app.kubernetes.io/name: traefik}}
    spec:
      serviceAccountName: traefik
      $placement
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        seccompProfile: {type: RuntimeDefault}
      volumes: [{name: tmp, emptyDir: {}}]
      containers:
      - name: traefik
        image: localhost/storefleet/traefik:$TRAEFIK_VERSION
        imagePullPolicy: Never
        args:
        - --global.checknewversion=false
        - --global.sendanonymoususage=false
        - --entryPoints.web.address=:8000
        - --entryPoints.traefik.address=:9000
        - --ping=true
        - --providers.kubernetesingress=true
        - --providers.kubernetesingress.ingressclass=$REAL_NODE_INGRESS_CLASS
        - --log.level=INFO
        volumeMounts: [{name: tmp, mountPath: /tmp}]
        ports:
        # The host reaches it on the node's address (portmap), relayed to
        # 127.0.0.1:\$REAL_NODE_INGRESS_PORT by up.sh.
        - {name: web, containerPort: 8000, hostPort: 80, hostIP: $REAL_NODE_IP}
        readinessProbe: {httpGet: {path: /ping, port: 9000}, periodSeconds: 2}
        livenessProbe: {httpGet: {path: /ping, port: 9000}, periodSeconds: 10}
        resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 256Mi}}
        securityContext:
          $hardened
---
# Volumes of the real node: upstream's deploy/local-path-storage.yaml (v$LOCAL_PATH_VERSION),
# with the node's images and paths, on the real node, hardened. Each claim of
# class $REAL_NODE_STORAGE_CLASS gets a folder under $REAL_NODE_VOLUMES (mode 0777, so
# non-root pods write it), made by a helper pod and removed by another when the
# claim goes (reclaimPolicy Delete). Not the default class: the simulated nodes
# cannot run helper pods (allowedTopologies keeps its claims' pods on the real node).
apiVersion: v1
kind: Namespace
metadata:
  name: local-path-storage
  # The helper pods mount the node's volumes folder (hostPath) and run as root.
  labels: {pod-security.kubernetes.io/enforce: privileged}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: local-path-provisioner-service-account, namespace: local-path-storage}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: local-path-provisioner-role, namespace: local-path-storage}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, create, patch, update, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: local-path-provisioner-role}
rules:
- apiGroups: [""]
  resources: [nodes, persistentvolumeclaims, configmaps, pods, pods/log]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [persistentvolumes]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [storage.k8s.io]
  resources: [storageclasses]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: local-path-provisioner-bind, namespace: local-path-storage}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: local-path-provisioner-role}
subjects: [{kind: ServiceAccount, name: local-path-provisioner-service-account, namespace: local-path-storage}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: local-path-provisioner-bind}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: local-path-provisioner-role}
subjects: [{kind: ServiceAccount, name: local-path-provisioner-service-account, namespace: local-path-storage}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: local-path-config, namespace: local-path-storage}
data:
  config.json: |-
    {
      "nodePathMap": [
        {"node": "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths": ["$REAL_NODE_VOLUMES"]}
      ]
    }
  setup: |-
    #!/bin/sh
    set -eu
    mkdir -m 0777 -p "\$VOL_DIR"
  teardown: |-
    #!/bin/sh
    set -eu
    rm -rf "\$VOL_DIR"
  # The provisioner adds the command (/bin/sh /script/setup or teardown), the
  # node, the volumes folder (hostPath) and the scripts. Root for mkdir in the
  # root-owned folder and rm -rf of what other users wrote (DAC_OVERRIDE);
  # no other capability, no API token.
  helperPod.yaml: |-
    apiVersion: v1
    kind: Pod
    metadata:
      name: helper-pod
    spec:
      priorityClassName: system-node-critical
      automountServiceAccountToken: false
      tolerations:
      - {key: storefleet.dev/real-node, operator: Equal, value: "true", effect: NoSchedule}
      - {key: node.kubernetes.io/disk-pressure, operator: Exists, effect: NoSchedule}
      securityContext:
        runAsUser: 0
        runAsGroup: 0
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: helper-pod
        image: $REAL_NODE_LOCAL_PATH_HELPER_IMAGE
        imagePullPolicy: Never
        resources: {requests: {cpu: 10m, memory: 8Mi}, limits: {memory: 32Mi}}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL], add: [DAC_OVERRIDE]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: local-path-provisioner, namespace: local-path-storage}
spec:
  replicas: 1
  selector: {matchLabels: {app: local-path-provisioner}}
  template:
    metadata: {labels: {app: local-path-provisioner}}
    spec:
      serviceAccountName: local-path-provisioner-service-account
      $placement
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        seccompProfile: {type: RuntimeDefault}
      volumes: [{name: config-volume, configMap: {name: local-path-config}}]
      containers:
      - name: local-path-provisioner
        image: $REAL_NODE_LOCAL_PATH_IMAGE
        imagePullPolicy: Never
        command: [/local-path-provisioner, start, --config, /etc/config/config.json]
        volumeMounts: [{name: config-volume, mountPath: /etc/config/}]
        env:
        - name: POD_NAMESPACE
          valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
        - {name: CONFIG_MOUNT_PATH, value: /etc/config/}
        - {name: HELPER_IMAGE, value: $REAL_NODE_LOCAL_PATH_HELPER_IMAGE}
        resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 128Mi}}
        securityContext:
          $hardened
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: $REAL_NODE_STORAGE_CLASS}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
allowedTopologies:
- matchLabelExpressions: [{key: kubernetes.io/hostname, values: [$REAL_NODE_NAME]}]
YAML
