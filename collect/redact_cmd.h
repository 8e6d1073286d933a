#ifndef COLLECT_REDACT_CMD_H
#define COLLECT_REDACT_CMD_H
/*
 * collect redact [--redact-pattern REGEX]... IN OUT: re-redacts a bundle
 * (an sbundle, a troubleshoot support bundle, a kubectl cluster-info
 * dump folder) into OUT with collect's rules. Exit status: 0 written,
 * 1 failed (nothing written), 2 usage.
 */
int redact_main(int argc, char **argv);    /* argv[0] is "redact" */

#endif
