#ifndef SB_KPROTO_H
#define SB_KPROTO_H
/*
 * The little of Kubernetes' protobuf encoding a read-only server must
 * read: kubectl posts its auth can-i reviews as
 * "application/vnd.kubernetes.protobuf" (the 4-byte magic "k8s\0", then a
 * runtime.Unknown holding the TypeMeta and the object's bytes). Only the
 * fields of SelfSubjectAccessReview and SelfSubjectRulesReview specs are
 * read (authorization/v1 generated.proto); the rest is skipped.
 */
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* True when 'data' starts with the protobuf magic. */
bool sb_kproto_is_proto(const char *data, size_t len);

/*
 * The review in 'data' as the JSON object the API would have been sent:
 * {"kind", "apiVersion", "metadata": {}, "spec": {...}} with
 * resourceAttributes / nonResourceAttributes (access reviews) or
 * namespace (rules reviews). Caller frees. NULL when 'data' is not a
 * well-formed envelope of one of the two kinds (truncated, a varint past
 * 10 bytes, a length past the end, another kind) or out of memory.
 */
cJSON *sb_kproto_review(const char *data, size_t len);

#endif
