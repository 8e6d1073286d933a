/*
 * Reading kubeconfig files as kubectl does: the list of files, each
 * parsed with libyaml, merged (the first to name an entry wins), the
 * context resolved into a struct sb_kube_auth, or the in-cluster service
 * account. Running the exec plugin and refreshing the credential are
 * sb_kubeconfig_exec.c's; what both share is private/sb_kubeconfig_int.h.
 */
#include "sb_kubeconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "sb_alloc.h"
#include "sb_base64.h"
#include "sb_buf.h"
#include "sb_kubeconfig_int.h"
#include "sb_log.h"

#define SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define EXEC_API_V1 "client.authentication.k8s.io/v1"
#define EXEC_API_V1BETA1 "client.authentication.k8s.io/v1beta1"

/* One parsed kubeconfig file. 'doc' is valid only when 'parsed'. */
struct kc_file {
    char *name;         /* as given, for messages */
    char *dir;          /* folder that relative paths are resolved against */
    yaml_document_t doc;
    int parsed;
};

/* KUBECONFIG lists more files than this only by mistake or malice */
#define KC_FILES_MAX 4096

struct kc_set {
    struct kc_file *files;
    size_t n, alloc;
    char *names;        /* "a:b", for "no such context 'x' in 'a:b'" */
};

/* ---- small helpers ---- */

static int read_file(const char *path, struct sb_buf *out, struct sb_err *err)
{
    char chunk[8192];
    ssize_t got;
    int fd, rc = 0;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sb_err_set(err, errno == ENOENT ? SB_E_NOTFOUND : SB_E_IO,
                          "cannot read '%s': %s", path, strerror(errno));
    for (;;) {
        got = read(fd, chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = sb_err_set(err, SB_E_IO, "cannot read '%s': %s", path,
                            strerror(errno));
            break;
        }
        if (got == 0)
            break;
        rc = sb_buf_add(out, chunk, (size_t)got);
        if (rc) {
            rc = sb_err_set(err, rc, "cannot read '%s': %s", path,
                            rc == SB_E_TOOBIG ? "file too large"
                                              : sb_err_str(rc));
            break;
        }
    }
    close(fd);
    return rc;
}

/* Reads a token file, without the surrounding whitespace (kubectl trims). */
int sb_kc_read_token(const char *path, char **out, struct sb_err *err)
{
    struct sb_buf b = SB_BUF_INIT(SB_KUBE_FILE_MAX);
    const char *s;
    size_t len;
    int rc;

    rc = read_file(path, &b, err);
    if (rc)
        goto cleanup;
    s = sb_buf_str(&b);
    len = b.len;
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    while (len && strchr(" \t\r\n", *s)) {
        s++;
        len--;
    }
    sb_free(*out);
    *out = sb_strndup(s, len);
    if (!*out)
        rc = sb_err_set(err, SB_E_NOMEM, "reading token '%s': out of memory",
                        path);
cleanup:
    sb_buf_release(&b);
    return rc;
}

/* A kubeconfig's *-data value: either alphabet, line breaks and spaces
 * ignored, padding optional but never wrong. Returns a NUL-terminated
 * string the caller frees, or NULL with *bad set when the input is not
 * base64 (left clear on out of memory). */
static char *b64_decode(const char *s, int *bad)
{
    struct sb_buf b = SB_BUF_INIT(SB_KUBE_FILE_MAX);
    int rc = sb_base64_decode_buf(s, strlen(s), SB_B64_SPACE | SB_B64_STRICT,
                                  &b);

    *bad = rc == SB_E_FORMAT;
    if (rc) {
        sb_buf_release(&b);
        return NULL;
    }
    return sb_buf_detach(&b, NULL);
}

