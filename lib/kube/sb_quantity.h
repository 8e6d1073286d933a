#ifndef SB_QUANTITY_H
#define SB_QUANTITY_H
/*
 * Kubernetes resource quantities ("500m", "16Gi", "1e3", "2k", "1.5") as
 * apimachinery's resource.Quantity parses, sums and prints them: the one
 * parser of the project. kubectl describe prints them exactly (sb_qty);
 * the loader stores them as plain numbers so SQL can compare and sum
 * them: cpu in millicores, everything else (memory, storage, counts) in
 * base units (bytes, items).
 */
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

enum sb_qty_format {
    SB_QTY_NONE,            /* the zero Quantity */
    SB_QTY_DECIMAL_SI,      /* "500m", "2k" */
    SB_QTY_BINARY_SI,       /* "16Gi" */
    SB_QTY_DECIMAL_EXP      /* "1e3" */
};

/* An exact quantity: nano units in 128 bits (up to 10^27 units). */
struct sb_qty {
    __int128 nano;          /* value in units of 10^-9, rounded up */
    enum sb_qty_format fmt; /* how String() prints it */
    bool bad;               /* unparseable: 'raw' prints as given */
    const char *raw;        /* lent: the text parsed, or NULL */
};
#define SB_QTY_ZERO { 0, SB_QTY_NONE, false, NULL }

/* ParseQuantity of 'text' (leading blanks skipped, as the JSON decoder
 * trims). False, and a zero 'bad' quantity that prints 'text', for what
 * is not a quantity or is past 10^27. */
bool sb_qty_parse(const char *text, struct sb_qty *q);
/* The same for a JSON value: a string, or a number (a hand-made bundle). */
bool sb_qty_parse_json(const cJSON *v, struct sb_qty *q);
/* Quantity.String(): canonical form ("500m", "1Gi", "0"). */
const char *sb_qty_str(const struct sb_qty *q, char buf[64]);
/* Quantity.Add: keeps the receiver's format unless it is zero; a bad
 * addend is skipped; the sum saturates at 10^27. */
void sb_qty_add(struct sb_qty *a, const struct sb_qty *b);
int sb_qty_cmp(const struct sb_qty *a, const struct sb_qty *b);
int64_t sb_qty_milli(const struct sb_qty *q);   /* MilliValue, rounded up */
int64_t sb_qty_value(const struct sb_qty *q);   /* Value, rounded up */

/* Parses 'text' and stores its value in base units in 'out' ("500m" ->
 * 0.5, "16Gi" -> 17179869184, "2k" -> 2000, "1e3" -> 1000). Returns false
 * (and leaves 'out' untouched) for text that is not a quantity. */
bool sb_quantity_parse(const char *text, double *out);

/* Same, scaled for the resource it measures: "cpu" in millicores (x1000),
 * anything else unchanged. */
bool sb_quantity_parse_for(const char *resource, const char *text,
                           double *out);

#endif
