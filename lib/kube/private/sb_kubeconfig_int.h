#ifndef SB_KUBECONFIG_INT_H
#define SB_KUBECONFIG_INT_H
/*
 * Internal to sb_kubeconfig.c (reading and resolving the config) and
 * sb_kubeconfig_exec.c (the credential's refresh: tokenFile and exec
 * plugins, and its release): what both halves need.
 */
#include "sb_err.h"

/* Reads the token file 'path' into *out (freed first, the caller's),
 * without the whitespace around it, as kubectl trims it. Returns 0, or
 * an error in 'err' naming the file; *out is then as it was, or NULL
 * when out of memory. */
int sb_kc_read_token(const char *path, char **out, struct sb_err *err);

#endif