static char *path_join(const char *dir, const char *p)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (p[0] == '/' || !dir || !dir[0])
        return sb_strdup(p);
    while (p[0] == '.' && p[1] == '/')
        for (p += 2; *p == '/'; p++)
            ;
    if (sb_buf_addf(&b, "%s/%s", dir, p)) {
        sb_buf_release(&b);
        return NULL;
    }
    return sb_buf_detach(&b, NULL);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return sb_strdup(".");
    if (slash == path)
        return sb_strdup("/");
    return sb_strndup(path, (size_t)(slash - path));
}

/* ---- YAML tree access ---- */

static unsigned long line_of(const yaml_node_t *n)
{
    return n ? (unsigned long)n->start_mark.line + 1 : 0;
}

static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *map,
                            const char *key)
{
    yaml_node_pair_t *p;

    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);

        if (k && k->type == YAML_SCALAR_NODE &&
            k->data.scalar.length == strlen(key) &&
            !memcmp(k->data.scalar.value, key, k->data.scalar.length))
            return yaml_document_get_node(d, p->value);
    }
    return NULL;
}

/* A plain '~', 'null' or empty scalar means "not set", as in YAML. */
static int is_null(const yaml_node_t *n)
{
    const char *v;

    if (!n || n->type != YAML_SCALAR_NODE)
        return !n;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    v = (const char *)n->data.scalar.value;
    return !v[0] || !strcmp(v, "~") || !strcmp(v, "null") ||
           !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* Fetches scalar 'key' of 'map'. Returns 0 with *out NULL when absent,
 * or a format error naming the file and line when it is not a scalar. */
static int get_str(struct kc_file *f, yaml_node_t *map, const char *key,
                   const char **out, struct sb_err *err)
{
    yaml_node_t *n = map_get(&f->doc, map, key);

    *out = NULL;
    if (is_null(n))
        return 0;
    if (n->type != YAML_SCALAR_NODE)
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: '%s' must be a string",
                          f->name, line_of(n), key);
    if (memchr(n->data.scalar.value, '\0', n->data.scalar.length))
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: '%s' holds a NUL byte",
                          f->name, line_of(n), key);
    *out = (const char *)n->data.scalar.value;
    return 0;
}

static int dup_str(struct kc_file *f, yaml_node_t *map, const char *key,
                   char **dst, struct sb_err *err)
{
    const char *v;
    int rc = get_str(f, map, key, &v, err);

    if (rc || !v)
        return rc;
    sb_free(*dst);
    *dst = sb_strdup(v);
    return *dst ? 0 : sb_err_set(err, SB_E_NOMEM, "out of memory");
}

/* Like dup_str, then made relative to the kubeconfig's folder. */
static int dup_path(struct kc_file *f, yaml_node_t *map, const char *key,
                    char **dst, struct sb_err *err)
{
    const char *v;
    int rc = get_str(f, map, key, &v, err);

    if (rc || !v)
        return rc;
    sb_free(*dst);
    *dst = path_join(f->dir, v);
    return *dst ? 0 : sb_err_set(err, SB_E_NOMEM, "out of memory");
}

static int dup_b64(struct kc_file *f, yaml_node_t *map, const char *key,
                   const char *what, char **dst, struct sb_err *err)
{
    const char *v;
    int bad, rc = get_str(f, map, key, &v, err);

    if (rc || !v)
        return rc;
    sb_free(*dst);
    *dst = b64_decode(v, &bad);
    if (*dst)
        return 0;
    if (bad)
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: '%s' of %s is not "
                          "base64", f->name,
                          line_of(map_get(&f->doc, map, key)), key, what);
    return sb_err_set(err, SB_E_NOMEM, "out of memory");
}

static int get_bool(struct kc_file *f, yaml_node_t *map, const char *key,
                    bool *dst, struct sb_err *err)
{
    static const char *const yes[] = {"true", "yes", "on", "y"};
    static const char *const no[] = {"false", "no", "off", "n"};
    const char *v;
    size_t i;
    int rc = get_str(f, map, key, &v, err);

    if (rc || !v)
        return rc;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!strcasecmp(v, yes[i])) {
            *dst = true;
            return 0;
        }
        if (!strcasecmp(v, no[i])) {
            *dst = false;
            return 0;
        }
    }
    return sb_err_set(err, SB_E_FORMAT,
                      "cannot parse '%s' line %lu: '%s' must be true or "
                      "false, not '%s'", f->name,
                      line_of(map_get(&f->doc, map, key)), key, v);
}

