#include "sb_tmp.h"

#include <stdlib.h>

const char *sb_tmpdir(void)
{
    const char *dir = getenv("TMPDIR");

    return dir && *dir ? dir : "/tmp";
}
