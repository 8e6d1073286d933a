#ifndef SB_KUBECONFIG_H
#define SB_KUBECONFIG_H
/*
 * How to reach and authenticate to a cluster, as kubectl resolves it:
 * --kubeconfig, else $KUBECONFIG (several files joined with ':', merged
 * as kubectl merges: the first file to set a map key wins), else
 * ~/.kube/config, else the in-cluster service account. Parsed with libyaml.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_err.h"

struct sb_kube_auth {
    char *context;          /* context name used ("in-cluster" there) */
    char *cluster;          /* cluster name of that context */
    char *user;             /* user name of that context */
    char *namespace;        /* context's namespace, or NULL */
    char *server;           /* "https://host:port", no trailing '/' */
    char *ca_file;          /* certificate-authority path, or NULL */
    char *ca_pem;           /* certificate-authority-data decoded, or NULL */
    bool insecure;          /* insecure-skip-tls-verify */
    char *tls_server_name;  /* or NULL */
    char *proxy_url;        /* or NULL */
    char *token;            /* bearer token (token, tokenFile or exec) */
    char *token_file;       /* re-read on refresh, as kubectl does */
    char *cert_file, *key_file;  /* client-certificate / client-key */
    char *cert_pem, *key_pem;    /* ...-data decoded, or from exec */
    char *username, *password;   /* basic auth */
    /* exec credential plugin, run by sb_kube_auth_refresh() */
    char *exec_command;
    char **exec_args;       /* NULL-terminated, or NULL */
    char **exec_env;        /* "NAME=VALUE", NULL-terminated, or NULL */
    char *exec_api_version; /* client.authentication.k8s.io/v1[beta1] */
    int64_t expiry;         /* exec credential expiry, epoch s; 0 = none */
};

/* Resolves 'path' (NULL: $KUBECONFIG, ~/.kube/config, in-cluster) and
 * 'context' (NULL: current-context) into 'out', which the caller releases
 * with sb_kube_auth_release. Relative file paths in a kubeconfig are made
 * relative to that file, as kubectl does. Errors name the file and the
 * cause: "no such context 'x' in '/path'", "'/path' line 4: ...". */
int sb_kubeconfig_load(const char *path, const char *context,
                       struct sb_kube_auth *out, struct sb_err *err);

/* In-cluster: KUBERNETES_SERVICE_HOST/PORT and the service account's
 * token, CA and namespace under 'sa_dir' (NULL: the standard
 * /var/run/secrets/kubernetes.io/serviceaccount). */
int sb_kubeconfig_incluster(const char *sa_dir, struct sb_kube_auth *out,
                            struct sb_err *err);

/* Makes the credentials current: re-reads token_file, and runs the exec
 * plugin when there is one and no unexpired credential (ExecCredential
 * status.token, or clientCertificateData/clientKeyData, and
 * expirationTimestamp). Returns 0 or a negative code naming the command
 * and its stderr. */
int sb_kube_auth_refresh(struct sb_kube_auth *a, struct sb_err *err);

/* Frees every member; 'a' is all zeros after. */
void sb_kube_auth_release(struct sb_kube_auth *a);

#endif
