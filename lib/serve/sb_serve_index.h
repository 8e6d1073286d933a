#ifndef SB_SERVE_INDEX_H
#define SB_SERVE_INDEX_H
/*
 * A bundle loaded into memory for serving: every object of
 * resources/<ns>/<plural>[.<group>].json grouped by (group, plural) and
 * sorted by "namespace/name" (the order the API server lists in, which
 * continue tokens rely on), each with its JSON text ready to send (in a
 * spool file, mapped, not parsed: see struct sb_sobj); the
 * files under logs/ and nodes/ as bytes sorted by path; what the
 * manifest says of the cluster and the collection time,
 * cluster/version.json and cluster/api-resources.json.
 *
 * cluster/api-resources.json is a JSON array of APIResourceList objects,
 * one per group version, as discovery serves them ("groupVersion": "v1" or
 * "apps/v1", "resources": [{"name", "singularName", "namespaced", "kind",
 * "verbs", "shortNames", "categories"}], subresources named "pods/log").
 * Resource files no list names get an entry made from their items (kind)
 * so that everything in the bundle can be served.
 *
 * Objects of other formats are mapped onto this layout (sb_bformat).
 *
 * Read-only once loaded, so any number of threads may read it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sb_buf.h"
#include "sb_err.h"

struct sb_ssplit;

/* One object. Only what lists, lookups and sorting need is in memory:
 * its key, namespace, name and where its JSON text lies; the text stays
 * in the spool (or the heap for an index built in memory) and a request
 * that reads fields (selectors, tables, logs) parses it then
 * (sb_sobj_parse). A cJSON tree costs about ten times its text, so
 * keeping every object's tree was most of serve's memory. */
struct sb_sobj {
    char *json;         /* compact JSON text, as cJSON_PrintUnformatted
                           writes the object, NUL-terminated; in the
                           mapped spool for a loaded bundle (read only:
                           never write through it); NULL until
                           sb_serve_index_finish */
    size_t len;
    uint64_t json_off;  /* in the spool; UINT64_MAX: 'json' is the heap's */
    char *key;          /* "ns/name", or "name" when cluster-scoped */
    const char *ns;     /* "" when cluster-scoped; the index's shared copy */
    const char *name;   /* points into 'key' */
    unsigned fix;       /* loader's: kind / apiVersion still to fill in */
};

struct sb_scoll {
    char *group;        /* "" for the core group */
    char *plural;
    struct sb_sobj *items;  /* sorted by key (an SB_ARRAY_GROW array) */
    size_t nitems, items_alloc;
};

/* A file of the bundle (a log, a node file). Loaded bundles keep the
 * bytes in a spool file on disk, mapped read-only, so a log costs memory
 * only while pages of it are being read (and the kernel may drop them);
 * blobs added with sb_serve_index_add_blob are held in memory. */
struct sb_sblob {
    char *path;         /* "logs/ml/train-0/main.log" */
    const char *data;   /* 'len' bytes, never NULL ("" when over the cap) */
    size_t len;
    uint64_t off;       /* in the spool; UINT64_MAX: 'data' is the heap's */
    uint64_t size;      /* the member's size, also when over the cap */
    bool over_cap;      /* larger than the index's member cap: not kept */
};

struct sb_serve_index {
    char *version_json;     /* the bundle's version file, else one made
                               from the newest kubelet, else gitVersion
                               "unknown": never a version it does not hold */
    cJSON *api_resources;   /* array of APIResourceList */
    char *cluster;          /* manifest "cluster", else the name an object
                               holds (sb_bformat_cluster_of), else the
                               input's file or folder name ("bundle" for
                               an index not loaded from a path) */
    int cluster_rank;       /* where 'cluster' came from: the manifest
                               outranks every sb_bformat_cluster_of rank */
    int64_t now;            /* collection end, epoch s: the manifest's or
                               must-gather's timestamp, else the newest
                               time in the objects, else load time */
    const char *format;     /* "sbundle", "troubleshoot", ... (static) */
    struct sb_scoll *colls; /* an SB_ARRAY_GROW array */
    size_t ncolls, colls_alloc;
    size_t coll_hint;       /* the loader's last collection */
    size_t *coll_slots;     /* colls by (group, plural): index + 1, 0
                               for an empty slot; open addressing */
    size_t coll_slots_cap;  /* a power of two, at least 2 x ncolls */
    struct sb_sblob *blobs; /* sorted by path (an SB_ARRAY_GROW array) */
    size_t nblobs, blobs_alloc;
    uint64_t member_max;    /* the cap on one member, bytes */
    int spool_fd;           /* -1 until a blob is spooled */
    uint64_t spool_len;
    void *map;              /* the spool, mapped once loaded */
    bool spool_objects;     /* objects' JSON text goes to the spool too */
    struct sb_ssplit *splits;   /* cluster-info dump logs.txt to split
                                   (SB_ARRAY_GROW; the loader's own) */
    size_t nsplits, splits_alloc;
    struct sb_buf wbuf;     /* spool bytes not yet written */
    struct sb_buf scratch;  /* the loader's print buffer: grown with
                               sb_buf_grow, written by cJSON past 'len'
                               (never read as a string) */
    char **keys;            /* interned namespaces of the objects */
    size_t nkeys, keys_cap; /* open addressing; cap a power of two */
};

