#ifndef SB_EMBED_H
#define SB_EMBED_H
/*
 * Files compiled into the binaries at build time (cmake/embed.cmake):
 * schema/NNN_x.sql, reports/rules/x.sql and reports/templates/x, named by their
 * path in the source tree. A single binary thus works air-gapped.
 */
#include <stddef.h>

struct sb_embed_file {
    const char *name;   /* "reports/rules/pod_crashloop.sql" */
    const char *data;   /* NUL-terminated; 'len' excludes the NUL */
    size_t len;
};

/* The table, sorted by name, ended by a row whose name is NULL. */
extern const struct sb_embed_file sb_embed_files[];

/* The file called 'name', or NULL. The data is static: never freed. */
const struct sb_embed_file *sb_embed_find(const char *name);

#endif
