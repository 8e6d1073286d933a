#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_alloc.h"
#include "sb_kubeconfig.h"
#include "sb_time.h"

/* base64 of "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n" */
#define CA_B64 "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNBCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
#define CA_PEM "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"

static char tmpdir[256];

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *text, int mode)
{
    char p[512];
    FILE *f;

    path_in(p, sizeof(p), name);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(p, (mode_t)mode);
}

static char *slurp(const char *name)
{
    static char buf[8192];
    char p[512];
    size_t n;
    FILE *f;

    path_in(p, sizeof(p), name);
    f = fopen(p, "r");
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    const char *t = getenv("TMPDIR");

    snprintf(tmpdir, sizeof(tmpdir), "%s/sbkc.XXXXXX", t && t[0] ? t : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
    unsetenv("KUBECONFIG");
    unsetenv("KUBERNETES_SERVICE_HOST");
    unsetenv("KUBERNETES_SERVICE_PORT");
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static int parse(const char *yaml, const char *ctx, struct sb_kube_auth *a,
                 struct sb_err *err)
{
    return sb_kubeconfig_parse(yaml, strlen(yaml), "dir/kc.yaml", ctx, a,
                               err);
}

#define CLUSTERS                                                          \
    "clusters:\n"                                                         \
    "- name: prod\n"                                                      \
    "  cluster:\n"                                                        \
    "    server: https://10.0.0.1:6443/\n"                                \
    "    certificate-authority-data: " CA_B64 "\n"                        \
    "    tls-server-name: api.prod.example\n"                             \
    "    proxy-url: socks5://127.0.0.1:1080\n"                            \
    "- name: dev\n"                                                       \
    "  cluster:\n"                                                        \
    "    server: https://dev:443\n"                                       \
    "    certificate-authority: certs/ca.crt\n"                           \
    "    insecure-skip-tls-verify: true\n"

static void test_token_user_with_current_context_fills_every_field(void **s)
{
    const char *y = "apiVersion: v1\nkind: Config\n"
                    "current-context: p\n"
                    "preferences: {colors: true}\n"
                    CLUSTERS
                    "contexts:\n"
                    "- name: p\n"
                    "  context: {cluster: prod, user: alice, namespace: ml}\n"
                    "users:\n"
                    "- name: alice\n"
                    "  user:\n"
                    "    token: abc.def\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, NULL, &a, &err), 0);
    assert_string_equal(a.context, "p");
    assert_string_equal(a.cluster, "prod");
    assert_string_equal(a.user, "alice");
    assert_string_equal(a.namespace, "ml");
    assert_string_equal(a.server, "https://10.0.0.1:6443");
    assert_string_equal(a.ca_pem, CA_PEM);
    assert_null(a.ca_file);
    assert_false(a.insecure);
    assert_string_equal(a.tls_server_name, "api.prod.example");
    assert_string_equal(a.proxy_url, "socks5://127.0.0.1:1080");
    assert_string_equal(a.token, "abc.def");
    assert_null(a.exec_command);
    sb_kube_auth_release(&a);
    assert_null(a.server);
}

static void test_named_context_overrides_current_and_paths_are_relative(
    void **s)
{
    const char *y = "current-context: p\n"
                    CLUSTERS
                    "contexts:\n"
                    "- name: p\n"
                    "  context: {cluster: prod, user: alice}\n"
                    "- name: d\n"
                    "  context: {cluster: dev, user: certs}\n"
                    "users:\n"
                    "- name: alice\n"
                    "  user: {token: x}\n"
                    "- name: certs\n"
                    "  user:\n"
                    "    client-certificate: pki/me.crt\n"
                    "    client-key: /abs/me.key\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, "d", &a, &err), 0);
    assert_string_equal(a.context, "d");
    assert_null(a.namespace);
    assert_string_equal(a.server, "https://dev:443");
    assert_true(a.insecure);
    assert_string_equal(a.ca_file, "dir/certs/ca.crt");
    assert_null(a.ca_pem);
    assert_string_equal(a.cert_file, "dir/pki/me.crt");
    assert_string_equal(a.key_file, "/abs/me.key");
    assert_null(a.token);
    sb_kube_auth_release(&a);
}

static void test_client_certificate_data_and_basic_auth_are_read(void **s)
{
    const char *y = "current-context: c\n"
                    CLUSTERS
                    "contexts:\n"
                    "- {name: c, context: {cluster: prod, user: u}}\n"
                    "- {name: b, context: {cluster: prod, user: basic}}\n"
                    "users:\n"
                    "- name: u\n"
                    "  user:\n"
                    "    client-certificate-data: Q0VSVA==\n"
                    "    client-key-data: |\n"
                    "      S0VZ\n"
                    "- name: basic\n"
                    "  user: {username: admin, password: \"p@ss: word\"}\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, NULL, &a, &err), 0);
    assert_string_equal(a.cert_pem, "CERT");
    assert_string_equal(a.key_pem, "KEY");
    sb_kube_auth_release(&a);
    assert_int_equal(parse(y, "b", &a, &err), 0);
    assert_string_equal(a.username, "admin");
    assert_string_equal(a.password, "p@ss: word");
    assert_null(a.token);
    sb_kube_auth_release(&a);
}

static void test_context_without_user_is_anonymous(void **s)
{
    const char *y = CLUSTERS
                    "contexts:\n- name: anon\n  context: {cluster: prod}\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, "anon", &a, &err), 0);
    assert_null(a.user);
    assert_null(a.token);
    assert_string_equal(a.server, "https://10.0.0.1:6443");
    sb_kube_auth_release(&a);
}

static void test_missing_context_is_named_with_the_file(void **s)
{
    const char *y = CLUSTERS "contexts: []\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, "nope", &a, &err), SB_E_NOTFOUND);
    assert_string_equal(err.msg, "no such context 'nope' in 'dir/kc.yaml'");
    assert_null(a.context);
    assert_int_equal(parse(y, NULL, &a, &err), SB_E_USAGE);
    assert_non_null(strstr(err.msg, "no current-context in 'dir/kc.yaml'"));
}

static void test_context_naming_a_missing_cluster_or_user_fails(void **s)
{
    const char *y = CLUSTERS
                    "contexts:\n"
                    "- {name: a, context: {cluster: gone, user: x}}\n"
                    "- {name: b, context: {cluster: prod, user: ghost}}\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, "a", &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "names cluster 'gone'"));
    assert_int_equal(parse(y, "b", &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "names user 'ghost'"));
    assert_null(a.server);
}

static void test_malformed_yaml_names_file_and_line(void **s)
{
    const char *y = "clusters:\n- name: a\n  cluster:\n    server: [x\n"
                    "contexts: {\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, "a", &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "cannot parse 'dir/kc.yaml' line "));
    assert_int_equal(parse("- just\n- a list\n", "a", &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "line 1: a kubeconfig must be a mapping"));
}

static void test_wrong_shapes_and_values_are_clear_errors(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse("current-context: a\nclusters: {a: b}\n"
                           "contexts:\n- {name: a, context: {cluster: a}}\n",
                           NULL, &a, &err), SB_E_FORMAT);
    assert_string_equal(err.msg, "cannot parse 'dir/kc.yaml' line 2: "
                                 "'clusters' must be a list");
    assert_int_equal(parse("clusters:\n- name: a\n  cluster:\n"
                           "    server: https://a\n"
                           "    insecure-skip-tls-verify: maybe\n"
                           "contexts:\n- {name: a, context: {cluster: a}}\n",
                           "a", &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "line 5: 'insecure-skip-tls-verify' "
                                    "must be true or false, not 'maybe'"));
    assert_int_equal(parse("clusters:\n- name: a\n  cluster:\n"
                           "    server: https://a\n"
                           "    certificate-authority-data: '*not*b64'\n"
                           "contexts:\n- {name: a, context: {cluster: a}}\n",
                           "a", &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "'certificate-authority-data' of "
                                    "cluster 'a' is not base64"));
    assert_int_equal(parse("clusters:\n- name: a\n  cluster: {}\n"
                           "contexts:\n- {name: a, context: {cluster: a}}\n",
                           "a", &a, &err), SB_E_FORMAT);
    assert_string_equal(err.msg, "cluster 'a' in 'dir/kc.yaml' has no server");
    assert_int_equal(parse("clusters:\n- name: a\n  cluster:\n"
                           "    server: {x: 1}\n"
                           "contexts:\n- {name: a, context: {cluster: a}}\n",
                           "a", &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "line 4: 'server' must be a string"));
}

static void test_every_allocation_failure_is_clean(void **s)
{
    const char *y = "current-context: c\n"
                    CLUSTERS
                    "contexts:\n- {name: c, context: {cluster: prod, "
                    "user: u, namespace: n}}\n"
                    "users:\n- name: u\n  user:\n"
                    "    client-certificate-data: Q0VSVA==\n"
                    "    exec:\n"
                    "      apiVersion: client.authentication.k8s.io/v1\n"
                    "      command: ./bin/plugin\n"
                    "      args: [a, b]\n"
                    "      env: [{name: A, value: '1'}]\n";
    long n, made = 0;

    for (n = 0; n < 200; n++) {
        struct sb_kube_auth a;
        struct sb_err err = SB_ERR_INIT;
        int rc;

        sb_alloc_fail_after(n);
        rc = parse(y, NULL, &a, &err);
        made = sb_alloc_fail_after(-1);
        if (rc == 0) {
            assert_string_equal(a.exec_args[1], "b");
            sb_kube_auth_release(&a);
            break;
        }
        assert_int_equal(rc, SB_E_NOMEM);
        assert_null(a.server);
    }
    assert_true(n < 200);
    assert_true(made > 5);
}

static void test_kubeconfig_files_merge_first_wins(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char env[2048], p1[512], p2[512], p3[512];

    path_in(p1, sizeof(p1), "one");
    assert_int_equal(mkdir(p1, 0700), 0);
    write_file("one/a.yaml",
               "current-context: from-a\n"
               "clusters:\n- name: shared\n  cluster:\n"
               "    server: https://a-wins\n"
               "    certificate-authority: ca-a.crt\n"
               "users:\n- name: shared-user\n  user:\n"
               "    tokenFile: tok\n", 0600);
    write_file("b.yaml",
               "current-context: from-b\n"
               "clusters:\n- name: shared\n  cluster: {server: https://b}\n"
               "- name: only-b\n  cluster: {server: https://only-b,"
               " certificate-authority: ca-b.crt}\n"
               "contexts:\n"
               "- {name: from-a, context: {cluster: shared, "
               "user: shared-user}}\n"
               "- {name: from-b, context: {cluster: only-b, user: b}}\n"
               "users:\n- name: shared-user\n  user: {token: b-token}\n"
               "- name: b\n  user: {token: tb}\n", 0600);
    write_file("one/tok", "  file-token\n\n", 0600);
    path_in(p1, sizeof(p1), "one/a.yaml");
    path_in(p2, sizeof(p2), "missing.yaml");
    path_in(p3, sizeof(p3), "b.yaml");
    snprintf(env, sizeof(env), "%s::%s:%s", p1, p2, p3);
    setenv("KUBECONFIG", env, 1);

    /* the context is only in b, current-context only counts from a,
     * the cluster and user of a win over b's, and their relative paths
     * are resolved against a's folder */
    assert_int_equal(sb_kubeconfig_load(NULL, NULL, &a, &err), 0);
    assert_string_equal(a.context, "from-a");
    assert_string_equal(a.server, "https://a-wins");
    snprintf(env, sizeof(env), "%s/one/ca-a.crt", tmpdir);
    assert_string_equal(a.ca_file, env);
    snprintf(env, sizeof(env), "%s/one/tok", tmpdir);
    assert_string_equal(a.token_file, env);
    assert_string_equal(a.token, "file-token");
    sb_kube_auth_release(&a);

    assert_int_equal(sb_kubeconfig_load(NULL, "from-b", &a, &err), 0);
    assert_string_equal(a.server, "https://only-b");
    snprintf(env, sizeof(env), "%s/ca-b.crt", tmpdir);
    assert_string_equal(a.ca_file, env);
    assert_string_equal(a.token, "tb");
    sb_kube_auth_release(&a);

    assert_int_equal(sb_kubeconfig_load(NULL, "zzz", &a, &err),
                     SB_E_NOTFOUND);
    snprintf(env, sizeof(env), "no such context 'zzz' in '%s:%s'", p1, p3);
    assert_string_equal(err.msg, env);
    unsetenv("KUBECONFIG");
}

static void test_explicit_path_must_exist_and_beats_the_environment(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char p[512];

    setenv("KUBECONFIG", "/nonexistent/kc", 1);
    write_file("x.yaml", CLUSTERS "contexts:\n- {name: x, context: "
                         "{cluster: dev}}\n", 0600);
    path_in(p, sizeof(p), "x.yaml");
    assert_int_equal(sb_kubeconfig_load(p, "x", &a, &err), 0);
    assert_string_equal(a.server, "https://dev:443");
    sb_kube_auth_release(&a);
    path_in(p, sizeof(p), "absent.yaml");
    assert_int_equal(sb_kubeconfig_load(p, "x", &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "absent.yaml': No such file"));
    assert_int_equal(sb_kubeconfig_load(NULL, "x", &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "none of the files in $KUBECONFIG"));
    unsetenv("KUBECONFIG");
}

static void test_home_kube_config_is_the_fallback(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    char p[512];

    path_in(p, sizeof(p), ".kube");
    mkdir(p, 0700);
    write_file(".kube/config", "current-context: h\n" CLUSTERS
               "contexts:\n- {name: h, context: {cluster: dev}}\n", 0600);
    setenv("HOME", tmpdir, 1);
    assert_int_equal(sb_kubeconfig_load(NULL, NULL, &a, &err), 0);
    assert_string_equal(a.context, "h");
    snprintf(p, sizeof(p), "%s/.kube/certs/ca.crt", tmpdir);
    assert_string_equal(a.ca_file, p);
    sb_kube_auth_release(&a);
    path_in(p, sizeof(p), ".kube/config");
    unlink(p);
    assert_int_equal(sb_kubeconfig_load(NULL, NULL, &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "no kubeconfig: $KUBECONFIG is unset"));
    if (home) {
        setenv("HOME", home, 1);
        free(home);
    }
}

static void test_in_cluster_service_account(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char sa[512], p[600], *home = getenv("HOME") ? strdup(getenv("HOME"))
                                                 : NULL;

    path_in(sa, sizeof(sa), "sa");
    mkdir(sa, 0700);
    write_file("sa/token", "sa-token\n", 0600);
    write_file("sa/ca.crt", CA_PEM, 0600);
    write_file("sa/namespace", "gpu-ops", 0600);
    assert_int_equal(sb_kubeconfig_incluster(sa, &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "not running in a cluster"));
    setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
    setenv("KUBERNETES_SERVICE_PORT", "443", 1);
    assert_int_equal(sb_kubeconfig_incluster(sa, &a, &err), 0);
    assert_string_equal(a.server, "https://10.96.0.1:443");
    assert_string_equal(a.context, "in-cluster");
    assert_string_equal(a.token, "sa-token");
    assert_string_equal(a.namespace, "gpu-ops");
    snprintf(p, sizeof(p), "%s/ca.crt", sa);
    assert_string_equal(a.ca_file, p);
    /* the kubelet rotates the token: a refresh picks the new one up */
    write_file("sa/token", "rotated\n", 0600);
    assert_int_equal(sb_kube_auth_refresh(&a, &err), 0);
    assert_string_equal(a.token, "rotated");
    sb_kube_auth_release(&a);

    setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
    path_in(p, sizeof(p), "sa/namespace");
    unlink(p);
    assert_int_equal(sb_kubeconfig_incluster(sa, &a, &err), 0);
    assert_string_equal(a.server, "https://[fd00::1]:443");
    assert_null(a.namespace);
    sb_kube_auth_release(&a);

    path_in(p, sizeof(p), "sa/token");
    unlink(p);
    assert_int_equal(sb_kubeconfig_incluster(sa, &a, &err), SB_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "in-cluster service account"));

    /* no kubeconfig anywhere, but in a pod: load falls back to the pod's
     * service account (absent here, unless this test runs in a pod) */
    setenv("HOME", tmpdir, 1);
    if (sb_kubeconfig_load(NULL, NULL, &a, &err) == 0) {
        assert_string_equal(a.context, "in-cluster");
        sb_kube_auth_release(&a);
    } else {
        assert_int_equal(err.code, SB_E_NOTFOUND);
        assert_non_null(strstr(err.msg, "serviceaccount/token"));
    }
    unsetenv("KUBERNETES_SERVICE_HOST");
    unsetenv("KUBERNETES_SERVICE_PORT");
    if (home) {
        setenv("HOME", home, 1);
        free(home);
    }
}

