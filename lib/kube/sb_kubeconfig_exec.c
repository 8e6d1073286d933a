/*
 * The credential's life after loading: sb_kube_auth_refresh re-reads a
 * tokenFile and runs an exec credential plugin the way kubectl does
 * (KUBERNETES_EXEC_INFO in its environment, stdin from /dev/null, its
 * stdout an ExecCredential, a deadline), and sb_kube_auth_release frees
 * what loading and refreshing filled in. Apart from sb_kubeconfig.c,
 * which reads and merges the files, because this half spawns and
 * watches a process and parses JSON, not YAML.
 */
#include "sb_kubeconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_kjson.h"
#include "sb_kubeconfig_int.h"
#include "sb_time.h"

extern char **environ;

#define STDERR_KEEP 4096    /* of the plugin's stderr, for the error */

static char *b64_encode(const char *s, size_t n)
{
    char *out = sb_malloc(4 * ((n + 2) / 3) + 1);

    if (out)
        EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s,
                        (int)n);
    return out;
}

static int env_has_name(char **env, const char *entry)
{
    size_t n = strcspn(entry, "=");

    for (; env && *env; env++)
        if (!strncmp(*env, entry, n) && (*env)[n] == '=')
            return 1;
    return 0;
}

/* KUBERNETES_EXEC_INFO as kubectl writes it: non-interactive, and the
 * cluster when provideClusterInfo is set. Caller deletes. */
static char *exec_info(const struct sb_kube_auth *a)
{
    cJSON *root = cJSON_CreateObject(), *spec, *cl;
    char *ca = NULL, *out = NULL, *json = NULL;

    if (!root)
        return NULL;
    if (!cJSON_AddStringToObject(root, "kind", "ExecCredential") ||
        !cJSON_AddStringToObject(root, "apiVersion", a->exec_api_version) ||
        !(spec = cJSON_AddObjectToObject(root, "spec")) ||
        !cJSON_AddBoolToObject(spec, "interactive", 0))
        goto cleanup;
    if (a->exec_provide_cluster_info) {
        cl = cJSON_AddObjectToObject(spec, "cluster");
        if (!cl || !cJSON_AddStringToObject(cl, "server", a->server))
            goto cleanup;
        if (a->ca_pem) {
            ca = b64_encode(a->ca_pem, strlen(a->ca_pem));
            if (!ca || !cJSON_AddStringToObject(
                           cl, "certificate-authority-data", ca))
                goto cleanup;
        }
        if (a->insecure &&
            !cJSON_AddBoolToObject(cl, "insecure-skip-tls-verify", 1))
            goto cleanup;
        if (a->tls_server_name &&
            !cJSON_AddStringToObject(cl, "tls-server-name",
                                     a->tls_server_name))
            goto cleanup;
        if (a->proxy_url &&
            !cJSON_AddStringToObject(cl, "proxy-url", a->proxy_url))
            goto cleanup;
    }
    json = cJSON_PrintUnformatted(root);
    if (json)
        out = sb_strdup(json);
cleanup:
    cJSON_free(json);
    sb_free(ca);
    cJSON_Delete(root);
    return out;
}

static void free_vec(char **v)
{
    char **p;

    for (p = v; p && *p; p++)
        sb_free(*p);
    sb_free(v);
}

/* The child's environment: ours, with the plugin's env entries and
 * KUBERNETES_EXEC_INFO replacing any of the same name. */
static char **exec_envp(const struct sb_kube_auth *a)
{
    struct sb_buf info = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t n = 0, k = 0, i;
    char *js = exec_info(a), **v = NULL, *extra[2] = {NULL, NULL};

    if (!js || sb_buf_addf(&info, "KUBERNETES_EXEC_INFO=%s", js))
        goto cleanup;
    extra[0] = sb_buf_detach(&info, NULL);
    for (i = 0; environ && environ[i]; i++)
        n++;
    for (i = 0; a->exec_env && a->exec_env[i]; i++)
        n++;
    v = sb_calloc(n + 2, sizeof(char *));
    if (!v || !extra[0])
        goto fail;
    for (i = 0; environ && environ[i]; i++)
        if (!env_has_name(a->exec_env, environ[i]) &&
            !env_has_name(extra, environ[i]) &&
            !(v[k++] = sb_strdup(environ[i])))
            goto fail;
    for (i = 0; a->exec_env && a->exec_env[i]; i++)
        if (!env_has_name(extra, a->exec_env[i]) &&
            !(v[k++] = sb_strdup(a->exec_env[i])))
            goto fail;
    v[k] = extra[0];
    extra[0] = NULL;
    goto cleanup;
fail:
    free_vec(v);
    v = NULL;
cleanup:
    sb_free(extra[0]);
    sb_free(js);
    sb_buf_release(&info);
    return v;
}

