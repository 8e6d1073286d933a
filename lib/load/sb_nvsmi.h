#ifndef SB_NVSMI_H
#define SB_NVSMI_H
/*
 * `nvidia-smi -q -x` output (the structured source of truth on a GPU node)
 * parsed into one record per GPU, across schema versions v10 to v13:
 *   - clock reasons under clocks_throttle_reasons (older) or
 *     clocks_event_reasons (newer);
 *   - power under power_readings (older) or gpu_power_readings (newer),
 *     with power_draw or instant/average_power_draw;
 *   - ECC counts as single_bit/double_bit totals (older) or as
 *     sram_/dram_ correctable/uncorrectable (newer);
 *   - slowdown/shutdown temperatures as absolute thresholds (older) or
 *     relative to T.Limit (driver 580 and later).
 * Any field may be missing or read "N/A", "[N/A]", "Not Supported",
 * "Unknown Error": such a field is absent (SB_NVSMI_NONE, NULL), never 0.
 * The parser reads no DTD and expands no entity: the input is untrusted.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_err.h"

#define SB_NVSMI_NONE (-1.0)    /* "not reported" for numbers below */
#define SB_NVSMI_MAX_BYTES (64u << 20)

struct sb_nvsmi_gpu {
    int index;                  /* position in the file: nvidia-smi's index */
    char *uuid, *serial, *pci_bus_id, *product;
    double temperature;         /* C */
    double temp_slowdown;       /* C; derived from T.Limit when only that */
    double temp_shutdown;       /* is printed */
    double power_draw, power_limit;   /* W */
    double utilization;         /* percent */
    double memory_used, memory_total; /* MiB */
    char *ecc_mode;             /* "Enabled" / "Disabled" */
    int64_t ecc_volatile_uncorrected;  /* -1 when not reported */
    int64_t ecc_aggregate_uncorrected;
    int64_t ecc_volatile_corrected;
    int64_t retired_pages;      /* single-bit + double-bit retirements */
    int remapped_rows_pending;  /* 1 yes, 0 no, -1 not reported */
    int remapped_rows_failure;
    char *throttle_reasons;     /* "gpu_idle,sw_power_cap", "" none active,
                                   NULL not reported */
    char *mig_mode;             /* current MIG mode */
    char *mig_devices;          /* JSON array, NULL when none */
    char *processes;            /* JSON array ("[]" when none listed) */
};

struct sb_nvsmi {
    char *driver_version, *cuda_version, *timestamp;
    struct sb_nvsmi_gpu *gpus;
    size_t n_gpus;
};

/* Parses 'xml' ('len' bytes, at most SB_NVSMI_MAX_BYTES). Returns 0 and
 * fills 'out' (release with sb_nvsmi_release), or SB_E_FORMAT with 'err'
 * naming 'file' and the line of the XML error, SB_E_TOOBIG, SB_E_NOMEM.
 * On failure 'out' is left empty. A document with no <gpu> is valid. */
int sb_nvsmi_parse(const char *xml, size_t len, const char *file,
                   struct sb_nvsmi *out, struct sb_err *err);

/* Frees what sb_nvsmi_parse filled and zeroes 'n'; twice is harmless. */
void sb_nvsmi_release(struct sb_nvsmi *n);

#endif
