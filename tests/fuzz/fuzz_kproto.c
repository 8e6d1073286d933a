/*
 * Fuzz harness for the protobuf reviews kubectl posts (sb_kproto): the
 * input is the request body as received. The result, when there is one,
 * is also turned into JSON text and freed. Only crashes, sanitizer
 * reports and leaks count.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sb_kproto.h"

#define MAX_INPUT (64 * 1024)   /* what sb_serve keeps of a body */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *j;
    char *s;

    if (size > MAX_INPUT)
        return 0;
    j = sb_kproto_review((const char *)data, size);
    s = j ? cJSON_PrintUnformatted(j) : NULL;
    free(s);
    cJSON_Delete(j);
    return 0;
}