/* ---- loading the files ---- */

/* libyaml re-checks every open flow level ('[' or '{') at each token, so
 * its time grows with the square of the nesting: 200 KB of '[' took 18 s.
 * A kubeconfig nests a few levels; past KC_FLOW_MAX the text is refused
 * before libyaml sees it, in one pass that skips quoted scalars and
 * comments. Returns the line of the first level too many, or 0. */
#define KC_FLOW_MAX 64
static unsigned long flow_too_deep(const char *t, size_t len)
{
    unsigned long line = 1;
    size_t depth = 0;
    char quote = 0;

    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == '\n')
            line++;
        if (quote) {
            if (quote == '"' && c == '\\' && i + 1 < len)
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == 0 || t[i - 1] == ' ' ||
                                t[i - 1] == '\t' || t[i - 1] == '\n')) {
            while (i + 1 < len && t[i + 1] != '\n')
                i++;
        } else if (c == '[' || c == '{') {
            if (++depth > KC_FLOW_MAX)
                return line;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return 0;
}

static int parse_file(struct kc_file *f, const char *text, size_t len,
                      struct sb_err *err)
{
    yaml_parser_t parser;
    yaml_node_t *root;
    unsigned long deep = flow_too_deep(text, len);
    int rc = 0;

    if (deep)
        return sb_err_set(err, SB_E_FORMAT, "cannot parse '%s' line %lu: "
                          "nested more than %d levels deep", f->name, deep,
                          KC_FLOW_MAX);

    if (!yaml_parser_initialize(&parser))
        return sb_err_set(err, SB_E_NOMEM, "cannot parse '%s': out of memory",
                          f->name);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &f->doc)) {
        rc = sb_err_set(err, SB_E_FORMAT, "cannot parse '%s' line %lu: %s",
                        f->name,
                        (unsigned long)parser.problem_mark.line + 1,
                        parser.problem ? parser.problem : "invalid YAML");
        goto cleanup;
    }
    f->parsed = 1;
    root = yaml_document_get_root_node(&f->doc);
    if (root && !is_null(root) && root->type != YAML_MAPPING_NODE)
        rc = sb_err_set(err, SB_E_FORMAT,
                        "cannot parse '%s' line %lu: a kubeconfig must be a "
                        "mapping", f->name, line_of(root));
cleanup:
    yaml_parser_delete(&parser);
    return rc;
}

static int set_add(struct kc_set *s, const char *name, struct sb_err *err)
{
    struct kc_file *f;
    int rc = SB_ARRAY_GROW(s->files, s->n + 1, s->alloc, KC_FILES_MAX);

    if (rc == SB_E_TOOBIG)
        return sb_err_set(err, rc, "KUBECONFIG lists more than %d files",
                          KC_FILES_MAX);
    if (rc)
        return sb_err_set(err, rc, "out of memory");
    f = &s->files[s->n];
    memset(f, 0, sizeof(*f));
    s->n++;
    f->name = sb_strdup(name);
    f->dir = dir_of(name);
    if (!f->name || !f->dir)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    return 0;
}

static void set_release(struct kc_set *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->files[i].parsed)
            yaml_document_delete(&s->files[i].doc);
        sb_free(s->files[i].name);
        sb_free(s->files[i].dir);
    }
    sb_free(s->files);
    sb_free(s->names);
    memset(s, 0, sizeof(*s));
}

static int set_load_file(struct kc_set *s, const char *path, int must_exist,
                         struct sb_err *err)
{
    struct sb_buf text = SB_BUF_INIT(SB_KUBE_FILE_MAX);
    int rc;