/* A plugin that counts its runs, records its arguments, environment and
 * KUBERNETES_EXEC_INFO, and prints what $OUTPUT_KIND asks for. */
static const char *plugin =
    "#!/bin/sh\n"
    "d=$(dirname \"$0\")\n"
    "echo run >> \"$d/runs\"\n"
    "printf '%s|%s|%s' \"$1\" \"$2\" \"$PLUGIN_VAR\" > \"$d/seen\"\n"
    "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$d/info\"\n"
    "case \"$OUTPUT_KIND\" in\n"
    "fail) echo 'token expired, run login' >&2; exit 1;;\n"
    "sleep) sleep 5;;\n"
    "garbage) echo 'not json';;\n"
    "wrongver) echo '{\"kind\":\"ExecCredential\",\"apiVersion\":"
    "\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"t\"}}';;\n"
    "cert) printf '%s\\n' '{\"kind\":\"ExecCredential\",\"apiVersion\":"
    "\"client.authentication.k8s.io/v1beta1\",\"status\":{"
    "\"clientCertificateData\":\"-----BEGIN CERTIFICATE-----\\nX\\n\","
    "\"clientKeyData\":\"-----BEGIN RSA PRIVATE KEY-----\\nY\\n\"}}';;\n"
    "*) echo \"{\\\"kind\\\":\\\"ExecCredential\\\",\\\"apiVersion\\\":"
    "\\\"client.authentication.k8s.io/v1\\\",\\\"status\\\":{\\\"token\\\":"
    "\\\"tok-$(wc -l < \"$d/runs\" | tr -d ' ')\\\"$EXPIRY}}\";;\n"
    "esac\n";

