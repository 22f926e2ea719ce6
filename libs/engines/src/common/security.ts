import type { V1PodSecurityContext, V1SecurityContext, V1Sysctl } from '@kubernetes/client-node';

/**
 * Pod Security Admission level of every store namespace. `restricted` holds:
 * each image runs as a fixed non-root user (MariaDB as mysql, WordPress and
 * WP-CLI as www-data), needs no capability, and Apache binds port 80 through
 * the namespaced sysctl net.ipv4.ip_unprivileged_port_start, which the
 * restricted profile allows.
 */
export const POD_SECURITY_LEVEL = 'restricted';

/** The container context every store container gets: no privilege, no capability, read-only root. */
export function containerSecurityContext(options: { readOnlyRootFilesystem?: boolean } = {}): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function podSecurityContext(user: { uid: number; gid: number }, sysctls: V1Sysctl[] = []): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    fsGroup: user.gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
    ...(sysctls.length > 0 ? { sysctls } : {}),
  };
}

/** Lets a non-root process bind ports below 1024 (Apache on 80) without NET_BIND_SERVICE. */
export const UNPRIVILEGED_PORTS_SYSCTL: V1Sysctl = { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' };
