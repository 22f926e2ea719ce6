export * from './cluster/local-cluster.js';
export * from './cluster/namespaces.js';
export * from './cluster/simulate.js';
export * from './cluster/wait.js';
export * from './database.js';
export * from './local-env.js';
