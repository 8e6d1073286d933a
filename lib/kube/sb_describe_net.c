/*
 * Services, Ingresses and PersistentVolumeClaims.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

#define SERVICE_NAME_LABEL "kubernetes.io/service-name"

/* ---- endpoint slices ------------------------------------------------ */

static bool slice_of(const cJSON *s, const char *ns, const char *svc)
{
    const cJSON *md = dobj(s, "metadata");

    return !strcmp(ds(md, "namespace"), ns) &&
           !strcmp(ds(dobj(md, "labels"), SERVICE_NAME_LABEL), svc);
}

static bool endpoint_ready(const cJSON *e)
{
    const cJSON *r = dj(dobj(e, "conditions"), "ready");

    /* an unknown state counts as ready */
    return !cJSON_IsBool(r) || cJSON_IsTrue(r);
}

/* formatEndpointSlices for one port name ('port' NULL: every port) */
static void endpoints_text(struct dw *w, const cJSON *slices, const char *ns,
                           const char *svc, const char *port,
                           struct sb_buf *b)
{
    const cJSON *s, *p, *e;
    int listed = 0, count = 0, any = 0;
    bool more = false;

    cJSON_ArrayForEach(s, dlist(slices)) {
        const cJSON *eps = darr(s, "endpoints");

        if (!slice_of(s, ns, svc))
            continue;
        any++;
        if (!dlen(darr(s, "ports"))) {
            /* headless services may have no ports */
            cJSON_ArrayForEach(e, eps) {
                const cJSON *addr = cJSON_GetArrayItem(darr(e, "addresses"), 0);

                if (listed == 3)
                    more = true;
                if (!endpoint_ready(e) || !cJSON_IsString(addr))
                    continue;
                if (!more) {
                    sb_dbuf_addf(w, b, "%s%s", listed ? "," : "",
                              addr->valuestring);
                    listed++;
                }
                count++;
            }
            continue;
        }
        cJSON_ArrayForEach(p, darr(s, "ports")) {
            if (port && strcmp(ds(p, "name"), port))
                continue;
            cJSON_ArrayForEach(e, eps) {
                const cJSON *addr = cJSON_GetArrayItem(darr(e, "addresses"), 0);
                const char *a;

                if (listed == 3)
                    more = true;
                if (!endpoint_ready(e) || !cJSON_IsString(addr))
                    continue;
                a = addr->valuestring;
                if (!more) {
                    sb_dbuf_addf(w, b, strchr(a, ':') ? "%s[%s]:%lld"
                                                   : "%s%s:%lld",
                              listed ? "," : "", a,
                              (long long)di(p, "port", 0));
                    listed++;
                }
                count++;
            }
        }
    }
    if (!any)
        sb_dbuf_adds(w, b, "<none>");
    else if (more)
        sb_dbuf_addf(w, b, " + %d more...", count - 3);
}

/* ---- services ------------------------------------------------------- */

static void lb_ingress(struct dw *w, const cJSON *list, struct sb_buf *b)
{
    const cJSON *i;
    bool first = true;

    cJSON_ArrayForEach(i, list) {
        if (!first)
            sb_dbuf_adds(w, b, ", ");
        first = false;
        if (*ds(i, "ip")) {
            sb_dbuf_adds(w, b, ds(i, "ip"));
            if (cJSON_IsString(dj(i, "ipMode")))
                sb_dbuf_addf(w, b, " (%s)", ds(i, "ipMode"));
        } else {
            sb_dbuf_adds(w, b, ds(i, "hostname"));
        }
    }
}

static void joined_line(struct dw *w, const char *title, const cJSON *arr,
                        const char *none)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    if (!dlen(arr) && !none) {
        return;
    }
    sb_djoin(w, arr, ",", &b);
    sb_dw_write(w, 0, "%s:\t%s\n", title, dlen(arr) ? sb_buf_str(&b) : none);
    sb_buf_release(&b);
}