    rc = read_file(path, &text, err);
    if (rc == SB_E_NOTFOUND && !must_exist) {
        sb_err_clear(err);
        rc = 0;
        goto cleanup;
    }
    if (rc)
        goto cleanup;
    rc = set_add(s, path, err);
    if (!rc)
        rc = parse_file(&s->files[s->n - 1], sb_buf_str(&text), text.len,
                        err);
cleanup:
    sb_buf_release(&text);
    return rc;
}

static int set_names(struct kc_set *s, struct sb_err *err)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t i;

    for (i = 0; i < s->n; i++)
        if (sb_buf_addf(&b, "%s%s", i ? ":" : "", s->files[i].name))
            goto nomem;
    if (!b.data && sb_buf_grow(&b, 0))
        goto nomem;
    s->names = sb_buf_detach(&b, NULL);
    return 0;
nomem:
    sb_buf_release(&b);
    return sb_err_set(err, SB_E_NOMEM, "out of memory");
}

/* ---- merging: the first file to name an entry wins ---- */

/* Finds the entry named 'name' in the list 'list' ("clusters", ...) of
 * the first file that has one; *inner is its 'field' map ("cluster"). */
static int set_find(struct kc_set *s, const char *list, const char *field,
                    const char *name, struct kc_file **file,
                    yaml_node_t **inner, struct sb_err *err)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        struct kc_file *f = &s->files[i];
        yaml_node_t *seq, *root = yaml_document_get_root_node(&f->doc);
        yaml_node_item_t *it;

        seq = map_get(&f->doc, root, list);
        if (is_null(seq))
            continue;
        if (seq->type != YAML_SEQUENCE_NODE)
            return sb_err_set(err, SB_E_FORMAT,
                              "cannot parse '%s' line %lu: '%s' must be a "
                              "list", f->name, line_of(seq), list);
        for (it = seq->data.sequence.items.start;
             it < seq->data.sequence.items.top; it++) {
            yaml_node_t *e = yaml_document_get_node(&f->doc, *it);
            const char *n;
            int rc;

            if (!e || e->type != YAML_MAPPING_NODE)
                return sb_err_set(err, SB_E_FORMAT,
                                  "cannot parse '%s' line %lu: each of '%s' "
                                  "must be a mapping", f->name, line_of(e),
                                  list);
            rc = get_str(f, e, "name", &n, err);
            if (rc)
                return rc;
            if (!n || strcmp(n, name))
                continue;
            *file = f;
            *inner = map_get(&f->doc, e, field);
            if (*inner && !is_null(*inner) &&
                (*inner)->type != YAML_MAPPING_NODE)
                return sb_err_set(err, SB_E_FORMAT,
                                  "cannot parse '%s' line %lu: '%s' of '%s' "
                                  "must be a mapping", f->name,
                                  line_of(*inner), field, name);
            return 0;
        }
    }
    return SB_E_NOTFOUND;
}

static int set_current_context(struct kc_set *s, const char **out,
                               struct sb_err *err)
{
    size_t i;
    int rc;

    *out = NULL;
    for (i = 0; i < s->n; i++) {
        struct kc_file *f = &s->files[i];

        rc = get_str(f, yaml_document_get_root_node(&f->doc),
                     "current-context", out, err);
        if (rc)
            return rc;
        if (*out && **out)
            return 0;
    }
    *out = NULL;
    return 0;
}

/* ---- filling the result ---- */

static int fill_cluster(struct kc_file *f, yaml_node_t *c,
                        struct sb_kube_auth *a, struct sb_err *err)
{
    char what[300];
    size_t len;
    int rc;

