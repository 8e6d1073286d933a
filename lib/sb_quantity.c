#include "sb_quantity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct suffix {
    const char *text;
    double factor;
};

/* longest first within a letter, so "Ki" is tried before "k" is not
 * confused: the table is matched exactly against the whole suffix */
static const struct suffix suffixes[] = {
    { "",   1.0 },
    { "n",  1e-9 }, { "u", 1e-6 }, { "m", 1e-3 },
    { "k",  1e3 },  { "M", 1e6 },  { "G", 1e9 },
    { "T",  1e12 }, { "P", 1e15 }, { "E", 1e18 },
    { "Ki", 1024.0 },
    { "Mi", 1048576.0 },
    { "Gi", 1073741824.0 },
    { "Ti", 1099511627776.0 },
    { "Pi", 1125899906842624.0 },
    { "Ei", 1152921504606846976.0 },
};

bool sb_quantity_parse(const char *text, double *out)
{
    const char *p = text, *num_end;
    char *end;
    double v;
    size_t i;

    if (!text || !*text)
        return false;
    /* strtod accepts hex, inf and nan, which Kubernetes does not: check
     * the characters first */
    if (*p == '+' || *p == '-')
        p++;
    if (!((*p >= '0' && *p <= '9') || *p == '.'))
        return false;
    while ((*p >= '0' && *p <= '9') || *p == '.')
        p++;
    num_end = p;
    if ((*p == 'e' || *p == 'E') &&
        ((p[1] >= '0' && p[1] <= '9') ||
         ((p[1] == '+' || p[1] == '-') && p[2] >= '0' && p[2] <= '9'))) {
        p += 2;
        while (*p >= '0' && *p <= '9')
            p++;
        num_end = p;
    }
    v = strtod(text, &end);
    if (end != num_end || !isfinite(v))
        return false;
    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        if (strcmp(num_end, suffixes[i].text) == 0) {
            *out = v * suffixes[i].factor;
            return true;
        }
    }
    return false;
}

bool sb_quantity_parse_for(const char *resource, const char *text,
                           double *out)
{
    double v;

    if (!sb_quantity_parse(text, &v))
        return false;
    if (resource && strcmp(resource, "cpu") == 0)
        v *= 1000.0;
    *out = v;
    return true;
}
