/*
 * libFuzzer harness for kernel log lines: the time stamp reader, the
 * Xid parser, the SXid / lost-GPU event parser, the fabric manager and
 * IMEX error parser (each origin) and Xid 154's recovery action reader, over each line of the input and over the input as one line
 * (no NUL at its end: the parsers must stay within 'len').
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sb_logstamp.h"
#include "sb_xid.h"

#define FUZZ_MAX (64u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size, *nl;
    struct sb_logstamp st;
    struct sb_xid x;
    struct sb_gpu_event e;

    if (size > FUZZ_MAX)
        return 0;
    if (sb_xid_parse_line(p, size, 2026, &x) &&
        (x.message < p || x.message > end))
        __builtin_trap();
    sb_logstamp_parse(p, size, 0, &st);
    sb_xid_parse_event(p, size, 2026, &e);
    sb_xid_parse_fabric(p, size, 2026, SB_FABRIC_ANY, &e);
    sb_xid_recovery(p, size);
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        sb_xid_parse_line(p, (size_t)(nl - p), 0, &x);
        sb_xid_parse_event(p, (size_t)(nl - p), 0, &e);
        sb_xid_parse_fabric(p, (size_t)(nl - p), 0, SB_FABRIC_FM_LOG, &e);
        sb_xid_parse_fabric(p, (size_t)(nl - p), 0, SB_FABRIC_IMEX_LOG, &e);
        sb_xid_parse_fabric(p, (size_t)(nl - p), 0, SB_FABRIC_ANY, &e);
        sb_logstamp_parse(p, (size_t)(nl - p), 2026, &st);
        p = nl + 1;
    }
    return 0;
}