    snprintf(what, sizeof(what), "cluster '%s'", a->cluster);
    rc = dup_str(f, c, "server", &a->server, err);
    if (!rc)
        rc = dup_path(f, c, "certificate-authority", &a->ca_file, err);
    if (!rc)
        rc = dup_b64(f, c, "certificate-authority-data", what, &a->ca_pem,
                     err);
    if (!rc)
        rc = get_bool(f, c, "insecure-skip-tls-verify", &a->insecure, err);
    if (!rc)
        rc = dup_str(f, c, "tls-server-name", &a->tls_server_name, err);
    if (!rc)
        rc = dup_str(f, c, "proxy-url", &a->proxy_url, err);
    if (rc)
        return rc;
    if (!a->server || !a->server[0])
        return sb_err_set(err, SB_E_FORMAT,
                          "cluster '%s' in '%s' has no server", a->cluster,
                          f->name);
    len = strlen(a->server);
    while (len > 1 && a->server[len - 1] == '/')
        a->server[--len] = '\0';
    return 0;
}

static int str_list(struct kc_file *f, yaml_node_t *seq, const char *what,
                    char ***out, struct sb_err *err)
{
    yaml_node_item_t *it;
    size_t n = 0;

    if (is_null(seq))
        return 0;
    if (seq->type != YAML_SEQUENCE_NODE)
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: '%s' must be a list",
                          f->name, line_of(seq), what);
    *out = sb_calloc((size_t)(seq->data.sequence.items.top -
                              seq->data.sequence.items.start) + 1,
                     sizeof(char *));
    if (!*out)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    for (it = seq->data.sequence.items.start;
         it < seq->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(&f->doc, *it);

        if (!e || e->type != YAML_SCALAR_NODE)
            return sb_err_set(err, SB_E_FORMAT,
                              "cannot parse '%s' line %lu: each of '%s' must "
                              "be a string", f->name, line_of(e), what);
        (*out)[n] = sb_strdup((const char *)e->data.scalar.value);
        if (!(*out)[n++])
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
    }
    return 0;
}

static int env_list(struct kc_file *f, yaml_node_t *seq, char ***out,
                    struct sb_err *err)
{
    yaml_node_item_t *it;
    size_t n = 0;

    if (is_null(seq))
        return 0;
    if (seq->type != YAML_SEQUENCE_NODE)
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: 'env' must be a list",
                          f->name, line_of(seq));
    *out = sb_calloc((size_t)(seq->data.sequence.items.top -
                              seq->data.sequence.items.start) + 1,
                     sizeof(char *));
    if (!*out)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    for (it = seq->data.sequence.items.start;
         it < seq->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(&f->doc, *it);
        struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
        const char *name, *value;
        int rc;

        if (!e || e->type != YAML_MAPPING_NODE)
            return sb_err_set(err, SB_E_FORMAT,
                              "cannot parse '%s' line %lu: each of 'env' "
                              "must be a mapping", f->name, line_of(e));
        rc = get_str(f, e, "name", &name, err);
        if (!rc)
            rc = get_str(f, e, "value", &value, err);
        if (rc)
            return rc;
        if (!name || !name[0] || strchr(name, '='))
            return sb_err_set(err, SB_E_FORMAT,
                              "cannot parse '%s' line %lu: an 'env' entry "
                              "needs a name without '='", f->name,
                              line_of(e));
        if (sb_buf_addf(&b, "%s=%s", name, value ? value : "")) {
            sb_buf_release(&b);
            return sb_err_set(err, SB_E_NOMEM, "out of memory");
        }
        (*out)[n++] = sb_buf_detach(&b, NULL);
    }
    return 0;
}

static int fill_exec(struct kc_file *f, yaml_node_t *x,
                     struct sb_kube_auth *a, struct sb_err *err)
{
    const char *cmd;
    int rc;

