#ifndef SB_QUANTITY_H
#define SB_QUANTITY_H
/*
 * Kubernetes resource quantities ("500m", "16Gi", "1e3", "2k", "1.5") as
 * plain numbers, so SQL can compare and sum them: cpu in millicores,
 * everything else (memory, storage, counts) in base units (bytes, items).
 */
#include <stdbool.h>

/* Parses 'text' and stores its value in base units in 'out' ("500m" ->
 * 0.5, "16Gi" -> 17179869184, "2k" -> 2000, "1e3" -> 1000). Returns false
 * (and leaves 'out' untouched) for text that is not a quantity. */
bool sb_quantity_parse(const char *text, double *out);

/* Same, scaled for the resource it measures: "cpu" in millicores (x1000),
 * anything else unchanged. */
bool sb_quantity_parse_for(const char *resource, const char *text,
                           double *out);

#endif