static void write_exec_config(const char *api, const char *kind,
                              const char *expiry, char *path, size_t n)
{
    char y[2048];

    snprintf(y, sizeof(y),
             "current-context: e\n" CLUSTERS
             "contexts:\n- {name: e, context: {cluster: prod, user: e}}\n"
             "users:\n- name: e\n  user:\n    exec:\n"
             "      apiVersion: %s\n"
             "      command: ./plug.sh\n"
             "      args: [first, 'second arg']\n"
             "      provideClusterInfo: true\n"
             "      interactiveMode: Never\n"
             "      env:\n"
             "      - {name: PLUGIN_VAR, value: from-kubeconfig}\n"
             "      - {name: OUTPUT_KIND, value: '%s'}\n"
             "      - {name: EXPIRY, value: '%s'}\n", api, kind, expiry);
    write_file("kc", y, 0600);
    write_file("plug.sh", plugin, 0755);
    path_in(path, n, "runs");
    unlink(path);
    path_in(path, n, "kc");
}

static void test_exec_plugin_v1_token_args_env_and_exec_info(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char p[512];
    const char *info;

    write_exec_config("client.authentication.k8s.io/v1", "token", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), 0);
    assert_string_equal(a.token, "tok-1");
    assert_int_equal(a.expiry, 0);
    assert_string_equal(slurp("seen"), "first|second arg|from-kubeconfig");
    info = slurp("info");
    assert_non_null(strstr(info, "\"kind\":\"ExecCredential\""));
    assert_non_null(strstr(info, "\"apiVersion\":"
                                 "\"client.authentication.k8s.io/v1\""));
    assert_non_null(strstr(info, "\"interactive\":false"));
    assert_non_null(strstr(info, "\"server\":\"https://10.0.0.1:6443\""));
    assert_non_null(strstr(info, "\"certificate-authority-data\":\""
                                 CA_B64 "\""));
    /* no expiry: the credential is kept, the plugin not run again */
    assert_int_equal(sb_kube_auth_refresh(&a, &err), 0);
    assert_string_equal(a.token, "tok-1");
    sb_kube_auth_release(&a);
}