void sb_describe_service(struct dw *w, const cJSON *o,
                      const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec"), *p;
    const cJSON *lbi = darr(dobj(dobj(o, "status"), "loadBalancer"),
                            "ingress");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int64_t v;

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    sb_dformat_labels(w, dobj(spec, "selector"), &b);
    sb_dw_write(w, 0, "Selector:\t%s\n", sb_buf_str(&b));
    sb_buf_reset(&b);
    sb_dw_write(w, 0, "Type:\t%s\n", ds(spec, "type"));
    if (cJSON_IsString(dj(spec, "ipFamilyPolicy")))
        sb_dw_write(w, 0, "IP Family Policy:\t%s\n", ds(spec, "ipFamilyPolicy"));
    joined_line(w, "IP Families", darr(spec, "ipFamilies"), "<none>");
    sb_dw_write(w, 0, "IP:\t%s\n", ds(spec, "clusterIP"));
    joined_line(w, "IPs", darr(spec, "clusterIPs"), "<none>");
    joined_line(w, "External IPs", darr(spec, "externalIPs"), NULL);
    if (*ds(spec, "loadBalancerIP"))
        sb_dw_write(w, 0, "Desired LoadBalancer IP:\t%s\n",
                 ds(spec, "loadBalancerIP"));
    if (*ds(spec, "externalName"))
        sb_dw_write(w, 0, "External Name:\t%s\n", ds(spec, "externalName"));
    if (dlen(lbi)) {
        lb_ingress(w, lbi, &b);
        sb_dw_write(w, 0, "LoadBalancer Ingress:\t%s\n", sb_buf_str(&b));
        sb_buf_reset(&b);
    }
    cJSON_ArrayForEach(p, darr(spec, "ports")) {
        const char *name = *ds(p, "name") ? ds(p, "name") : "<unset>";
        const char *proto = ds(p, "protocol");
        const cJSON *tp = dj(p, "targetPort");

        sb_dw_write(w, 0, "Port:\t%s\t%lld/%s\n", name,
                 (long long)di(p, "port", 0), proto);
        if (cJSON_IsString(tp))
            sb_dw_write(w, 0, "TargetPort:\t%s/%s\n", tp->valuestring, proto);
        else
            sb_dw_write(w, 0, "TargetPort:\t%lld/%s\n",
                     (long long)di(p, "targetPort", 0), proto);
        if (dhas_num(p, "nodePort", &v) && v)
            sb_dw_write(w, 0, "NodePort:\t%s\t%lld/%s\n", name, (long long)v,
                     proto);
        endpoints_text(w, r->endpointslices, ds(md, "namespace"),
                       ds(md, "name"), ds(p, "name"), &b);
        sb_dw_write(w, 0, "Endpoints:\t%s\n", sb_buf_str(&b));
        sb_buf_reset(&b);
    }
    sb_dw_write(w, 0, "Session Affinity:\t%s\n", ds(spec, "sessionAffinity"));
    if (*ds(spec, "externalTrafficPolicy"))
        sb_dw_write(w, 0, "External Traffic Policy:\t%s\n",
                 ds(spec, "externalTrafficPolicy"));
    if (cJSON_IsString(dj(spec, "internalTrafficPolicy")))
        sb_dw_write(w, 0, "Internal Traffic Policy:\t%s\n",
                 ds(spec, "internalTrafficPolicy"));
    if (dhas_num(spec, "healthCheckNodePort", &v) && v)
        sb_dw_write(w, 0, "HealthCheck NodePort:\t%lld\n", (long long)v);
    joined_line(w, "LoadBalancer Source Ranges",
                darr(spec, "loadBalancerSourceRanges"), NULL);
    sb_buf_release(&b);
    sb_dp_events(w, o, r->events, "Service", false, NULL);
}

/* ---- ingresses ------------------------------------------------------ */

static const cJSON *find_service(const cJSON *services, const char *ns,
                                 const char *name)
{
    const cJSON *s;

    cJSON_ArrayForEach(s, dlist(services))
        if (!strcmp(sb_dsp(s, "metadata", "namespace", NULL), ns) &&
            !strcmp(sb_dsp(s, "metadata", "name", NULL), name))
            return s;
    return NULL;
}

static void backend_text(struct dw *w, const cJSON *be, const char *ns,
                         const struct sb_describe_related *r,
                         struct sb_buf *b)
{
    const cJSON *svc = dobj(be, "service"), *res = dobj(be, "resource");