    rc = get_str(f, x, "command", &cmd, err);
    if (!rc)
        rc = dup_str(f, x, "apiVersion", &a->exec_api_version, err);
    if (!rc)
        rc = str_list(f, map_get(&f->doc, x, "args"), "args", &a->exec_args,
                      err);
    if (!rc)
        rc = env_list(f, map_get(&f->doc, x, "env"), &a->exec_env, err);
    if (!rc)
        rc = get_bool(f, x, "provideClusterInfo",
                      &a->exec_provide_cluster_info, err);
    if (rc)
        return rc;
    if (!cmd || !cmd[0])
        return sb_err_set(err, SB_E_FORMAT,
                          "user '%s' in '%s': exec needs a command", a->user,
                          f->name);
    if (!a->exec_api_version ||
        (strcmp(a->exec_api_version, EXEC_API_V1) &&
         strcmp(a->exec_api_version, EXEC_API_V1BETA1)))
        return sb_err_set(err, SB_E_FORMAT,
                          "user '%s' in '%s': exec plugin '%s' has "
                          "apiVersion '%s', want '%s' or '%s'", a->user,
                          f->name, cmd,
                          a->exec_api_version ? a->exec_api_version : "",
                          EXEC_API_V1, EXEC_API_V1BETA1);
    /* kubectl resolves a command with a '/' against the kubeconfig's
     * folder and leaves a bare name to $PATH */
    a->exec_command = strchr(cmd, '/') ? path_join(f->dir, cmd)
                                       : sb_strdup(cmd);
    return a->exec_command ? 0 : sb_err_set(err, SB_E_NOMEM, "out of memory");
}

static int fill_user(struct kc_file *f, yaml_node_t *u,
                     struct sb_kube_auth *a, struct sb_err *err)
{
    char what[300];
    yaml_node_t *x;
    int rc;

    snprintf(what, sizeof(what), "user '%s'", a->user);
    rc = dup_str(f, u, "token", &a->token, err);
    if (!rc)
        rc = dup_path(f, u, "tokenFile", &a->token_file, err);
    if (!rc)
        rc = dup_path(f, u, "client-certificate", &a->cert_file, err);
    if (!rc)
        rc = dup_path(f, u, "client-key", &a->key_file, err);
    if (!rc)
        rc = dup_b64(f, u, "client-certificate-data", what, &a->cert_pem,
                     err);
    if (!rc)
        rc = dup_b64(f, u, "client-key-data", what, &a->key_pem, err);
    if (!rc)
        rc = dup_str(f, u, "username", &a->username, err);
    if (!rc)
        rc = dup_str(f, u, "password", &a->password, err);
    if (rc)
        return rc;
    if (map_get(&f->doc, u, "auth-provider"))
        return sb_err_set(err, SB_E_USAGE,
                          "user '%s' in '%s' uses an auth-provider, which "
                          "kubectl no longer supports: use an exec plugin",
                          a->user, f->name);
    x = map_get(&f->doc, u, "exec");
    if (is_null(x))
        return 0;
    if (x->type != YAML_MAPPING_NODE)
        return sb_err_set(err, SB_E_FORMAT,
                          "cannot parse '%s' line %lu: 'exec' must be a "
                          "mapping", f->name, line_of(x));
    return fill_exec(f, x, a, err);
}

static int dup_to(char **dst, const char *s, struct sb_err *err)
{
    *dst = sb_strdup(s);
    return *dst ? 0 : sb_err_set(err, SB_E_NOMEM, "out of memory");
}

static int resolve(struct kc_set *s, const char *context,
                   struct sb_kube_auth *a, struct sb_err *err)
{
    struct kc_file *cf = NULL, *f = NULL;
    yaml_node_t *ctx = NULL, *node = NULL;
    const char *cluster, *user;
    int rc;

