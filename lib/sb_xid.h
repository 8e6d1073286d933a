#ifndef SB_XID_H
#define SB_XID_H
/*
 * NVIDIA Xid lines in kernel logs, in every format drivers and log
 * pipelines print them:
 *   [12345.678901] NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.
 *   Nov 23 10:02:11 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00.0): 48, ...
 *   2026-11-23T10:02:11.123456+00:00 gpu-7 kernel: [ ...] NVRM: Xid ...
 * The kernel log is the Xid history: the GPU exporter keeps only the last.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_time.h"

struct sb_xid {
    char pci[32];           /* "0000:3b:00" or "0000:3b:00.0", as printed */
    int code;               /* the Xid number */
    int pid;                /* -1 when absent */
    char process[64];       /* "" when absent */
    char time[SB_TIME_MAX]; /* UTC RFC 3339 when the line has a wall-clock
                               stamp (syslog stamps take 'year_hint'),
                               "" when it has only seconds since boot */
    double uptime;          /* "[12345.678901]" seconds, -1 when absent */
    const char *message;    /* points into the line: the text after the
                               code and its pid=/name= fields; it runs to
                               line + len (line end excluded), so it ends
                               in a NUL only when the line does */
};

/* Parses one line ('line' need not end in a NUL; a trailing "\n" is
 * ignored). Returns true and fills 'out' when it is an Xid line; "SXid"
 * (NVSwitch) lines are not. Syslog and dmesg -T stamps carry no zone and
 * are read as UTC (sb_logstamp.h). 'year_hint' <= 0 means this year. */
bool sb_xid_parse_line(const char *line, size_t len, int year_hint,
                       struct sb_xid *out);

/* NVIDIA's meaning and recommended action for an Xid code (static text),
 * or NULL for a code it does not know. */
const char *sb_xid_meaning(int code);
const char *sb_xid_action(int code);

#endif
