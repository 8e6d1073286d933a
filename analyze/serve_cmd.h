#ifndef ANALYZE_SERVE_CMD_H
#define ANALYZE_SERVE_CMD_H
/*
 * `analyze serve BUNDLE [--listen ADDR:PORT] [--kubeconfig-out FILE]
 * [--insecure]`: serves a bundle as a read-only Kubernetes API for kubectl.
 * argv[0] is "serve". Returns the process exit code: 0 after an interrupt,
 * 1 when the bundle cannot be served, 2 on a usage error.
 */
int serve_main(int argc, char **argv);

#endif
