#include "sb_nvsmi.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sb_alloc.h"
#include "sb_buf.h"

/* Longest field value we keep; nvidia-smi's are far shorter. */
#define VALUE_MAX 512

struct ctx {
    bool oom;
};

static bool name_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    xmlNode *c;

    if (!n)
        return NULL;
    for (c = n->children; c; c = c->next)
        if (name_is(c, name))
            return c;
    return NULL;
}

/* child(child(n, a), b) ... for a "/"-separated path of short names */
static xmlNode *at(const xmlNode *n, const char *path)
{
    char part[64];
    const char *p = path, *slash;
    size_t len;

    while (n && *p) {
        slash = strchr(p, '/');
        len = slash ? (size_t)(slash - p) : strlen(p);
        if (len >= sizeof(part))
            return NULL;
        memcpy(part, p, len);
        part[len] = '\0';
        n = child(n, part);
        p += len + (slash ? 1 : 0);
    }
    return (xmlNode *)n;
}

/* The node's text, trimmed, into 'buf'; "" when the node is absent or
 * holds no text. Only direct text children count: an element with child
 * elements has no value of its own. */
static const char *text(const xmlNode *n, char buf[VALUE_MAX])
{
    const xmlNode *c;
    size_t len = 0, start = 0;

    buf[0] = '\0';
    if (!n)
        return buf;
    for (c = n->children; c; c = c->next) {
        const char *s;
        size_t sl;

        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
            continue;
        s = (const char *)c->content;
        sl = s ? strlen(s) : 0;
        if (sl > VALUE_MAX - 1 - len)
            sl = VALUE_MAX - 1 - len;
        memcpy(buf + len, s, sl);
        len += sl;
    }
    while (len && isspace((unsigned char)buf[len - 1]))
        len--;
    buf[len] = '\0';
    while (isspace((unsigned char)buf[start]))
        start++;
    return buf + start;
}

/* nvidia-smi's ways of saying "no value" */
static bool missing(const char *s)
{
    static const char *const none[] = {
        "N/A", "Not Supported", "Unknown Error", "Insufficient Permissions",
        "Not Available", "None", "Requested functionality has been deprecated",
        "GPU requires reset", "GPU is lost",
    };
    size_t i;

    if (!*s || *s == '[')
        return true;
    for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
        if (!strcmp(s, none[i]))
            return true;
    return false;
}

static char *dup_value(struct ctx *cx, const xmlNode *n)
{
    char buf[VALUE_MAX];
    const char *s = text(n, buf);
    char *d;

    if (missing(s))
        return NULL;
    d = sb_strdup(s);
    if (!d)
        cx->oom = true;
    return d;
}

/* "35 C", "77.23 W", "81559 MiB", "0 %", "-2 C": the leading number */
static double number(const xmlNode *n)
{
    char buf[VALUE_MAX], *end;
    const char *s = text(n, buf);
    double v;

    if (missing(s) || !(isdigit((unsigned char)s[0]) ||
                        (s[0] == '-' && isdigit((unsigned char)s[1]))))
        return SB_NVSMI_NONE;
    v = strtod(s, &end);
    if (end == s || v != v)
        return SB_NVSMI_NONE;
    return v;
}

static bool has_number(const xmlNode *n, double *v)
{
    char buf[VALUE_MAX];
    const char *s = text(n, buf);

    if (missing(s) || !(isdigit((unsigned char)s[0]) ||
                        (s[0] == '-' && isdigit((unsigned char)s[1]))))
        return false;
    *v = number(n);
    return true;
}

static int64_t count(const xmlNode *n)
{
    double v;

    if (!has_number(n, &v) || v < 0 || v > 9.0e15)
        return -1;
    return (int64_t)v;
}

/* Sums the counters it finds; -1 when none of them is reported. */
static int64_t sum_counts(const xmlNode *parent, const char *const *names)
{
    int64_t total = -1, v;

    for (; *names; names++) {
        v = count(at(parent, *names));
        if (v >= 0)
            total = (total < 0 ? 0 : total) + v;
    }
    return total;
}

static int yes_no(const xmlNode *n)
{
    char buf[VALUE_MAX];
    const char *s = text(n, buf);

    if (!strcmp(s, "Yes"))
        return 1;
    if (!strcmp(s, "No"))
        return 0;
    return -1;
}