struct sb_serve_index_opts {
    uint64_t member_max;    /* bytes; 0 = SB_SERVE_MEMBER_MAX. A larger
                               object member is not served (a warning
                               names it and the option); a larger log is
                               answered with an error naming the cap */
};
#define SB_SERVE_MEMBER_MAX ((uint64_t)512 << 20)

/* Loads 'path' (a tar.gz or a folder) through sb_bundle, in any format
 * sb_bformat knows: an sbundle bundle, a troubleshoot bundle, a kubectl
 * cluster-info dump or a must-gather / oc adm inspect folder; objects of
 * the other formats are filed under their kind's group and plural, their
 * logs under the paths an sbundle bundle uses. Returns 0 and *out (caller
 * frees with sb_serve_index_free), or a negative code with 'err' naming
 * the bundle and the member at fault: a bundle that cannot be read,
 * holds bad JSON, or holds nothing of any format is refused whole. */
int sb_serve_index_load(const char *path, struct sb_serve_index **out,
                        struct sb_err *err);

/* The same with options ('opts' may be NULL: the defaults). The spool is
 * an unlinked file in $TMPDIR (or /tmp): a failure to make or write it
 * is an error naming it. */
int sb_serve_index_load_opts(const char *path,
                             const struct sb_serve_index_opts *opts,
                             struct sb_serve_index **out,
                             struct sb_err *err);

void sb_serve_index_free(struct sb_serve_index *idx);   /* NULL is fine */

/* Number of collections and the i-th one (lent). */
size_t sb_serve_index_ncolls(const struct sb_serve_index *idx);
const struct sb_scoll *sb_serve_index_coll_at(
    const struct sb_serve_index *idx, size_t i);

/* The collection of (group, plural), NULL when the bundle has none. */
const struct sb_scoll *sb_serve_index_coll(const struct sb_serve_index *idx,
                                           const char *group,
                                           const char *plural);

size_t sb_scoll_count(const struct sb_scoll *c);
const struct sb_sobj *sb_scoll_at(const struct sb_scoll *c, size_t i);

/* The object's JSON parsed into a tree the caller frees with
 * cJSON_Delete; NULL when out of memory. Only for an object of a
 * finished index. */
cJSON *sb_sobj_parse(const struct sb_sobj *o);

/* The object 'name' in 'ns' ("" for cluster-scoped), or NULL. */
const struct sb_sobj *sb_scoll_find(const struct sb_scoll *c,
                                    const char *ns, const char *name);

/* Index of the first object whose key is >= 'key' (count if none). */
size_t sb_scoll_lower_bound(const struct sb_scoll *c, const char *key);

/* The file at 'path', or NULL. */
const struct sb_sblob *sb_serve_index_blob(const struct sb_serve_index *idx,
                                           const char *path);

/* Files whose path starts with 'prefix': sets *first and returns how many
 * (they are consecutive). */
size_t sb_serve_index_blobs(const struct sb_serve_index *idx,
                            const char *prefix, size_t *first);
const struct sb_sblob *sb_serve_index_blob_at(
    const struct sb_serve_index *idx, size_t i);

/* The APIResourceList entry (a "resources" element) for plural in
 * group/version, or NULL. 'group' "" is the core group. */
const cJSON *sb_serve_index_restype(const struct sb_serve_index *idx,
                                    const char *group, const char *version,
                                    const char *plural);

/* Adds one object to the index (used by the loader, and by tests and
 * fuzzers that build an index in memory). Takes ownership of 'obj' even
 * on failure. 'ns' is the bundle folder's namespace ("" or "_cluster" for
 * cluster-scoped), filled into metadata.namespace when missing. */
int sb_serve_index_add(struct sb_serve_index *idx, const char *group,
                       const char *plural, const char *ns, cJSON *obj,
                       struct sb_err *err);

/* An empty index (for tests); sb_serve_index_finish sorts and fills in
 * what loading would (api-resources for collections it does not name). */
struct sb_serve_index *sb_serve_index_new(void);
int sb_serve_index_add_blob(struct sb_serve_index *idx, const char *path,
                            const char *data, size_t len,
                            struct sb_err *err);
int sb_serve_index_finish(struct sb_serve_index *idx, struct sb_err *err);

#endif
