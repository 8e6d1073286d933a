#ifndef SB_XID_H
#define SB_XID_H
/*
 * NVIDIA Xid lines in kernel logs, in every format drivers and log
 * pipelines print them:
 *   [12345.678901] NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.
 *   Nov 23 10:02:11 gpu-7 kernel: NVRM: Xid (PCI:0000:3b:00.0): 48, ...
 *   2026-11-23T10:02:11.123456+00:00 gpu-7 kernel: [ ...] NVRM: Xid ...
 * The kernel log is the Xid history: the GPU exporter keeps only the last.
 *
 * The same module reads the other GPU lines of a kernel log (NVSwitch
 * SXid lines, a GPU that fell off the bus without an Xid number, a GPU
 * the driver could not initialise) and holds NVIDIA's Xid catalog, which
 * is data (reports/gpu/xid-catalog.txt, compiled in) read once, on first
 * use, into static storage: no call here allocates, and every call is
 * safe from any thread.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "sb_err.h"
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
    char recovery[24];      /* Xid 154 only: the recovery action the GPU
                               now needs (sb_xid_recovery), else "" */
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

/*
 * GPU events of a kernel log that are not Xid lines:
 *   nvidia-nvswitch3: SXid (PCI:0000:05:00.0): 12028, Non-fatal, Link 47 ...
 *                                          kind "sxid", code 12028
 *   NVRM: GPU 0000:3b:00.0: GPU has fallen off the bus.
 *                                          kind "fell-off-bus", code 0
 *   NVRM: GPU 0000:3b:00.0: RmInitAdapter failed! (0x25:0x65:1457)
 *                                          kind "init-failed", code 0
 * An Xid line ("NVRM: Xid (...): 79, ... fallen off the bus") is not one
 * of them: sb_xid_parse_line has it. 'fatal' is true for an SXid whose
 * line says "Fatal" (not "Non-fatal") and for the other two kinds.
 */
struct sb_gpu_event {
    const char *kind;       /* static: "sxid", "fell-off-bus", "init-failed",
                               "fabric-manager", "imex" */
    char pci[32];           /* as printed, "" when the line has none */
    int code;               /* the SXid number, else 0 */
    bool fatal;
    char time[SB_TIME_MAX]; /* as in struct sb_xid */
};

/* Returns true and fills 'out' when 'line' is one of the events above. */
bool sb_xid_parse_event(const char *line, size_t len, int year_hint,
                        struct sb_gpu_event *out);

/*
 * Fabric manager and IMEX error lines: the daemons' own logs
 *   [Jul 23 2024 07:53:55] [ERROR] [tid 841] detected NVSwitch fatal error
 *       20034 on fid 0 on NVSwitch pci bus id 00000000:86:00.0 ...
 * and their lines in a journal or syslog
 *   nv-fabricmanager[4177]: request to query NVSwitch device information
 *       from NVSwitch driver failed with error:... [NV_WARN_NOTHING_TO_DO]
 * 'origin' says which daemon wrote every line of the file; with
 * SB_FABRIC_ANY (a node log) the line must name it ("fabricmanager",
 * "nvidia-imex"). Only errors count: level ERROR or FATAL in the daemons'
 * format, words of failure ("fail", "error", "fatal") in other lines.
 *   kind "fabric-manager": fatal unless the line says "non-fatal" or
 *        names no failure; code: the NVSwitch error number, else 0; pci:
 *        the switch's address when the line has one
 *   kind "imex": fatal when the line says "fatal" or "fail"
 * The daemons' stamps carry no zone and are read as UTC.
 */
enum sb_fabric_origin { SB_FABRIC_ANY, SB_FABRIC_FM_LOG, SB_FABRIC_IMEX_LOG };

/* Returns true and fills 'out' when 'line' is one of the errors above. */
bool sb_xid_parse_fabric(const char *line, size_t len, int year_hint,
                         enum sb_fabric_origin origin,
                         struct sb_gpu_event *out);

/*
 * Xid 154's recovery action, from its message: "GPU recovery action
 * changed from 0x0 (None) to 0x2 (Node Reboot Required)" gives
 * "NODE_REBOOT". The names are the catalog's recovery records: NONE,
 * GPU_RESET, NODE_REBOOT, DRAIN_P2P, DRAIN_AND_RESET, BUS_RESET,
 * SYSTEM_REBOOT. Returns a static name, or NULL when the text names no
 * action this knows.
 */
const char *sb_xid_recovery(const char *msg, size_t len);

/* One code of NVIDIA's catalog. Every string is static, never NULL ("-"
 * for a cell NVIDIA left empty), except 'note' and 'note_action' (NULL
 * when we wrote none). */
struct sb_xid_info {
    int code;
    const char *mnemonic;       /* "ROBUST_CHANNEL_GPU_ECC_DBE" */
    const char *description;    /* "Double Bit ECC Error" */
    const char *applies;        /* "A100 H100 B100 GB200" or "-" */
    const char *immediate;      /* resolution bucket: "RESET_GPU" ... */
    const char *investigatory;
    const char *cls;            /* fatal | degraded | recovery | app |
                                   info | unused */
    const char *note;           /* our longer meaning */
    const char *note_action;
};

/* The catalog's entry for 'code', or NULL when the catalog lacks it. */
const struct sb_xid_info *sb_xid_info(int code);

/* The catalog's version text, and the number of codes it holds. */
const char *sb_xid_catalog_version(void);
int sb_xid_catalog_size(void);

/* Lines of the compiled-in catalog that could not be read (0 when it is
 * sound; a unit test holds it there), with the first such line's number
 * in 'first_bad' when not NULL. */
int sb_xid_catalog_errors(int *first_bad);

/* What a resolution bucket ("RESET_GPU") or a recovery action
 * ("NODE_REBOOT") asks for, as an action chain ("drain the GPU -> reset
 * it ..."): static text, or NULL for a name the catalog lacks.
 * sb_xid_recovery_class gives a recovery action's class (fatal,
 * degraded, info) or NULL. */
const char *sb_xid_bucket_chain(const char *bucket);
const char *sb_xid_recovery_chain(const char *action);
const char *sb_xid_recovery_class(const char *action);

/* NVIDIA's meaning and recommended action for an Xid code (static text),
 * or NULL for a code the catalog does not hold. The meaning is our note
 * where we wrote one, else the catalog's description; the action is
 * "BUCKET: chain" from the immediate bucket, then our note's words. */
const char *sb_xid_meaning(int code);
const char *sb_xid_action(int code);

/*
 * SQL functions for rules and the GPU fleet section, on 'db':
 *   xid_class(code)      the catalog class, or 'unknown'
 *   xid_bucket(code)     the immediate bucket, or NULL
 *   xid_describe(code)   the meaning, or "not in the catalog (VERSION)"
 *   xid_recovery(text)   Xid 154's recovery action named in 'text', or NULL
 *   xid_chain(name)      the chain of a bucket or recovery action, or NULL
 *   xid_recovery_class(name)  fatal | degraded | info, or NULL
 *   pci_key(text)        a PCI address as "0000:3b:00" (domain of four hex
 *                        digits, lower case, function dropped): nvidia-smi's
 *                        "00000000:3B:00.0" and the kernel's "0000:3b:00"
 *                        give the same key; NULL for what is not one
 * Returns 0, or SB_E_DB with 'err' set.
 */
int sb_xid_register_sql(sqlite3 *db, struct sb_err *err);

#endif