static void test_exec_plugin_expiry_is_honoured(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char p[512], exp[200], t[SB_TIME_MAX];

    /* already expired: every refresh runs the plugin again */
    write_exec_config("client.authentication.k8s.io/v1", "token",
                      ",\"expirationTimestamp\":\"2020-01-01T00:00:00Z\"", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), 0);
    assert_string_equal(a.token, "tok-1");
    assert_int_equal(a.expiry, 1577836800);
    assert_int_equal(sb_kube_auth_refresh(&a, &err), 0);
    assert_string_equal(a.token, "tok-2");
    sb_kube_auth_release(&a);

    /* valid for an hour: kept */
    snprintf(exp, sizeof(exp), ",\"expirationTimestamp\":\"%s\"",
             sb_time_format(sb_time_now() + 3600, -1, t));
    write_exec_config("client.authentication.k8s.io/v1", "token", exp, p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), 0);
    assert_int_equal(sb_kube_auth_refresh(&a, &err), 0);
    assert_string_equal(a.token, "tok-1");
    /* once the clock passes it, the plugin runs again */
    a.expiry = sb_time_now() - 1;
    assert_int_equal(sb_kube_auth_refresh(&a, &err), 0);
    assert_string_equal(a.token, "tok-2");
    sb_kube_auth_release(&a);
}

