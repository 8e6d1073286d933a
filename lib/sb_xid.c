#include "sb_xid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_logstamp.h"

struct xid_info {
    int code;
    const char *meaning;
    const char *action;
};

/* Our summary of NVIDIA's Xid catalog (docs.nvidia.com/deploy/xid-errors),
 * for the codes seen in data-centre incidents. Sorted by code for bsearch. */
static const struct xid_info xid_table[] = {
    { 8, "the GPU stopped processing: a channel went idle past its timeout",
      "restart the application; if it recurs, check the GPU and driver" },
    { 13, "graphics engine exception: the GPU trapped on an illegal "
          "instruction or address, almost always an application bug",
      "debug the application (out-of-range access, bad kernel); if many "
      "applications hit it, run GPU diagnostics" },
    { 31, "GPU memory page fault: a kernel touched an address it had not "
          "mapped, usually an application bug",
      "debug the application (use compute-sanitizer); hardware is rarely "
      "the cause" },
    { 32, "invalid or corrupted push buffer stream: the command stream "
          "the driver sent was damaged, often over PCIe",
      "check PCIe health (AER errors, risers, seating) and the driver "
      "version" },
    { 38, "driver firmware error", "update the driver; contact support if "
      "it recurs" },
    { 43, "the GPU stopped processing: a channel was reset, usually after "
          "an application fault",
      "restart the application; look for Xid 13/31 before it" },
    { 44, "graphics engine fault during a context switch",
      "restart the application; reset the GPU if it recurs" },
    { 45, "preemptive cleanup: the driver tore down channels after an "
          "earlier error or because the process was killed",
      "find the earlier Xid that triggered it; on its own it is harmless" },
    { 48, "double-bit (uncorrectable) ECC error in GPU memory",
      "drain the GPU and reset it; the affected page or row is retired or "
      "remapped on reset; replace the GPU if it repeats" },
    { 56, "display engine error", "check the display driver and cabling; "
      "not relevant to compute work" },
    { 57, "error programming the video memory interface",
      "reset the GPU; suspect hardware if it recurs" },
    { 58, "unstable video memory interface detected",
      "reset the GPU; suspect hardware if it recurs" },
    { 61, "internal micro-controller breakpoint or warning (PMU/GSP)",
      "reset the GPU; update the driver; contact support if it recurs" },
    { 62, "internal micro-controller halt: the on-GPU firmware stopped",
      "reset the GPU or reboot the node; contact support if it recurs" },
    { 63, "ECC page retirement or row remapping was recorded: memory with "
          "errors will be replaced at the next GPU reset",
      "reset the GPU when convenient so the remap takes effect; watch "
      "remapped rows" },
    { 64, "ECC page retirement or row remapping failed: the bad memory "
          "could not be set aside",
      "drain the GPU; it needs service or replacement" },
    { 65, "video processor exception", "reset the GPU if it recurs" },
    { 68, "video decoder (NVDEC) exception", "restart the application; "
      "reset the GPU if it recurs" },
    { 69, "graphics engine class error: an invalid method or class was "
          "used, usually an application or driver bug",
      "restart the application; update the driver" },
    { 74, "NVLink error: a link between GPUs (or to an NVSwitch) reported "
          "a fatal error",
      "reset the GPUs on the link; check fabric manager and NVLink "
      "counters; suspect hardware if it repeats" },
    { 79, "the GPU has fallen off the bus: it stopped answering on PCIe",
      "drain the node and reboot it; check power, cooling, PCIe seating "
      "and risers; replace the GPU if it repeats" },
    { 80, "corrupted data sent to the GPU", "check PCIe health and the "
      "driver; reset the GPU" },
    { 81, "VGA subsystem error", "reset the GPU; suspect hardware if it "
      "recurs" },
    { 92, "high rate of single-bit (corrected) ECC errors",
      "watch the GPU; plan a reset so pages or rows get retired or "
      "remapped; replace it if the rate stays high" },
    { 93, "non-fatal violation of the InfoROM's provisioned wear limit",
      "contact support; plan to replace the board" },
    { 94, "contained ECC error: an uncorrectable error was confined to "
          "the applications that used the affected memory",
      "restart the affected applications; reset the GPU soon so the row "
      "gets remapped" },
    { 95, "uncontained ECC error: an uncorrectable error could not be "
          "confined, so every application on the GPU is affected",
      "drain the GPU and reset it now; replace it if it repeats" },
    { 109, "context switch timeout", "restart the application; reset the "
      "GPU if it recurs" },
    { 119, "GSP RPC timeout: the GPU System Processor firmware did not "
           "answer the driver in time",
      "reset the GPU or reboot the node; update the driver; contact "
      "support if it recurs" },
    { 120, "GSP error: the GPU System Processor firmware reported a fault",
      "reset the GPU or reboot the node; update the driver; contact "
      "support if it recurs" },
    { 121, "corrected error on the chip-to-chip (C2C) link",
      "watch the link; contact support if the rate grows" },
    { 122, "SPI PMU RPC read failure", "reset the GPU; contact support" },
    { 123, "SPI PMU RPC write failure", "reset the GPU; contact support" },
    { 124, "SPI PMU RPC erase failure", "reset the GPU; contact support" },
    { 125, "InfoROM file system failure", "reset the GPU; contact "
      "support" },
    { 136, "PCIe link or bus error reported by the GPU",
      "check PCIe health; reset the GPU" },
    { 137, "NVLink FLA privilege error: a fabric address access was "
           "refused, usually a misconfigured application or fabric",
      "restart the application; check fabric manager and IMEX setup" },
    { 140, "unrecovered ECC error: an uncorrectable memory error could "
           "not be recovered",
      "drain the GPU and reset it; replace it if it repeats" },
    { 143, "GPU initialisation failure", "reset the GPU or reboot the "
      "node; contact support if it fails again" },
    { 144, "NVLink SAW (switch/link agent) error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 145, "NVLink RLW (receive link) error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 146, "NVLink TLW (transmit link) error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 147, "NVLink TREX error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 148, "NVLink NVLPW control error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 149, "NVLink NETIR error: the link's network interface firmware "
           "reported a fault",
      "follow the recovery action the driver prints (Xid 154); check the "
      "NVLink fabric" },
    { 150, "NVLink MSE (management firmware) error",
      "reset the GPU; check the NVLink fabric; contact support if it "
      "repeats" },
    { 154, "GPU recovery action changed: the driver says what the GPU now "
           "needs (reset, node reboot, drain)",
      "do what the line asks (GPU reset, node reboot or drain and reset)" },
    { 155, "NVLink link down or degraded event",
      "check the NVLink fabric and fabric manager; reset the GPU" },
};