    memset(a, 0, sizeof(*a));
    rc = set_names(s, err);
    if (rc)
        return rc;
    if (!context || !context[0]) {
        rc = set_current_context(s, &context, err);
        if (rc)
            return rc;
        if (!context)
            return sb_err_set(err, SB_E_USAGE,
                              "no current-context in '%s': name one with "
                              "--context", s->names);
    }
    rc = set_find(s, "contexts", "context", context, &cf, &ctx, err);
    if (rc == SB_E_NOTFOUND)
        return sb_err_set(err, SB_E_NOTFOUND, "no such context '%s' in '%s'",
                          context, s->names);
    if (!rc)
        rc = dup_to(&a->context, context, err);
    if (!rc)
        rc = get_str(cf, ctx, "cluster", &cluster, err);
    if (!rc)
        rc = get_str(cf, ctx, "user", &user, err);
    if (!rc)
        rc = dup_str(cf, ctx, "namespace", &a->namespace, err);
    if (rc)
        return rc;
    if (!cluster || !cluster[0])
        return sb_err_set(err, SB_E_FORMAT,
                          "context '%s' in '%s' names no cluster", context,
                          cf->name);
    rc = dup_to(&a->cluster, cluster, err);
    if (rc)
        return rc;
    rc = set_find(s, "clusters", "cluster", cluster, &f, &node, err);
    if (rc == SB_E_NOTFOUND)
        return sb_err_set(err, SB_E_NOTFOUND,
                          "context '%s' in '%s' names cluster '%s', which is "
                          "not in '%s'", context, cf->name, cluster,
                          s->names);
    if (!rc)
        rc = fill_cluster(f, node, a, err);
    if (rc || !user || !user[0])
        return rc;      /* no user: anonymous, as kubectl allows */
    rc = dup_to(&a->user, user, err);
    if (rc)
        return rc;
    rc = set_find(s, "users", "user", user, &f, &node, err);
    if (rc == SB_E_NOTFOUND)
        return sb_err_set(err, SB_E_NOTFOUND,
                          "context '%s' in '%s' names user '%s', which is "
                          "not in '%s'", context, cf->name, user, s->names);
    if (!rc)
        rc = fill_user(f, node, a, err);
    return rc;
}

/* ---- public: parse and load ---- */

int sb_kubeconfig_parse(const char *text, size_t len, const char *name,
                        const char *context, struct sb_kube_auth *out,
                        struct sb_err *err)
{
    struct kc_set s = {0};
    int rc;

    memset(out, 0, sizeof(*out));
    rc = set_add(&s, name ? name : "<memory>", err);
    if (!rc)
        rc = parse_file(&s.files[0], text, len, err);
    if (!rc)
        rc = resolve(&s, context, out, err);
    if (rc)
        sb_kube_auth_release(out);
    set_release(&s);
    return rc;
}

static char *home_config(void)
{
    const char *home = getenv("HOME");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct passwd *pw;

    if (!home || !home[0]) {
        pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home || sb_buf_addf(&b, "%s/.kube/config", home)) {
        sb_buf_release(&b);
        return NULL;
    }
    return sb_buf_detach(&b, NULL);
}

static int in_cluster_env(void)
{
    const char *h = getenv("KUBERNETES_SERVICE_HOST");
    const char *p = getenv("KUBERNETES_SERVICE_PORT");

    return h && h[0] && p && p[0];
}

/* Loads the files of $KUBECONFIG; missing ones are skipped, as kubectl
 * skips them. */
static int load_env_list(struct kc_set *s, const char *list,
                         struct sb_err *err)
{
    char *copy = sb_strdup(list), *p, *save = NULL;
    int rc = 0;

    if (!copy)
        return sb_err_set(err, SB_E_NOMEM, "out of memory");
    for (p = strtok_r(copy, ":", &save); p && !rc;
         p = strtok_r(NULL, ":", &save)) {
        size_t i;
        int dup = 0;

        for (i = 0; i < s->n; i++)
            dup |= !strcmp(s->files[i].name, p);
        if (!dup)
            rc = set_load_file(s, p, 0, err);
    }
    sb_free(copy);
    return rc;
}

int sb_kubeconfig_load(const char *path, const char *context,
                       struct sb_kube_auth *out, struct sb_err *err)
{
    return sb_kubeconfig_load_timed(path, context, 0, out, err);
}