    if (svc) {
        const char *name = ds(svc, "name");
        const cJSON *port = dobj(svc, "port"), *s, *sp;
        int64_t num = di(port, "number", 0);
        const char *pname = ds(port, "name"), *spname = "";

        if (num)
            sb_dbuf_addf(w, b, "%s:%lld", name, (long long)num);
        else
            sb_dbuf_addf(w, b, "%s:%s", name, pname);
        s = find_service(r->services, ns, name);
        if (!s && r->services) {
            sb_dbuf_addf(w, b, " (<error: services \"%s\" not found>)", name);
            return;
        }
        /* services not collected: a named port is its own name, an
         * unnamed one matches the unnamed slice ports */
        if (!s)
            spname = pname;
        cJSON_ArrayForEach(sp, darr(dobj(s, "spec"), "ports")) {
            if (num && num == di(sp, "port", 0))
                spname = ds(sp, "name");
            else if (*pname && !strcmp(pname, ds(sp, "name")))
                spname = ds(sp, "name");
        }
        sb_dbuf_adds(w, b, " (");
        endpoints_text(w, r->endpointslices, ns, name, spname, b);
        sb_dbuf_adds(w, b, ")");
    } else if (res) {
        const cJSON *g = dj(res, "apiGroup");

        sb_dbuf_addf(w, b, "APIGroup: %s, Kind: %s, Name: %s",
                  cJSON_IsString(g) ? g->valuestring : "<none>",
                  ds(res, "kind"), ds(res, "name"));
    }
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* a sorted set of the load balancer's IPs or host names */
static void ingress_address(struct dw *w, const cJSON *list, struct sb_buf *b)
{
    const char **v;
    const cJSON *i;
    size_t n = (size_t)dlen(list), k, m = 0;

    if (!n)
        return;
    v = sb_calloc(n, sizeof(*v));
    if (!v) {
        sb_dw_fail(w, SB_E_NOMEM);
        return;
    }
    cJSON_ArrayForEach(i, list) {
        if (*ds(i, "ip"))
            v[m++] = ds(i, "ip");
        else if (*ds(i, "hostname"))
            v[m++] = ds(i, "hostname");
    }
    if (m > 1)
        qsort(v, m, sizeof(*v), cmp_cstr);
    for (k = 0; k < m; k++)
        if (!k || strcmp(v[k], v[k - 1]))
            sb_dbuf_addf(w, b, "%s%s", b->len ? "," : "", v[k]);
    sb_free(v);
}

void sb_describe_ingress(struct dw *w, const cJSON *o,
                      const struct sb_describe_related *r)
{
    const cJSON *md = dobj(o, "metadata"), *spec = dobj(o, "spec");
    const cJSON *def = dobj(spec, "defaultBackend"), *rule, *path, *t;
    const char *ns = ds(md, "namespace");
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf defb = SB_BUF_INIT(SB_BUF_UNLIMITED);
    int count = 0;

    sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dw_write(w, 0, "Namespace:\t%s\n", ns);
    ingress_address(w, darr(dobj(dobj(o, "status"), "loadBalancer"),
                            "ingress"), &b);
    sb_dw_write(w, 0, "Address:\t%s\n", sb_buf_str(&b));
    sb_buf_reset(&b);
    sb_dw_write(w, 0, "Ingress Class:\t%s\n",
             cJSON_IsString(dj(spec, "ingressClassName"))
             ? ds(spec, "ingressClassName") : "<none>");
    if (def)
        backend_text(w, def, ns, r, &defb);
    else
        sb_dbuf_adds(w, &defb, "<default>");
    sb_dw_write(w, 0, "Default backend:\t%s\n", sb_buf_str(&defb));
    if (dlen(darr(spec, "tls"))) {
        sb_dw_write(w, 0, "TLS:\n");
        cJSON_ArrayForEach(t, darr(spec, "tls")) {
            sb_djoin(w, darr(t, "hosts"), ",", &b);
            if (!*ds(t, "secretName"))
                sb_dw_write(w, 1, "SNI routes %s\n", sb_buf_str(&b));
            else
                sb_dw_write(w, 1, "%s terminates %s\n", ds(t, "secretName"),
                         sb_buf_str(&b));
            sb_buf_reset(&b);
        }
    }
    sb_dw_write(w, 0, "Rules:\n  Host\tPath\tBackends\n");
    sb_dw_write(w, 1, "----\t----\t--------\n");
    cJSON_ArrayForEach(rule, darr(spec, "rules")) {
        const cJSON *http = dobj(rule, "http");

        if (!http)
            continue;
        count++;
        sb_dw_write(w, 1, "%s\t\n", *ds(rule, "host") ? ds(rule, "host") : "*");
        cJSON_ArrayForEach(path, darr(http, "paths")) {
            backend_text(w, dobj(path, "backend"), ns, r, &b);
            sb_dw_write(w, 2, "\t%s \t%s\n", ds(path, "path"), sb_buf_str(&b));
            sb_buf_reset(&b);
        }
    }
    if (!count)
        sb_dw_write(w, 1, "%s\t%s\t%s\n", "*", "*", sb_buf_str(&defb));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    sb_buf_release(&b);
    sb_buf_release(&defb);
    sb_dp_events(w, o, r->events, "Ingress", false, NULL);
}

/* ---- persistent volume claims --------------------------------------- */

static void access_modes(struct dw *w, const cJSON *modes, struct sb_buf *b)
{
    static const char *const names[][2] = {
        { "ReadWriteOnce", "RWO" }, { "ReadOnlyMany", "ROX" },
        { "ReadWriteMany", "RWX" }, { "ReadWriteOncePod", "RWOP" },
    };
    const cJSON *m;
    size_t i;

    for (i = 0; i < 4; i++) {
        cJSON_ArrayForEach(m, dlist(modes)) {
            if (cJSON_IsString(m) && !strcmp(m->valuestring, names[i][0])) {
                sb_dbuf_addf(w, b, "%s%s", b->len ? "," : "", names[i][1]);
                break;
            }
        }
    }
}

void sb_dp_pvc_body(struct dw *w, const cJSON *pvc, bool full)
{
    const cJSON *md = dobj(pvc, "metadata"), *spec = dobj(pvc, "spec");
    const cJSON *st = dobj(pvc, "status"), *src, *cls;
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const char *vol = ds(spec, "volumeName");
    char q[64], age[32];

    if (full) {
        sb_dw_write(w, 0, "Name:\t%s\n", ds(md, "name"));
        sb_dw_write(w, 0, "Namespace:\t%s\n", ds(md, "namespace"));
    }
    cls = dj(dobj(md, "annotations"), "volume.beta.kubernetes.io/storage-class");
    sb_dw_write(w, 0, "StorageClass:\t%s\n", cJSON_IsString(cls)
             ? cls->valuestring : ds(spec, "storageClassName"));
    if (full) {
        if (dpresent(md, "deletionTimestamp"))
            sb_dw_write(w, 0, "Status:\tTerminating (lasts %s)\n",
                     sb_dage(w, md, "deletionTimestamp", age));
        else
            sb_dw_write(w, 0, "Status:\t%s\n", ds(st, "phase"));
    }
    sb_dw_write(w, 0, "Volume:\t%s\n", vol);
    sb_dp_labels(w, "", "Labels", "\t", dobj(md, "labels"));
    sb_dp_annotations(w, "Annotations", dobj(md, "annotations"));
    if (full) {
        sb_dslice(w, darr(md, "finalizers"), &b);
        sb_dw_write(w, 0, "Finalizers:\t%s\n", sb_buf_str(&b));
        sb_buf_reset(&b);
    }
    if (*vol) {
        struct sb_qty cap = dq_get(dobj(st, "capacity"), "storage");

        access_modes(w, darr(st, "accessModes"), &b);
        sb_dw_write(w, 0, "Capacity:\t%s\n", sb_qty_str(&cap, q));
    } else {
        sb_dw_write(w, 0, "Capacity:\t\n");
    }
    sb_dw_write(w, 0, "Access Modes:\t%s\n", sb_buf_str(&b));
    sb_buf_release(&b);
    if (cJSON_IsString(dj(spec, "volumeMode")))
        sb_dw_write(w, 0, "VolumeMode:\t%s\n", ds(spec, "volumeMode"));
    src = dobj(spec, "dataSource");
    if (src) {
        sb_dw_write(w, 0, "DataSource:\n");
        if (cJSON_IsString(dj(src, "apiGroup")))
            sb_dw_write(w, 1, "APIGroup:\t%s\n", ds(src, "apiGroup"));
        sb_dw_write(w, 1, "Kind:\t%s\n", ds(src, "kind"));
        sb_dw_write(w, 1, "Name:\t%s\n", ds(src, "name"));
    }
}

static int cmp_pod_name(const cJSON *a, const cJSON *b)
{
    return strcmp(sb_dsp(a, "metadata", "name", NULL),
                  sb_dsp(b, "metadata", "name", NULL));
}

/* getPodsForPVC: a pod once per volume naming the claim, then owner pods
 * not already listed */
static void used_by(struct dw *w, const cJSON *pvc, const cJSON *pods)
{
    const char *name = sb_dsp(pvc, "metadata", "name", NULL);
    const char *ns = sb_dsp(pvc, "metadata", "namespace", NULL);
    const cJSON *p, *v, *ref, **list = NULL;
    size_t n = 0, cap = 0, i;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        n = 0;
        cJSON_ArrayForEach(p, dlist(pods)) {
            if (strcmp(sb_dsp(p, "metadata", "namespace", NULL), ns))
                continue;
            cJSON_ArrayForEach(v, darr(dobj(p, "spec"), "volumes")) {
                if (!strcmp(sb_dsp(v, "persistentVolumeClaim", "claimName",
                                NULL), name) &&
                    dobj(v, "persistentVolumeClaim")) {
                    if (pass)
                        list[n] = p;
                    n++;
                }
            }
        }
        cJSON_ArrayForEach(ref, darr(dobj(pvc, "metadata"), "ownerReferences")) {
            const cJSON *owner = NULL;
            bool seen = false;

            if (strcmp(ds(ref, "kind"), "Pod"))
                continue;
            cJSON_ArrayForEach(p, dlist(pods)) {
                if (!strcmp(sb_dsp(p, "metadata", "namespace", NULL), ns) &&
                    !strcmp(sb_dsp(p, "metadata", "uid", NULL), ds(ref, "uid"))) {
                    owner = p;
                    break;
                }
            }
            if (!owner)
                continue;
            for (i = 0; pass && i < n; i++)
                if (!strcmp(sb_dsp(list[i], "metadata", "uid", NULL),
                            sb_dsp(owner, "metadata", "uid", NULL)))
                    seen = true;
            if (!pass || !seen) {
                if (pass)
                    list[n] = owner;
                n++;
            }
        }
        if (pass || !n)
            break;
        cap = n;
        list = sb_calloc(cap, sizeof(*list));
        if (!list) {
            sb_dw_fail(w, SB_E_NOMEM);
            return;
        }
    }
    sb_dw_write(w, 0, "Used By:\t");
    if (!n) {
        sb_dw_line(w, "<none>");
        sb_free(list);
        return;
    }
    sb_dsort(list, n, cmp_pod_name);
    for (i = 0; i < n; i++) {
        if (i)
            sb_dw_write(w, 0, "\t");
        sb_dw_write(w, 0, "%s\n", sb_dsp(list[i], "metadata", "name", NULL));
    }
    sb_free(list);
}

void sb_describe_pvc(struct dw *w, const cJSON *o,
                  const struct sb_describe_related *r)
{
    const cJSON *c;
    char t1[64], t2[64];

    sb_dp_pvc_body(w, o, true);
    used_by(w, o, r->pods);
    if (dlen(darr(dobj(o, "status"), "conditions"))) {
        sb_dw_write(w, 0, "Conditions:\n");
        sb_dw_write(w, 1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\t"
                 "Reason\tMessage\n");
        sb_dw_write(w, 1, "----\t------\t-----------------\t"
                 "------------------\t------\t-------\n");
        cJSON_ArrayForEach(c, darr(dobj(o, "status"), "conditions"))
            sb_dw_write(w, 1, "%s \t%s \t%s \t%s \t%s \t%s\n", ds(c, "type"),
                     ds(c, "status"), sb_dtime(c, "lastProbeTime", t1),
                     sb_dtime(c, "lastTransitionTime", t2), ds(c, "reason"),
                     ds(c, "message"));
    }
    sb_dp_events(w, o, r->events, "PersistentVolumeClaim", false, NULL);
}