static int info_cmp(const void *key, const void *elem)
{
    int code = *(const int *)key;
    const struct xid_info *x = elem;

    return (code > x->code) - (code < x->code);
}

static const struct xid_info *find_info(int code)
{
    return bsearch(&code, xid_table, sizeof(xid_table) / sizeof(xid_table[0]),
                   sizeof(xid_table[0]), info_cmp);
}

const char *sb_xid_meaning(int code)
{
    const struct xid_info *x = find_info(code);

    return x ? x->meaning : NULL;
}

const char *sb_xid_action(int code)
{
    const struct xid_info *x = find_info(code);

    return x ? x->action : NULL;
}

/* The "Xid" token: not the tail of a longer word such as "SXid"
 * (NVSwitch errors, a different catalog). */
static const char *find_xid(const char *start, const char *end)
{
    const char *p;

    for (p = start; p + 3 <= end; p++) {
        if (p[0] != 'X' || p[1] != 'i' || p[2] != 'd')
            continue;
        if ((p + 3 < end && isalnum((unsigned char)p[3])) ||
            (p > start && isalnum((unsigned char)p[-1])))
            continue;
        return p;
    }
    return NULL;
}

static const char *skip_spaces(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Copies [p, q) into a fixed field, cutting what does not fit. */
static void copy_field(char *dst, size_t cap, const char *p, const char *q)
{
    size_t n = (size_t)(q - p);

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

/* "(PCI:0000:3b:00)" or "(0000:3b:00.0)": the address up to ')' */
static const char *parse_pci(const char *p, const char *end, char *pci,
                             size_t cap)
{
    const char *q;

    if (p >= end || *p != '(')
        return NULL;
    p++;
    if (end - p >= 4 && !memcmp(p, "PCI:", 4))
        p += 4;
    for (q = p; q < end && *q != ')'; q++)
        if (!isxdigit((unsigned char)*q) && *q != ':' && *q != '.')
            return NULL;
    if (q == end || q == p)
        return NULL;
    copy_field(pci, cap, p, q);
    return q + 1;
}

/* ", pid=1234" / ", pid='<unknown>'" / ", name=python" */
static const char *parse_kv(const char *p, const char *end, const char *key,
                            const char **val, const char **val_end)
{
    size_t klen = strlen(key);
    const char *q = skip_spaces(p, end);

    if (q < end && *q == ',')
        q = skip_spaces(q + 1, end);
    if ((size_t)(end - q) < klen || memcmp(q, key, klen))
        return NULL;
    q += klen;
    *val = q;
    while (q < end && *q != ',')
        q++;
    *val_end = q;
    return q;
}

static void strip_quotes(const char **p, const char **q)
{
    if (*q - *p >= 2 && ((**p == '\'' && (*q)[-1] == '\'') ||
                         (**p == '"' && (*q)[-1] == '"'))) {
        (*p)++;
        (*q)--;
    }
}

static void parse_pid_name(const char *p, const char *end, struct sb_xid *out)
{
    const char *v, *ve, *next;

    next = parse_kv(p, end, "pid=", &v, &ve);
    if (next) {
        strip_quotes(&v, &ve);
        if (ve > v && isdigit((unsigned char)*v)) {
            long pid = 0;

            while (v < ve && isdigit((unsigned char)*v) && pid < 1L << 30)
                pid = pid * 10 + (*v++ - '0');
            out->pid = (int)pid;
        }
        p = next;
    }
    next = parse_kv(p, end, "name=", &v, &ve);
    if (next) {
        strip_quotes(&v, &ve);
        if (!(ve - v == 9 && !memcmp(v, "<unknown>", 9)))
            copy_field(out->process, sizeof(out->process), v, ve);
        p = next;
    }
    p = skip_spaces(p, end);
    if (p < end && *p == ',')
        p = skip_spaces(p + 1, end);
    out->message = p;
}

bool sb_xid_parse_line(const char *line, size_t len, int year_hint,
                       struct sb_xid *out)
{
    const char *end = line + len, *x, *p;
    struct sb_logstamp st;
    size_t n;
    long code = 0;

    memset(out, 0, sizeof(*out));
    out->pid = -1;
    out->uptime = -1;
    if (!line)
        return false;
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    x = find_xid(line, end);
    if (!x)
        return false;
    p = parse_pci(skip_spaces(x + 3, end), end, out->pci, sizeof(out->pci));
    if (!p || p >= end || *p != ':')
        return false;
    p = skip_spaces(p + 1, end);
    if (p >= end || !isdigit((unsigned char)*p))
        return false;
    while (p < end && isdigit((unsigned char)*p) && code < 100000)
        code = code * 10 + (*p++ - '0');
    if (p < end && *p != ',' && *p != ' ')
        return false;
    out->code = (int)code;
    parse_pid_name(p, end, out);

    n = sb_logstamp_parse(line, (size_t)(x - line), year_hint, &st);
    memcpy(out->time, st.time, sizeof(out->time));
    out->uptime = st.uptime;
    /* "host kernel: [ 1234.5] NVRM: Xid": the uptime after a wall clock */
    for (p = line + n; out->uptime < 0 && p < x; p++)
        if (*p == '[' && sb_logstamp_uptime(p, (size_t)(x - p), &out->uptime))
            break;
    return true;
}