static void test_exec_plugin_v1beta1_client_certificate(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char p[512];

    write_exec_config("client.authentication.k8s.io/v1beta1", "cert", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), 0);
    assert_string_equal(a.cert_pem, "-----BEGIN CERTIFICATE-----\nX\n");
    assert_string_equal(a.key_pem, "-----BEGIN RSA PRIVATE KEY-----\nY\n");
    assert_null(a.token);
    sb_kube_auth_release(&a);
}

static void test_exec_plugin_failures_name_command_and_cause(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    char p[512], want[700];
    int64_t t0;

    write_exec_config("client.authentication.k8s.io/v1", "fail", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), SB_E_DENIED);
    snprintf(want, sizeof(want), "exec plugin '%s/plug.sh' failed (exit 1): "
             "token expired, run login", tmpdir);
    assert_string_equal(err.msg, want);
    assert_null(a.server);

    write_exec_config("client.authentication.k8s.io/v1", "garbage", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "printed no ExecCredential JSON"));

    write_exec_config("client.authentication.k8s.io/v1", "wrongver", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "want ExecCredential "
                                    "'client.authentication.k8s.io/v1'"));

    write_exec_config("client.authentication.k8s.io/v1alpha1", "token", "",
                      p, sizeof(p));
    assert_int_equal(sb_kubeconfig_load(p, NULL, &a, &err), SB_E_FORMAT);
    assert_non_null(strstr(err.msg, "apiVersion "
                                    "'client.authentication.k8s.io/v1alpha1'"));

    write_exec_config("client.authentication.k8s.io/v1", "sleep", "", p,
                      sizeof(p));
    assert_int_equal(sb_kubeconfig_parse(slurp("kc"), strlen(slurp("kc")), p,
                                         NULL, &a, &err), 0);
    a.exec_timeout_ms = 300;
    t0 = sb_time_mono_ms();
    assert_int_equal(sb_kube_auth_refresh(&a, &err), SB_E_TIMEOUT);
    assert_true(sb_time_mono_ms() - t0 < 3000);
    assert_non_null(strstr(err.msg, "timed out after 300 ms"));
    sb_kube_auth_release(&a);
}