static const char *const unc_new[] = {
    "dram_uncorrectable", "sram_uncorrectable", "sram_uncorrectable_parity",
    "sram_uncorrectable_secded", NULL,
};
static const char *const cor_new[] = {
    "dram_correctable", "sram_correctable", NULL,
};
static const char *const unc_old[] = { "double_bit/total", NULL };
static const char *const cor_old[] = { "single_bit/total", NULL };

/* older schemas: single_bit/double_bit totals; newer: sram_/dram_ */
static void parse_ecc(const xmlNode *gpu, struct sb_nvsmi_gpu *g)
{
    const xmlNode *ecc = child(gpu, "ecc_errors");
    const xmlNode *vol = child(ecc, "volatile"), *agg = child(ecc, "aggregate");
    bool old = child(vol, "double_bit") || child(agg, "double_bit");

    g->ecc_volatile_uncorrected = sum_counts(vol, old ? unc_old : unc_new);
    g->ecc_aggregate_uncorrected = sum_counts(agg, old ? unc_old : unc_new);
    g->ecc_volatile_corrected = sum_counts(vol, old ? cor_old : cor_new);
}

/* Absolute thresholds when printed; else (driver 580+) derived from the
 * T.Limit headroom: the GPU slows down when the headroom falls to the
 * slowdown T.Limit threshold, i.e. at temp + tlimit - threshold. */
static void parse_temperature(const xmlNode *gpu, struct sb_nvsmi_gpu *g)
{
    const xmlNode *t = child(gpu, "temperature");
    double tl, th;

    g->temperature = number(child(t, "gpu_temp"));
    g->temp_slowdown = number(child(t, "gpu_temp_slow_threshold"));
    g->temp_shutdown = number(child(t, "gpu_temp_max_threshold"));
    if (g->temperature == SB_NVSMI_NONE ||
        !has_number(child(t, "gpu_temp_tlimit"), &tl))
        return;
    if (g->temp_slowdown == SB_NVSMI_NONE &&
        has_number(child(t, "gpu_temp_slow_tlimit_threshold"), &th))
        g->temp_slowdown = g->temperature + tl - th;
    if (g->temp_shutdown == SB_NVSMI_NONE &&
        has_number(child(t, "gpu_temp_max_tlimit_threshold"), &th))
        g->temp_shutdown = g->temperature + tl - th;
}

static double first_number(const xmlNode *parent, const char *const *names)
{
    double v;

    for (; *names; names++)
        if (has_number(child(parent, *names), &v))
            return v;
    return SB_NVSMI_NONE;
}

static void parse_power(const xmlNode *gpu, struct sb_nvsmi_gpu *g)
{
    static const char *const draw[] = {
        "power_draw", "instant_power_draw", "average_power_draw", NULL,
    };
    static const char *const limit[] = {
        "power_limit", "current_power_limit", "enforced_power_limit", NULL,
    };
    const xmlNode *p = child(gpu, "gpu_power_readings");

    if (!p)
        p = child(gpu, "power_readings");
    g->power_draw = first_number(p, draw);
    g->power_limit = first_number(p, limit);
}

/* Active reasons, prefix dropped: "gpu_idle,sw_power_cap". */
static char *parse_reasons(struct ctx *cx, const xmlNode *gpu)
{
    const xmlNode *r = child(gpu, "clocks_event_reasons"), *c;
    const char *prefix = "clocks_event_reason_";
    struct sb_buf out = SB_BUF_INIT(4096);
    bool reported = false;
    char buf[VALUE_MAX];
    char *s;

    if (!r) {
        r = child(gpu, "clocks_throttle_reasons");
        prefix = "clocks_throttle_reason_";
    }
    if (!r)
        return NULL;
    for (c = r->children; c; c = c->next) {
        const char *name = (const char *)c->name, *v;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        v = text(c, buf);
        if (missing(v))
            continue;
        reported = true;
        if (strcmp(v, "Active"))
            continue;
        if (!strncmp(name, prefix, strlen(prefix)))
            name += strlen(prefix);
        if ((out.len && sb_buf_addc(&out, ',')) || sb_buf_adds(&out, name))
            break;
    }
    if (!reported) {
        sb_buf_release(&out);
        return NULL;
    }
    if (!out.data && sb_buf_adds(&out, "") == SB_E_NOMEM) {
        cx->oom = true;
        return NULL;
    }
    s = sb_buf_detach(&out, NULL);
    if (!s)
        cx->oom = true;
    return s;
}

