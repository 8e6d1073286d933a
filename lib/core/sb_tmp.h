#ifndef SB_TMP_H
#define SB_TMP_H
/*
 * Where sbundle puts its temporary files: analyze's database and its log
 * side file, serve's spool, collect's list spool, the folder a
 * cluster-info dump is laid out in, serve's default kubeconfig. One
 * place decides, so that every one of them follows the user's $TMPDIR
 * the same way (an empty $TMPDIR counts as unset, as in mktemp(1)).
 */

/* $TMPDIR when it is set and not empty, else "/tmp". The string is the
 * environment's or static: never freed, valid until the environment
 * changes. */
const char *sb_tmpdir(void);

#endif