int sb_kubeconfig_load_timed(const char *path, const char *context,
                             int exec_timeout_ms, struct sb_kube_auth *out,
                             struct sb_err *err)
{
    const char *env = getenv("KUBECONFIG");
    struct kc_set s = {0};
    char *home = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    if (path && path[0]) {
        rc = set_load_file(&s, path, 1, err);
    } else if (env && env[0]) {
        rc = load_env_list(&s, env, err);
        if (!rc && !s.n && !in_cluster_env())
            rc = sb_err_set(err, SB_E_NOTFOUND,
                            "no kubeconfig: none of the files in $KUBECONFIG "
                            "('%s') exists", env);
    } else {
        home = home_config();
        if (!home) {
            rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
        } else {
            rc = set_load_file(&s, home, 0, err);
            if (!rc && !s.n && !in_cluster_env())
                rc = sb_err_set(err, SB_E_NOTFOUND,
                                "no kubeconfig: $KUBECONFIG is unset, '%s' "
                                "does not exist, and this is not a pod "
                                "(KUBERNETES_SERVICE_HOST is unset)", home);
        }
    }
    if (rc)
        goto cleanup;
    if (!s.n) {
        rc = sb_kubeconfig_incluster(NULL, out, err);
        goto cleanup;
    }
    rc = resolve(&s, context, out, err);
    out->exec_timeout_ms = exec_timeout_ms;
    if (!rc)
        rc = sb_kube_auth_refresh(out, err);
cleanup:
    if (rc)
        sb_kube_auth_release(out);
    sb_free(home);
    set_release(&s);
    return rc;
}

int sb_kubeconfig_incluster(const char *sa_dir, struct sb_kube_auth *out,
                            struct sb_err *err)
{
    const char *host = getenv("KUBERNETES_SERVICE_HOST");
    const char *port = getenv("KUBERNETES_SERVICE_PORT");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    char *ns_file = NULL;
    struct stat st;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!sa_dir)
        sa_dir = SA_DIR;
    if (!host || !host[0] || !port || !port[0])
        return sb_err_set(err, SB_E_NOTFOUND,
                          "not running in a cluster: KUBERNETES_SERVICE_HOST "
                          "and KUBERNETES_SERVICE_PORT must both be set");
    /* an IPv6 address needs brackets in a URL */
    if (sb_buf_addf(&b, strchr(host, ':') ? "https://[%s]:%s"
                                          : "https://%s:%s", host, port))
        goto nomem;
    out->server = sb_buf_detach(&b, NULL);
    if (!out->server || dup_to(&out->context, "in-cluster", err) ||
        dup_to(&out->cluster, "in-cluster", err) ||
        dup_to(&out->user, "in-cluster", err))
        goto nomem;
    if (sb_buf_addf(&b, "%s/token", sa_dir))
        goto nomem;
    out->token_file = sb_buf_detach(&b, NULL);
    if (sb_buf_addf(&b, "%s/ca.crt", sa_dir))
        goto nomem;
    out->ca_file = sb_buf_detach(&b, NULL);
    if (sb_buf_addf(&b, "%s/namespace", sa_dir))
        goto nomem;
    ns_file = sb_buf_detach(&b, NULL);
    if (!out->token_file || !out->ca_file || !ns_file)
        goto nomem;
    if (stat(out->ca_file, &st)) {
        /* client-go goes on with the system's roots: so do we, loudly */
        sb_warn("in-cluster: no service account CA '%s' (%s): using the "
                "system's certificate authorities", out->ca_file,
                strerror(errno));
        sb_free(out->ca_file);
        out->ca_file = NULL;
    }
    rc = sb_kc_read_token(ns_file, &out->namespace, err);
    if (rc == SB_E_NOTFOUND) {
        sb_err_clear(err);      /* no namespace file: all namespaces */
        rc = 0;
    }
    if (!rc)
        rc = sb_kc_read_token(out->token_file, &out->token, err);
    if (rc)
        sb_err_wrap(err, "in-cluster service account");
    goto cleanup;
nomem:
    rc = sb_err_set(err, SB_E_NOMEM, "out of memory");
cleanup:
    if (rc)
        sb_kube_auth_release(out);
    sb_buf_release(&b);
    sb_free(ns_file);
    return rc;
}
