#ifndef SB_KJSON_H
#define SB_KJSON_H
/*
 * Reading Kubernetes objects' JSON the way kubectl's Go decoder sees them:
 * a member that is absent, JSON null or of another type is absent (Go
 * leaves the field at its zero value), never an error. Every getter
 * accepts a NULL or non-object 'o' and answers "absent".
 *
 * Two spellings of a place: 'key' is one member name, taken whole (label
 * keys hold dots: "app.kubernetes.io/name"); 'path' is member names joined
 * by '.' ("status.containerStatuses" -> status, then containerStatuses),
 * for fields whose names hold no dot. Paths do not index arrays.
 *
 * Every returned pointer is lent from 'o' and lives as long as it does.
 */
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* Member 'key' of object 'o'; NULL when absent, null, or 'o' no object. */
const cJSON *sb_kjson_get(const cJSON *o, const char *key);
/* The value at dotted 'path'; NULL as above at any step. */
const cJSON *sb_kjson_pget(const cJSON *o, const char *path);

/* The member's string (possibly ""), or NULL when absent or no string. */
const char *sb_kjson_str(const cJSON *o, const char *key);
const char *sb_kjson_pstr(const cJSON *o, const char *path);

/* The member when it is an object / an array, else NULL. */
const cJSON *sb_kjson_obj(const cJSON *o, const char *key);
const cJSON *sb_kjson_pobj(const cJSON *o, const char *path);
const cJSON *sb_kjson_arr(const cJSON *o, const char *key);

/* Elements of 'a' when it is an array, else 0. */
int sb_kjson_len(const cJSON *a);

/* A number as an integer: truncated toward zero, clamped to int64 (NaN
 * is 0). True when 'v' is a number, its value in *out. */
bool sb_kjson_num(const cJSON *v, int64_t *out);
/* The member's number as above, or 'def' when absent or no number. */
int64_t sb_kjson_int(const cJSON *o, const char *key, int64_t def);
int64_t sb_kjson_pint(const cJSON *o, const char *path, int64_t def);

/* True only when the member is JSON true. */
bool sb_kjson_true(const cJSON *o, const char *key);
bool sb_kjson_ptrue(const cJSON *o, const char *path);

#endif