static void test_exec_plugin_not_found(void **s)
{
    const char *y = "current-context: e\n" CLUSTERS
                    "contexts:\n- {name: e, context: {cluster: prod, "
                    "user: e}}\n"
                    "users:\n- name: e\n  user:\n    exec:\n"
                    "      apiVersion: client.authentication.k8s.io/v1\n"
                    "      command: sb-no-such-credential-plugin\n";
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(parse(y, NULL, &a, &err), 0);
    assert_string_equal(a.exec_command, "sb-no-such-credential-plugin");
    assert_int_equal(sb_kube_auth_refresh(&a, &err), SB_E_NOTFOUND);
    assert_string_equal(err.msg, "exec plugin 'sb-no-such-credential-plugin' "
                                 "could not be started: No such file or "
                                 "directory");
    sb_kube_auth_release(&a);
}

/* Parses 'text' and returns the seconds it took. */
static double timed_parse(const char *text, struct sb_kube_auth *a,
                          struct sb_err *err, int *rc)
{
    int64_t t0 = sb_time_mono_ms();

    *rc = parse(text, NULL, a, err);
    return (double)(sb_time_mono_ms() - t0) / 1000.0;
}

/* 200 KB of flow nesting took 18 s (libyaml rescans every open level at
 * each token); now it is refused at once, a 64-deep one still read, and
 * a large shallow kubeconfig read in time linear in its size. The bound
 * is generous: a slow machine passes, a quadratic parse does not. */
