#ifndef SB_REDACT_BUNDLE_H
#define SB_REDACT_BUNDLE_H
/*
 * Re-redacting a bundle another run or another tool wrote (collect
 * redact IN OUT): every member of 'in' that sb_bundle can read (an
 * sbundle, a troubleshoot support bundle .tar.gz or folder, a kubectl
 * cluster-info dump folder) goes through the same rules as collect's
 * (JSON members as API objects, the rest as text) into a new .tar.gz
 * 'out' with the same paths, plus a manifest.json whose "redactions"
 * counts this run's masks ("redacted_from" names the input). An
 * sbundle's own manifest is carried over with its counts replaced.
 */
#include "sb_err.h"
#include "sb_redact.h"

/* Returns 0 with 'out' written, or SB_E_* with 'err' naming the file or
 * member; a failed run leaves no 'out'. */
int sb_redact_bundle(const char *in, const char *out, struct sb_redactor *r,
                     struct sb_err *err);

#endif
