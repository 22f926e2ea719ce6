/**
 * The local cluster's real node (scripts/cluster/real-node): its settings, read
 * from its config.sh rather than repeated, and requests through its ingress
 * controller. Used by the real-node platform suite and its benchmark.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';

import { repoRoot } from '../local-env.js';

/** scripts/cluster/real-node/config.sh, read rather than repeated. */
export interface RealNode {
  name: string;
  ingressPort: number;
  ingressClass: string;
  ingressNamespace: string;
  /** The node's address, where its pods reach the relays to the host's services. */
  ip: string;
  /** The local S3 server as the node's pods reach it (through the node's S3 relay). */
  s3Endpoint: string;
}

export async function realNodeConfig(): Promise<RealNode> {
  const { stdout: out } = await promisify(execFile)(
    'bash',
    [
      '-c',
      'source scripts/lib.sh; source scripts/cluster/config.sh; source scripts/cluster/real-node/config.sh; ' +
        'printf "%s\\n" "$REAL_NODE_NAME" "$REAL_NODE_INGRESS_PORT" "$REAL_NODE_INGRESS_CLASS" "$REAL_NODE_INGRESS_NAMESPACE" ' +
        '"$REAL_NODE_IP" "$REAL_NODE_S3_PORT"',
    ],
    { cwd: repoRoot, timeout: 120_000 },
  );
  const [name, port, ingressClass, ingressNamespace, ip, s3Port] = out.trim().split('\n');
  return {
    name: name!,
    ingressPort: Number(port),
    ingressClass: ingressClass!,
    ingressNamespace: ingressNamespace!,
    ip: ip!,
    s3Endpoint: `http://${ip!}:${s3Port!}`,
  };
}

export interface IngressResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request to the ingress controller for `host` (no DNS for test hosts: the Host header routes it). */
export function viaIngress(
  node: RealNode,
  host: string,
  urlPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<IngressResponse> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: node.ingressPort,
        path: urlPath,
        method: options.method ?? 'GET',
        headers: {
          host,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString() } : {}),
          ...options.headers,
        },
        timeout: 30_000,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${host}${urlPath}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