static void test_deep_or_large_documents_parse_in_linear_time(void **s)
{
    struct sb_kube_auth a;
    struct sb_err err = SB_ERR_INIT;
    size_t n = 100000, len = 0;
    char *t = malloc(n * 2 + 4096);
    int rc;

    (void)s;
    assert_non_null(t);
    len = (size_t)sprintf(t, "users: ");
    memset(t + len, '[', n);
    memset(t + len + n, ']', n);
    t[len + 2 * n] = 0;
    assert_true(timed_parse(t, &a, &err, &rc) < 2.0);
    assert_int_equal(rc, SB_E_FORMAT);
    assert_string_equal(err.msg, "cannot parse 'dir/kc.yaml' line 1: "
                        "nested more than 64 levels deep");
    /* the same depth inside quotes and comments is text, not nesting */
    len = (size_t)sprintf(t, "# %s\n", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    len += (size_t)sprintf(t + len, CLUSTERS
        "users:\n- name: u\n  user:\n    token: \"{{{{{{{{{{{{{{{{{{{{{{{{"
        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"\n"
        "    username: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
        "[[[[[[[[[[[[[[[[['\n"
        "contexts:\n- name: c\n  context: {cluster: prod, user: u}\n"
        "current-context: c\nx: ");
    memset(t + len, '[', 64);
    memset(t + len + 64, ']', 64);
    t[len + 128] = 0;
    assert_int_equal(parse(t, NULL, &a, &err), 0);
    assert_string_equal(a.token, "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"
                        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{");
    sb_kube_auth_release(&a);
    free(t);
    /* 1 MB of users, each a small mapping */
    n = 1 << 20;
    t = malloc(n + 4096);
    assert_non_null(t);
    len = (size_t)sprintf(t, CLUSTERS "contexts:\n- name: c\n  context: "
                          "{cluster: prod, user: u0}\ncurrent-context: c\n"
                          "users:\n");
    for (int i = 0; len < n; i++)
        len += (size_t)sprintf(t + len, "- name: u%d\n  user: {token: t%d}\n",
                               i, i);
    assert_true(timed_parse(t, &a, &err, &rc) < 10.0);
    assert_int_equal(rc, 0);
    assert_string_equal(a.token, "t0");
    sb_kube_auth_release(&a);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_user_with_current_context_fills_every_field),
        cmocka_unit_test(
            test_named_context_overrides_current_and_paths_are_relative),
        cmocka_unit_test(test_client_certificate_data_and_basic_auth_are_read),
        cmocka_unit_test(test_context_without_user_is_anonymous),
        cmocka_unit_test(test_missing_context_is_named_with_the_file),
        cmocka_unit_test(test_context_naming_a_missing_cluster_or_user_fails),
        cmocka_unit_test(test_malformed_yaml_names_file_and_line),
        cmocka_unit_test(test_wrong_shapes_and_values_are_clear_errors),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
        cmocka_unit_test(test_kubeconfig_files_merge_first_wins),
        cmocka_unit_test(
            test_explicit_path_must_exist_and_beats_the_environment),
        cmocka_unit_test(test_home_kube_config_is_the_fallback),
        cmocka_unit_test(test_in_cluster_service_account),
        cmocka_unit_test(test_exec_plugin_v1_token_args_env_and_exec_info),
        cmocka_unit_test(test_exec_plugin_expiry_is_honoured),
        cmocka_unit_test(test_exec_plugin_v1beta1_client_certificate),
        cmocka_unit_test(test_exec_plugin_failures_name_command_and_cause),
        cmocka_unit_test(test_exec_plugin_not_found),
        cmocka_unit_test(test_deep_or_large_documents_parse_in_linear_time),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