static char **exec_argv(const struct sb_kube_auth *a)
{
    size_t n = 0, i;
    char **v;

    while (a->exec_args && a->exec_args[n])
        n++;
    v = sb_calloc(n + 2, sizeof(char *));
    if (!v)
        return NULL;
    v[0] = a->exec_command;
    for (i = 0; i < n; i++)
        v[i + 1] = a->exec_args[i];
    return v;       /* lends the strings: free only the vector */
}

/* Drains both pipes until they close or the deadline passes.
 * Returns 0, SB_E_TIMEOUT, SB_E_TOOBIG or SB_E_IO. */
static int drain(int fo, int fe, struct sb_buf *out, struct sb_buf *errb,
                 int64_t deadline)
{
    struct pollfd p[2];
    char chunk[4096];
    ssize_t got;
    int rc = 0, i;

    p[0].fd = fo;
    p[1].fd = fe;
    p[0].events = p[1].events = POLLIN;
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        int64_t left = deadline - sb_time_mono_ms();
        int r;

        if (left <= 0)
            return SB_E_TIMEOUT;
        r = poll(p, 2, left > 1000 ? 1000 : (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return SB_E_IO;
        for (i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            got = read(p[i].fd, chunk, sizeof(chunk));
            if (got < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (got <= 0) {
                p[i].fd = -1;
                continue;
            }
            if (i == 0) {
                rc = sb_buf_add(out, chunk, (size_t)got);
                if (rc)
                    return rc;
            } else if (errb->len < STDERR_KEEP) {
                size_t room = STDERR_KEEP - errb->len;

                rc = sb_buf_add(errb, chunk,
                                (size_t)got < room ? (size_t)got : room);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

static void trim_end(struct sb_buf *b)
{
    size_t len = b->len;

    while (len && strchr(" \t\r\n", b->data[len - 1]))
        len--;
    sb_buf_truncate(b, len);
}

/* Runs the plugin; its stdout goes to 'out'. */
static int run_plugin(const struct sb_kube_auth *a, struct sb_buf *out,
                      struct sb_err *err)
{
    struct sb_buf errb = SB_BUF_INIT(STDERR_KEEP);
    posix_spawn_file_actions_t fa;
    int po[2] = {-1, -1}, pe[2] = {-1, -1}, fa_ok = 0, status, rc, i;
    char **argv = exec_argv(a), **envp = exec_envp(a);
    int timeout = a->exec_timeout_ms > 0 ? a->exec_timeout_ms
                                         : SB_KUBE_EXEC_TIMEOUT_MS;
    pid_t pid = -1;

    if (!argv || !envp) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) ||
        posix_spawn_file_actions_init(&fa)) {
        rc = sb_err_set(err, SB_E_IO, "exec plugin '%s': %s",
                        a->exec_command, strerror(errno));
        goto cleanup;
    }
    fa_ok = 1;
    rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    if (!rc)
        rc = posix_spawnp(&pid, a->exec_command, &fa, NULL, argv, envp);
    if (rc) {
        pid = -1;
        rc = sb_err_set(err, rc == ENOENT ? SB_E_NOTFOUND : SB_E_IO,
                        "exec plugin '%s' could not be started: %s",
                        a->exec_command, strerror(rc));
        goto cleanup;
    }
    close(po[1]);
    close(pe[1]);
    po[1] = pe[1] = -1;
    rc = drain(po[0], pe[0], out, &errb, sb_time_mono_ms() + timeout);
    if (rc) {
        kill(pid, SIGKILL);
        if (rc == SB_E_TIMEOUT)
            rc = sb_err_set(err, rc, "exec plugin '%s' timed out after %d ms",
                            a->exec_command, timeout);
        else
            rc = sb_err_set(err, rc, "exec plugin '%s': %s",
                            a->exec_command,
                            rc == SB_E_TOOBIG ? "output too large"
                                              : "cannot read its output");
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    pid = -1;
    if (rc)
        goto cleanup;
    trim_end(&errb);
    if (WIFSIGNALED(status))
        rc = sb_err_set(err, SB_E_DENIED,
                        "exec plugin '%s' failed (signal %d): %s",
                        a->exec_command, WTERMSIG(status), sb_buf_str(&errb));
    else if (WEXITSTATUS(status))
        rc = sb_err_set(err, SB_E_DENIED,
                        "exec plugin '%s' failed (exit %d): %s",
                        a->exec_command, WEXITSTATUS(status),
                        sb_buf_str(&errb));
cleanup:
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    if (fa_ok)
        posix_spawn_file_actions_destroy(&fa);
    for (i = 0; i < 2; i++) {
        if (po[i] >= 0)
            close(po[i]);
        if (pe[i] >= 0)
            close(pe[i]);
    }
    sb_free(argv);
    free_vec(envp);
    sb_buf_release(&errb);
    return rc;
}

static int take(char **dst, const char *s)
{
    char *d = sb_strdup(s);

    if (!d)
        return SB_E_NOMEM;
    sb_free(*dst);
    *dst = d;
    return 0;
}

/* Parses an ExecCredential and stores what it gives in 'a'. */
static int apply_credential(struct sb_kube_auth *a, const struct sb_buf *out,
                            struct sb_err *err)
{
    const char *cmd = a->exec_command, *kind, *ver, *tok, *crt, *key, *exp;
    cJSON *root = cJSON_ParseWithLength(out->data ? out->data : "", out->len);
    const cJSON *st;
    int64_t expiry = 0;
    int rc = 0;

    if (!cJSON_IsObject(root)) {
        rc = sb_err_set(err, SB_E_FORMAT,
                        "exec plugin '%s' printed no ExecCredential JSON",
                        cmd);
        goto cleanup;
    }
    kind = sb_kjson_str(root, "kind");
    ver = sb_kjson_str(root, "apiVersion");
    if (!kind || strcmp(kind, "ExecCredential") || !ver ||
        strcmp(ver, a->exec_api_version)) {
        rc = sb_err_set(err, SB_E_FORMAT,
                        "exec plugin '%s' printed kind '%s' apiVersion '%s', "
                        "want ExecCredential '%s'", cmd, kind ? kind : "",
                        ver ? ver : "", a->exec_api_version);
        goto cleanup;
    }
    st = cJSON_GetObjectItemCaseSensitive(root, "status");
    tok = sb_kjson_str(st, "token");
    crt = sb_kjson_str(st, "clientCertificateData");
    key = sb_kjson_str(st, "clientKeyData");
    exp = sb_kjson_str(st, "expirationTimestamp");
    if (exp && exp[0] && !sb_time_parse(exp, &expiry, NULL)) {
        rc = sb_err_set(err, SB_E_FORMAT,
                        "exec plugin '%s': bad expirationTimestamp '%s'", cmd,
                        exp);
        goto cleanup;
    }
    if ((crt && crt[0]) != (key && key[0])) {
        rc = sb_err_set(err, SB_E_FORMAT,
                        "exec plugin '%s' returned a client certificate "
                        "without its key, or a key without its certificate",
                        cmd);
        goto cleanup;
    }
    if (!(tok && tok[0]) && !(crt && crt[0])) {
        rc = sb_err_set(err, SB_E_FORMAT,
                        "exec plugin '%s' returned neither status.token nor "
                        "status.clientCertificateData", cmd);
        goto cleanup;
    }
    if ((tok && tok[0] && take(&a->token, tok)) ||
        (crt && crt[0] && (take(&a->cert_pem, crt) ||
                           take(&a->key_pem, key)))) {
        rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        goto cleanup;
    }
    a->expiry = expiry;
    a->exec_ran = true;
cleanup:
    cJSON_Delete(root);
    return rc;
}

int sb_kube_auth_refresh(struct sb_kube_auth *a, struct sb_err *err)
{
    struct sb_buf out = SB_BUF_INIT(SB_KUBE_EXEC_OUT_MAX);
    int rc = 0;

    if (a->token_file) {
        rc = sb_kc_read_token(a->token_file, &a->token, err);
        if (rc)
            return sb_err_wrap(err, "tokenFile of user '%s'",
                               a->user ? a->user : "");
    }
    if (!a->exec_command)
        return 0;
    /* a credential without expiry lives as long as the process, as in
     * kubectl */
    if (a->exec_ran && (!a->expiry || a->expiry > sb_time_now()))
        return 0;
    rc = run_plugin(a, &out, err);
    if (!rc)
        rc = apply_credential(a, &out, err);
    sb_buf_release(&out);
    return rc;
}

void sb_kube_auth_release(struct sb_kube_auth *a)
{
    if (!a)
        return;
    sb_free(a->context);
    sb_free(a->cluster);
    sb_free(a->user);
    sb_free(a->namespace);
    sb_free(a->server);
    sb_free(a->ca_file);
    sb_free(a->ca_pem);
    sb_free(a->tls_server_name);
    sb_free(a->proxy_url);
    sb_free(a->token);
    sb_free(a->token_file);
    sb_free(a->cert_file);
    sb_free(a->key_file);
    sb_free(a->cert_pem);
    sb_free(a->key_pem);
    sb_free(a->username);
    sb_free(a->password);
    sb_free(a->exec_command);
    free_vec(a->exec_args);
    free_vec(a->exec_env);
    sb_free(a->exec_api_version);
    memset(a, 0, sizeof(*a));
}
