#ifndef SB_LOAD_YAML_H
#define SB_LOAD_YAML_H
/*
 * The loader's YAML reader, public because analyze serve reads the same
 * YAML members (troubleshoot and must-gather bundles hold YAML) and must
 * read them exactly as the loader does.
 */
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sb_err.h"

/* Parses YAML (one or more documents) into a cJSON array of the
 * documents' roots; NULL with 'err' set on bad YAML or past the nesting
 * limit. Caller frees with cJSON_Delete. */
cJSON *sb_load_yaml_parse(const char *file, const char *data, size_t len,
                          struct sb_err *err);

#endif