static void json_number(cJSON *o, const char *key, double v)
{
    if (v != SB_NVSMI_NONE)
        cJSON_AddNumberToObject(o, key, v);
}

static void json_string(cJSON *o, const char *key, const xmlNode *n)
{
    char buf[VALUE_MAX];
    const char *s = text(n, buf);

    if (!missing(s))
        cJSON_AddStringToObject(o, key, s);
}

/* cJSON allocates with malloc: hand back an sb_alloc copy */
static char *print_json(struct ctx *cx, cJSON *arr)
{
    char *printed = arr ? cJSON_PrintUnformatted(arr) : NULL;
    char *s = printed ? sb_strdup(printed) : NULL;

    if (!s)
        cx->oom = true;
    cJSON_free(printed);
    cJSON_Delete(arr);
    return s;
}

static char *parse_processes(struct ctx *cx, const xmlNode *gpu)
{
    const xmlNode *list = child(gpu, "processes"), *p;
    cJSON *arr = cJSON_CreateArray();

    for (p = list ? list->children : NULL; p && arr; p = p->next) {
        cJSON *o;

        if (!name_is(p, "process_info"))
            continue;
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        json_number(o, "pid", number(child(p, "pid")));
        json_string(o, "type", child(p, "type"));
        json_string(o, "name", child(p, "process_name"));
        json_number(o, "used_memory_mib", number(child(p, "used_memory")));
        json_number(o, "gpu_instance_id", number(child(p, "gpu_instance_id")));
        json_number(o, "compute_instance_id",
                    number(child(p, "compute_instance_id")));
    }
    return print_json(cx, arr);
}

static char *parse_mig_devices(struct ctx *cx, const xmlNode *gpu)
{
    const xmlNode *list = child(gpu, "mig_devices"), *d;
    cJSON *arr = NULL;

    for (d = list ? list->children : NULL; d; d = d->next) {
        cJSON *o;

        if (!name_is(d, "mig_device"))
            continue;
        if (!arr && !(arr = cJSON_CreateArray()))
            break;
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        json_number(o, "index", number(child(d, "index")));
        json_number(o, "gpu_instance_id", number(child(d, "gpu_instance_id")));
        json_number(o, "compute_instance_id",
                    number(child(d, "compute_instance_id")));
        json_number(o, "multiprocessor_count",
                    number(at(d, "device_attributes/shared/"
                                 "multiprocessor_count")));
        json_number(o, "memory_used_mib",
                    number(at(d, "fb_memory_usage/used")));
        json_number(o, "memory_total_mib",
                    number(at(d, "fb_memory_usage/total")));
        json_number(o, "ecc_sram_uncorrectable",
                    number(at(d, "ecc_error_count/volatile_count/"
                                 "sram_uncorrectable")));
    }
    return arr ? print_json(cx, arr) : NULL;
}

static void parse_gpu(struct ctx *cx, const xmlNode *gpu, int index,
                      struct sb_nvsmi_gpu *g)
{
    const xmlNode *rp = child(gpu, "retired_pages"), *rr;
    int64_t sbe, dbe;
    xmlChar *id;

    g->index = index;
    g->uuid = dup_value(cx, child(gpu, "uuid"));
    g->serial = dup_value(cx, child(gpu, "serial"));
    g->product = dup_value(cx, child(gpu, "product_name"));
    id = xmlGetProp((xmlNode *)gpu, (const xmlChar *)"id");
    if (id && !missing((const char *)id)) {
        g->pci_bus_id = sb_strdup((const char *)id);
        if (!g->pci_bus_id)
            cx->oom = true;
    } else {
        g->pci_bus_id = dup_value(cx, at(gpu, "pci/pci_bus_id"));
    }
    xmlFree(id);
    parse_temperature(gpu, g);
    parse_power(gpu, g);
    g->utilization = number(at(gpu, "utilization/gpu_util"));
    g->memory_used = number(at(gpu, "fb_memory_usage/used"));
    g->memory_total = number(at(gpu, "fb_memory_usage/total"));
    g->ecc_mode = dup_value(cx, at(gpu, "ecc_mode/current_ecc"));
    parse_ecc(gpu, g);
    sbe = count(at(rp, "multiple_single_bit_retirement/retired_count"));
    dbe = count(at(rp, "double_bit_retirement/retired_count"));
    g->retired_pages = sbe < 0 && dbe < 0 ? -1 : (sbe > 0 ? sbe : 0) +
                                                 (dbe > 0 ? dbe : 0);
    rr = child(gpu, "remapped_rows");
    g->remapped_rows_pending = yes_no(child(rr, "remapped_row_pending"));
    g->remapped_rows_failure = yes_no(child(rr, "remapped_row_failure"));
    g->throttle_reasons = parse_reasons(cx, gpu);
    g->mig_mode = dup_value(cx, at(gpu, "mig_mode/current_mig"));
    g->mig_devices = parse_mig_devices(cx, gpu);
    g->processes = parse_processes(cx, gpu);
}

