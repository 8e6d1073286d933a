#include "sb_embed.h"

#include <string.h>

const struct sb_embed_file *sb_embed_find(const char *name)
{
    const struct sb_embed_file *f;

    for (f = sb_embed_files; f->name; f++)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}
