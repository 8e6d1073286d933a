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
    bool exec_provide_cluster_info; /* provideClusterInfo: pass spec.cluster */
    int exec_timeout_ms;    /* 0: SB_KUBE_EXEC_TIMEOUT_MS */
    bool exec_ran;          /* the current token/cert came from the plugin */
    int64_t expiry;         /* exec credential expiry, epoch s; 0 = none */
};

/* How long an exec plugin may run, and how much it may print. */
#define SB_KUBE_EXEC_TIMEOUT_MS 60000
#define SB_KUBE_EXEC_OUT_MAX (4u << 20)
/* A kubeconfig, token or CA file larger than this is refused. */
#define SB_KUBE_FILE_MAX (16u << 20)

/* Resolves 'path' (NULL: $KUBECONFIG, ~/.kube/config, in-cluster) and
 * 'context' (NULL: current-context) into 'out', which the caller releases
 * with sb_kube_auth_release (after a failure 'out' is all zeros). In
 * $KUBECONFIG, files that do not exist are skipped, as kubectl skips them.
 * Relative file paths in a kubeconfig are made relative to the file that
 * set them, as kubectl does. When both a file and its -data form are set, the -data form (the
 * _pem member) wins, as in kubectl. Ends with sb_kube_auth_refresh(), so
 * a tokenFile is read and an exec plugin has run when this returns 0.
 * Errors name the file and the cause: "no such context 'x' in '/path'",
 * "cannot parse '/path' line 4: ...". */
int sb_kubeconfig_load(const char *path, const char *context,
                       struct sb_kube_auth *out, struct sb_err *err);

/* sb_kubeconfig_load with the exec plugin bounded by 'exec_timeout_ms'
 * (0: SB_KUBE_EXEC_TIMEOUT_MS), kept in out->exec_timeout_ms for later
 * refreshes: collect passes what is left of its --timeout. */
int sb_kubeconfig_load_timed(const char *path, const char *context,
                             int exec_timeout_ms, struct sb_kube_auth *out,
                             struct sb_err *err);

/* Parses one kubeconfig held in memory ('name' is its file name, used in
 * errors and to resolve relative paths) into 'out', like
 * sb_kubeconfig_load for one file, but reads no file and runs no plugin:
 * call sb_kube_auth_refresh for that. For tests and fuzzing. */
int sb_kubeconfig_parse(const char *text, size_t len, const char *name,
                        const char *context, struct sb_kube_auth *out,
                        struct sb_err *err);

/* In-cluster: KUBERNETES_SERVICE_HOST/PORT and the service account's
 * token, CA and namespace under 'sa_dir' (NULL: the standard
 * /var/run/secrets/kubernetes.io/serviceaccount). token_file is set so a
 * refresh re-reads the rotated token; a missing namespace file leaves
 * 'namespace' NULL; a missing ca.crt leaves ca_file NULL (the system's
 * roots are used, as client-go does) with a warning. Context, cluster and
 * user are all "in-cluster". */
int sb_kubeconfig_incluster(const char *sa_dir, struct sb_kube_auth *out,
                            struct sb_err *err);

/* Makes the credentials current: re-reads token_file, and runs the exec
 * plugin when there is one and no unexpired credential (ExecCredential
 * status.token, or clientCertificateData/clientKeyData, and
 * expirationTimestamp; a credential without expiry is kept for the life of
 * 'a'). The plugin runs with the environment plus its env entries and
 * KUBERNETES_EXEC_INFO, stdin from /dev/null, for at most exec_timeout_ms.
 * Returns 0 or a negative code naming the command and its stderr:
 * "exec plugin 'cmd' failed (exit 1): <stderr>". */
int sb_kube_auth_refresh(struct sb_kube_auth *a, struct sb_err *err);

/* Frees every member; 'a' is all zeros after. */
void sb_kube_auth_release(struct sb_kube_auth *a);

#endif