static size_t count_gpus(const xmlNode *root)
{
    const xmlNode *c;
    size_t n = 0;

    for (c = root->children; c; c = c->next)
        n += name_is(c, "gpu");
    return n;
}

static int parse_doc(xmlDoc *doc, const char *file, struct sb_nvsmi *out,
                     struct sb_err *err)
{
    xmlNode *root = xmlDocGetRootElement(doc), *c;
    struct ctx cx = { false };
    size_t i = 0;

    if (!name_is(root, "nvidia_smi_log"))
        return sb_err_set(err, SB_E_FORMAT,
                          "'%s' is not nvidia-smi -q -x output: root element "
                          "is '%s'", file,
                          root ? (const char *)root->name : "(none)");
    out->driver_version = dup_value(&cx, child(root, "driver_version"));
    out->cuda_version = dup_value(&cx, child(root, "cuda_version"));
    out->timestamp = dup_value(&cx, child(root, "timestamp"));
    out->n_gpus = count_gpus(root);
    if (out->n_gpus) {
        out->gpus = sb_calloc(out->n_gpus, sizeof(*out->gpus));
        if (!out->gpus) {
            out->n_gpus = 0;
            cx.oom = true;
        }
    }
    for (c = root->children; c && out->gpus && !cx.oom; c = c->next)
        if (name_is(c, "gpu")) {
            parse_gpu(&cx, c, (int)i, &out->gpus[i]);
            i++;
        }
    if (cx.oom)
        return sb_err_set(err, SB_E_NOMEM, "out of memory parsing '%s'",
                          file);
    return 0;
}

int sb_nvsmi_parse(const char *xml, size_t len, const char *file,
                   struct sb_nvsmi *out, struct sb_err *err)
{
    xmlParserCtxt *pc = NULL;
    xmlDoc *doc = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    if (len > SB_NVSMI_MAX_BYTES)
        return sb_err_set(err, SB_E_TOOBIG, "'%s' is too large for "
                          "nvidia-smi output: %zu bytes", file, len);
    if (len > INT32_MAX || !xml)
        return sb_err_set(err, SB_E_FORMAT, "'%s' is empty", file);
    pc = xmlNewParserCtxt();
    if (!pc)
        return sb_err_set(err, SB_E_NOMEM, "out of memory parsing '%s'",
                          file);
    /* no DTD load, no entity expansion, no network, no error printing */
    doc = xmlCtxtReadMemory(pc, xml, (int)len, file, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(pc);

        rc = sb_err_set(err, SB_E_FORMAT, "bad XML in '%s' at line %d: %s",
                        file, e ? e->line : 0,
                        e && e->message ? e->message : "cannot parse\n");
        /* libxml2 messages end in a newline */
        if (err && (len = strlen(err->msg)) && err->msg[len - 1] == '\n')
            err->msg[len - 1] = '\0';
        goto cleanup;
    }
    rc = parse_doc(doc, file, out, err);
cleanup:
    if (rc)
        sb_nvsmi_release(out);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pc);
    return rc;
}

static void gpu_release(struct sb_nvsmi_gpu *g)
{
    sb_free(g->uuid);
    sb_free(g->serial);
    sb_free(g->pci_bus_id);
    sb_free(g->product);
    sb_free(g->ecc_mode);
    sb_free(g->throttle_reasons);
    sb_free(g->mig_mode);
    sb_free(g->mig_devices);
    sb_free(g->processes);
}

void sb_nvsmi_release(struct sb_nvsmi *n)
{
    size_t i;

    for (i = 0; i < n->n_gpus; i++)
        gpu_release(&n->gpus[i]);
    sb_free(n->gpus);
    sb_free(n->driver_version);
    sb_free(n->cuda_version);
    sb_free(n->timestamp);
    memset(n, 0, sizeof(*n));
}
